package org.eventsync.core.port;

import java.util.Optional;
import org.eventsync.core.Event;

/**
 * What the last run saw of one event (one uid), on both sides. It lets the planner tell "changed
 * here" from "changed there" and "deleted" from "never existed".
 *
 * @param sourceId the source item's id, if the item existed
 * @param sourceHash the content hash the source held: it tells "edited in the calendar" from
 *     "changed in the source" when the two sides differ, so that the log line says what happened
 * @param href the calendar object's href, if it existed
 * @param calendarHash the content hash the calendar held
 * @param everApproved whether the item was ever approved: a calendar-born event that was approved
 *     and then un-approved has been rejected by a moderator
 * @param uidSpent whether a calendar object has ever had this uid, even if it is gone now: the
 *     calendar may keep it in a trash bin, so publishing the event again must use its next uid
 * @param base the event both sides held when a run last saw them agree: against it, a field
 *     changed on one side is told from a field changed on the other (a three-way merge)
 */
public record SyncRecord(
    Optional<String> sourceId,
    Optional<String> sourceHash,
    Optional<String> href,
    Optional<String> calendarHash,
    boolean everApproved,
    boolean uidSpent,
    Optional<Event> base) {

  public SyncRecord {
    sourceId = orEmpty(sourceId);
    sourceHash = orEmpty(sourceHash);
    href = orEmpty(href);
    calendarHash = orEmpty(calendarHash);
    base = orEmpty(base);
  }

  /** The record of a uid no run has seen. */
  public static SyncRecord empty() {
    return new SyncRecord(
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), false, false,
        Optional.empty());
  }

  /** Whether neither side holds the event, so nothing needs remembering. */
  public boolean isEmpty() {
    return sourceId.isEmpty() && href.isEmpty();
  }

  private static <T> Optional<T> orEmpty(Optional<T> value) {
    return value == null ? Optional.empty() : value;
  }
}
