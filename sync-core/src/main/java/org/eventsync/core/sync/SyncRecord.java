package org.eventsync.core.sync;

import java.util.Optional;

/**
 * What the last run saw of one event (one uid), on both sides. It lets the planner tell "changed
 * here" from "changed there" and "deleted" from "never existed".
 *
 * @param sourceId the source item's id, if the item existed
 * @param sourceHash the content hash the source held: it tells "edited in the calendar" from
 *     "changed in Directus" when the two sides differ, so that the log line says what happened
 * @param href the calendar object's href, if it existed
 * @param calendarHash the content hash the calendar held
 * @param everApproved whether the item was ever approved: a calendar-born event that was approved
 *     and then un-approved has been rejected by a moderator
 * @param everInCalendar whether the calendar ever held an object under this uid: publishing it
 *     again must use the item's next uid, which no trash bin holds
 */
public record SyncRecord(
    Optional<String> sourceId,
    Optional<String> sourceHash,
    Optional<String> href,
    Optional<String> calendarHash,
    boolean everApproved,
    boolean everInCalendar) {

  public SyncRecord {
    sourceId = orEmpty(sourceId);
    sourceHash = orEmpty(sourceHash);
    href = orEmpty(href);
    calendarHash = orEmpty(calendarHash);
  }

  static SyncRecord empty() {
    return new SyncRecord(
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), false, false);
  }

  SyncRecord withSource(String id, String hash, boolean approved) {
    return new SyncRecord(
        Optional.of(id), Optional.of(hash), href, calendarHash, everApproved || approved,
        everInCalendar);
  }

  SyncRecord withoutSource() {
    return new SyncRecord(
        Optional.empty(), Optional.empty(), href, calendarHash, everApproved, everInCalendar);
  }

  SyncRecord withCalendar(String newHref, String hash) {
    return new SyncRecord(
        sourceId, sourceHash, Optional.of(newHref), Optional.of(hash), everApproved, true);
  }

  SyncRecord withoutCalendar() {
    return new SyncRecord(
        sourceId, sourceHash, Optional.empty(), Optional.empty(), everApproved, everInCalendar);
  }

  /** The record for the item's next uid, which no calendar object has had yet. */
  SyncRecord forNextUid() {
    return new SyncRecord(
        sourceId, sourceHash, Optional.empty(), Optional.empty(), everApproved, false);
  }

  boolean isEmpty() {
    return sourceId.isEmpty() && href.isEmpty();
  }

  private static Optional<String> orEmpty(Optional<String> value) {
    return value == null ? Optional.empty() : value;
  }
}
