package org.eventsync.core.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.eventsync.core.CalendarEntry;
import org.eventsync.core.Event;
import org.eventsync.core.port.ConflictException;
import org.eventsync.core.port.EventSink;
import org.eventsync.core.port.Listing;

/**
 * A CalDAV calendar stand-in in memory, with the semantics that matter: etags that change on
 * every write, conditional writes that fail with {@link ConflictException}, and at most one object
 * per uid (like Nextcloud).
 */
public final class InMemoryEventSink implements EventSink {

  private final Map<String, CalendarEntry> objects = new TreeMap<>();
  private boolean exists;
  private int version;
  private Faults faults = Faults.none();

  public void faults(Faults value) {
    faults = value;
  }

  public boolean exists() {
    return exists;
  }

  /** A person adds an event in the calendar app. */
  public CalendarEntry type(Event event) {
    exists = true;
    CalendarEntry entry = new CalendarEntry("/cal/" + event.uid() + ".ics", etag(), event);
    objects.put(entry.href(), entry);
    return entry;
  }

  /** A person edits an event in the calendar app. */
  public void edit(String href, Event content) {
    CalendarEntry e = objects.get(href);
    objects.put(href, new CalendarEntry(href, etag(), content.withUid(e.uid())));
  }

  public void remove(String href) {
    objects.remove(href);
  }

  public List<CalendarEntry> all() {
    return new ArrayList<>(objects.values());
  }

  public Optional<CalendarEntry> byUid(String uid) {
    return objects.values().stream().filter(e -> e.uid().equals(uid)).findFirst();
  }

  @Override
  public CalendarState prepare(boolean mayCreate) {
    if (exists) {
      return CalendarState.EXISTS;
    }
    if (!mayCreate) {
      return CalendarState.MISSING;
    }
    exists = true;
    return CalendarState.CREATED;
  }

  @Override
  public Listing<CalendarEntry> list() {
    return Listing.of(all());
  }

  @Override
  public CalendarEntry create(Event event) {
    faults.beforeWrite();
    String href = "/cal/" + event.uid() + ".ics";
    if (objects.containsKey(href) || byUid(event.uid()).isPresent()) {
      throw new ConflictException("exists");
    }
    CalendarEntry entry = new CalendarEntry(href, etag(), event);
    objects.put(href, entry);
    return entry;
  }

  @Override
  public CalendarEntry update(CalendarEntry current, Event event) {
    faults.beforeWrite();
    CalendarEntry now = objects.get(current.href());
    if (now == null || !now.etag().equals(current.etag())) {
      throw new ConflictException("412");
    }
    CalendarEntry entry = new CalendarEntry(current.href(), etag(), event);
    objects.put(current.href(), entry);
    return entry;
  }

  @Override
  public void delete(CalendarEntry current) {
    faults.beforeWrite();
    CalendarEntry now = objects.get(current.href());
    if (now != null && !now.etag().equals(current.etag())) {
      throw new ConflictException("412");
    }
    objects.remove(current.href());
  }

  private Optional<String> etag() {
    return Optional.of("\"" + (++version) + "\"");
  }
}
