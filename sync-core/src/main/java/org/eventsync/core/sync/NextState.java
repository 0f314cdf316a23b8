package org.eventsync.core.sync;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.eventsync.core.CalendarEntry;
import org.eventsync.core.SourceEvent;
import org.eventsync.core.port.SyncRecord;
import org.eventsync.core.port.SyncState;

/**
 * The state a run leaves behind, and the one place that says how what a run saw or did becomes a
 * record. It starts as the plan's records of the events in sync plus the last run's records of
 * the planned ones; each action that succeeds replaces its uid's record, so after any failure or
 * interruption the state still describes both sides truthfully. Actions running in parallel
 * record themselves here one at a time.
 */
final class NextState {

  private final SyncState previous;
  private final Map<String, SyncRecord> records;

  NextState(SyncPlan plan, SyncState previous) {
    this.previous = previous;
    this.records = new TreeMap<>(plan.inSync());
    for (Action action : plan.actions()) {
      previous.get(action.uid()).ifPresent(r -> records.put(action.uid(), r));
    }
  }

  /** The last run's record of {@code uid}, or the empty one. */
  SyncRecord before(String uid) {
    return previous.get(uid).orElse(SyncRecord.empty());
  }

  /** After a write that left the item and its calendar object in agreement. */
  synchronized void agreed(String uid, SyncRecord before, SourceEvent item, CalendarEntry entry) {
    replace(uid, entry.uid(), seen(before, Optional.of(item), Optional.of(entry)));
  }

  /** After a write that left neither side holding the event. */
  synchronized void gone(String uid) {
    records.remove(uid);
  }

  /**
   * After the calendar copy of a living item was removed: the item now holds {@code renewedUid},
   * which no calendar object has had.
   */
  synchronized void hidden(String uid, SyncRecord before, SourceEvent item, String renewedUid) {
    replace(uid, renewedUid, unspent(seen(before, Optional.of(item), Optional.empty())));
  }

  /** The state to save, for {@code pair}, with the versions at which the sides agreed if they did. */
  synchronized SyncState toState(Optional<String> pair, Optional<String> agreement) {
    return new SyncState(records, pair, agreement);
  }

  /** What a run remembers of an event it saw as {@code s} and {@code c}, after record {@code r}. */
  static SyncRecord seen(SyncRecord r, Optional<SourceEvent> s, Optional<CalendarEntry> c) {
    Optional<String> sourceHash = s.map(item -> item.event().contentHash());
    // Sides in agreement mostly hold equal values: one hash is then enough for both.
    boolean equal = s.isPresent() && c.isPresent() && s.get().event().equals(c.get().event());
    Optional<String> calendarHash = equal ? sourceHash : c.map(e -> e.event().contentHash());
    boolean agree = equal || (sourceHash.isPresent() && sourceHash.equals(calendarHash));
    SyncRecord seen = new SyncRecord(
        s.map(SourceEvent::id),
        sourceHash,
        c.map(CalendarEntry::href),
        calendarHash,
        r.everApproved() || s.map(SourceEvent::approved).orElse(false),
        r.uidSpent() || c.isPresent(),
        agree ? s.map(SourceEvent::event) : r.base());
    // Mostly nothing changed: the last run's record is kept, so a run holds each record once.
    return seen.equals(r) ? r : seen;
  }

  /** The record carried to an item's next uid, which no calendar object has had yet. */
  static SyncRecord unspent(SyncRecord r) {
    return new SyncRecord(r.sourceId(), r.sourceHash(), Optional.empty(), Optional.empty(),
        r.everApproved(), false, Optional.empty());
  }

  private void replace(String uid, String newUid, SyncRecord record) {
    records.remove(uid);
    if (!record.isEmpty()) {
      records.put(newUid, record);
    }
  }
}
