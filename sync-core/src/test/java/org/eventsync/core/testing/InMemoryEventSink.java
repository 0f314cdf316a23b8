package org.eventsync.core.testing;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.eventsync.core.CalendarEntry;
import org.eventsync.core.Event;
import org.eventsync.core.port.ConflictException;
import org.eventsync.core.port.EventSink;
import org.eventsync.core.port.ItemFailedException;
import org.eventsync.core.port.Listing;
import org.eventsync.core.port.UidUnavailableException;

/**
 * A CalDAV calendar stand-in in memory, with the semantics that matter: etags that change on
 * every write, conditional writes that fail with {@link ConflictException}, and at most one object
 * per uid (like Nextcloud).
 */
public final class InMemoryEventSink implements EventSink {

  private final Map<String, CalendarEntry> objects = new TreeMap<>();
  /** How Nextcloud's trash bin gets in the way, depending on its version. */
  public enum TrashBin {
    NONE,
    /** A deleted object's uid cannot be created again: 400 (nextcloud/server#30096). */
    REFUSES_UID,
    /** A file name deleted once cannot be deleted again: 403 (nextcloud/server#42582). */
    REFUSES_SECOND_DELETE
  }

  /** Uids and hrefs of deleted objects. */
  private final Set<String> trash = new HashSet<>();
  private TrashBin trashBin = TrashBin.NONE;
  private boolean exists;
  private int version;
  private Faults faults = Faults.none();

  public synchronized void faults(Faults value) {
    faults = value;
  }

  public synchronized void trashBin(TrashBin value) {
    trashBin = value;
  }

  public synchronized boolean exists() {
    return exists;
  }

  /** A person adds an event in the calendar app. */
  public synchronized CalendarEntry type(Event event) {
    exists = true;
    CalendarEntry entry = new CalendarEntry("/cal/" + event.uid() + ".ics", etag(), event);
    objects.put(entry.href(), entry);
    return entry;
  }

  /** A person edits an event in the calendar app. */
  public synchronized void edit(String href, Event content) {
    CalendarEntry e = objects.get(href);
    objects.put(href, new CalendarEntry(href, etag(), content.withUid(e.uid())));
  }

  public synchronized void remove(String href) {
    trash(objects.remove(href));
  }

  public synchronized List<CalendarEntry> all() {
    return new ArrayList<>(objects.values());
  }

  public synchronized Optional<CalendarEntry> byUid(String uid) {
    return objects.values().stream().filter(e -> e.uid().equals(uid)).findFirst();
  }

  @Override
  public synchronized CalendarState prepare(boolean mayCreate) {
    if (exists) {
      return CalendarState.EXISTS;
    }
    if (!mayCreate) {
      return CalendarState.MISSING;
    }
    exists = true;
    return CalendarState.CREATED;
  }

  /** The whole content: it changes exactly when a listing would. */
  @Override
  public synchronized Optional<String> version() {
    StringBuilder all = new StringBuilder();
    objects.values().forEach(c -> all.append(c.href()).append(' ').append(c.etag()).append(' ')
        .append(c.event()).append(' ').append(c.event().contentHash()).append('\n'));
    return Optional.of(all.toString());
  }

  @Override
  public synchronized Listing<CalendarEntry> list() {
    return Listing.of(all());
  }

  @Override
  public synchronized CalendarEntry create(Event event) {
    faults.beforeWrite();
    String href = "/cal/" + event.uid() + ".ics";
    if (objects.containsKey(href) || byUid(event.uid()).isPresent()) {
      throw new ConflictException("exists");
    }
    if (trashBin == TrashBin.REFUSES_UID && trash.contains(event.uid())) {
      throw new UidUnavailableException("Deleted calendar object with uid already exists");
    }
    CalendarEntry entry = new CalendarEntry(href, etag(), event);
    objects.put(href, entry);
    return entry;
  }

  @Override
  public synchronized CalendarEntry update(CalendarEntry current, Event event) {
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
  public synchronized void delete(CalendarEntry current) {
    faults.beforeWrite();
    CalendarEntry now = objects.get(current.href());
    if (now != null && !now.etag().equals(current.etag())) {
      throw new ConflictException("412");
    }
    if (trashBin == TrashBin.REFUSES_SECOND_DELETE && now != null && trash.contains(current.href())) {
      throw new ItemFailedException(current.href() + "-deleted.ics already exists (403)");
    }
    trash(objects.remove(current.href()));
  }

  /** A person empties the trash bin (the remedy for the 403). */
  public synchronized void emptyTrash() {
    trash.clear();
  }

  private void trash(CalendarEntry deleted) {
    if (deleted != null) {
      trash.add(deleted.uid());
      trash.add(deleted.href());
    }
  }

  private Optional<String> etag() {
    return Optional.of("\"" + (++version) + "\"");
  }
}
