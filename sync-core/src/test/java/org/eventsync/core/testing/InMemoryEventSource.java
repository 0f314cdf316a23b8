package org.eventsync.core.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.eventsync.core.Event;
import org.eventsync.core.Origin;
import org.eventsync.core.SourceEvent;
import org.eventsync.core.port.EventSource;
import org.eventsync.core.port.ItemFailedException;
import org.eventsync.core.port.Listing;

/** A Directus stand-in in memory: items by id, uids minted as {@code mem-ID@source}. */
public final class InMemoryEventSource implements EventSource {

  private final Map<Integer, SourceEvent> items = new TreeMap<>();
  private int nextId = 1;
  private Faults faults = Faults.none();

  public synchronized void faults(Faults value) {
    faults = value;
  }

  /** An editor creates an item in Directus; returns its id. */
  public synchronized String add(Event content, boolean approved) {
    String id = String.valueOf(nextId++);
    Event event = content.withUid("mem-" + id + "@source");
    items.put(Integer.valueOf(id), new SourceEvent(id, event, approved, Origin.SOURCE));
    return id;
  }

  public synchronized void approve(String id, boolean approved) {
    SourceEvent s = get(id).orElseThrow();
    items.put(Integer.valueOf(id), new SourceEvent(id, s.event(), approved, s.origin()));
  }

  public synchronized void edit(String id, Event content) {
    SourceEvent s = get(id).orElseThrow();
    items.put(
        Integer.valueOf(id),
        new SourceEvent(id, content.withUid(s.uid()), s.approved(), s.origin()));
  }

  public synchronized void remove(String id) {
    items.remove(Integer.valueOf(id));
  }

  public synchronized Optional<SourceEvent> get(String id) {
    return Optional.ofNullable(items.get(Integer.valueOf(id)));
  }

  public synchronized List<SourceEvent> all() {
    return new ArrayList<>(items.values());
  }

  /** The whole content: it changes exactly when a listing would. */
  @Override
  public synchronized Optional<String> version() {
    StringBuilder all = new StringBuilder();
    items.values().forEach(s -> all.append(s.id()).append(' ').append(s.approved()).append(' ')
        .append(s.origin()).append(' ').append(s.uid()).append(' ')
        .append(s.event().contentHash()).append('\n'));
    return Optional.of(all.toString());
  }

  @Override
  public synchronized Listing<SourceEvent> list() {
    return Listing.of(all());
  }

  @Override
  public synchronized boolean mintedUid(String uid) {
    return uid.startsWith("mem-") && uid.endsWith("@source");
  }

  @Override
  public synchronized SourceEvent importEvent(Event event) {
    faults.beforeWrite();
    // Like the unique ical_uid field in Directus: one item per calendar uid.
    if (items.values().stream().anyMatch(s -> s.uid().equals(event.uid()))) {
      throw new ItemFailedException("RECORD_NOT_UNIQUE ical_uid " + event.uid());
    }
    String id = String.valueOf(nextId++);
    SourceEvent stored = new SourceEvent(id, event, false, Origin.CALENDAR);
    items.put(Integer.valueOf(id), stored);
    return stored;
  }

  @Override
  public synchronized SourceEvent update(SourceEvent current, Event content) {
    faults.beforeWrite();
    SourceEvent s = get(current.id()).orElseThrow(() -> new ItemFailedException("gone"));
    SourceEvent stored =
        new SourceEvent(s.id(), content.withUid(s.uid()), s.approved(), s.origin());
    items.put(Integer.valueOf(s.id()), stored);
    return stored;
  }

  @Override
  public synchronized SourceEvent reassignUid(SourceEvent current, String uid) {
    faults.beforeWrite();
    SourceEvent s = get(current.id()).orElseThrow(() -> new ItemFailedException("gone"));
    if (items.values().stream().anyMatch(other -> other.uid().equals(uid))) {
      throw new ItemFailedException("RECORD_NOT_UNIQUE ical_uid " + uid);
    }
    SourceEvent stored = new SourceEvent(s.id(), s.event().withUid(uid), s.approved(), s.origin());
    items.put(Integer.valueOf(s.id()), stored);
    return stored;
  }

  @Override
  public synchronized void delete(SourceEvent current) {
    faults.beforeWrite();
    items.remove(Integer.valueOf(current.id()));
  }
}
