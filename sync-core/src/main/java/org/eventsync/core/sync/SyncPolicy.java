package org.eventsync.core.sync;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.eventsync.core.EventFields;

/**
 * The choices a deployment makes about the rules. The defaults keep the original tool's behaviour.
 *
 * @param hidePending remove calendar-born events from the calendar while they await moderation
 *     (default: keep them, they are what a person typed)
 * @param importCalendarEdits copy calendar edits of a pending calendar-born event into the source
 *     (default: no, moderated content is never overwritten from the calendar)
 * @param deletePendingOnCalendarDelete delete the pending source item when its calendar event is
 *     deleted (default: no)
 * @param clean remove calendar events that have no counterpart in the source instead of importing
 * @param maxDeleteShare the largest share of the calendar one run may delete without {@code force}
 * @param force allow a run to delete more than {@code maxDeleteShare}
 * @param calendarEdits what a calendar edit or deletion of a published event does (default:
 *     {@link CalendarEdits#IGNORE}, the approved version is put back)
 * @param fieldEdits what a calendar edit of one field does, for the fields ({@link
 *     EventFields#NAMES}) that do not follow {@code calendarEdits}
 */
public record SyncPolicy(
    boolean hidePending,
    boolean importCalendarEdits,
    boolean deletePendingOnCalendarDelete,
    boolean clean,
    double maxDeleteShare,
    boolean force,
    CalendarEdits calendarEdits,
    Map<String, CalendarEdits> fieldEdits) {

  /** What a person's change in the calendar to a published event does. */
  public enum CalendarEdits {
    /** The approved version is put back (said in the log); a deleted event is published again. */
    IGNORE,
    /**
     * An edit is copied into the source item, which stays approved, when the item did not change
     * since the last run (when both changed, the approved version wins); a deletion is ignored.
     */
    ACCEPT,
    /**
     * The edit or deletion becomes a proposal in the source for a moderator to accept or reject
     * ({@link org.eventsync.core.port.EventSource#propose}); meanwhile the calendar shows the
     * approved version.
     */
    PROPOSE
  }

  /** Below this many calendar events the mass-deletion guard stays quiet. */
  static final int GUARD_MINIMUM = 10;

  public SyncPolicy {
    Objects.requireNonNull(calendarEdits, "calendarEdits");
    // Sorted: the policy's text is part of a run's versions, and must not change between runs.
    fieldEdits = Collections.unmodifiableMap(new TreeMap<>(fieldEdits));
    for (String field : fieldEdits.keySet()) {
      if (!EventFields.NAMES.contains(field)) {
        throw new IllegalArgumentException("no event field '" + field + "'; the fields are "
            + String.join(", ", EventFields.NAMES));
      }
    }
    if (!(maxDeleteShare >= 0.0 && maxDeleteShare <= 1.0)) {
      throw new IllegalArgumentException("maxDeleteShare must be between 0 and 1: " + maxDeleteShare);
    }
  }

  /**
   * The original tool's behaviour; change it with the {@code with…} methods, one named choice at a
   * time: {@code SyncPolicy.defaults().withHidePending(true).withMaxDeleteShare(0.2)}.
   */
  public static SyncPolicy defaults() {
    return new SyncPolicy(false, false, false, false, 0.5, false, CalendarEdits.IGNORE, Map.of());
  }

  public SyncPolicy withHidePending(boolean value) {
    return new SyncPolicy(
        value, importCalendarEdits, deletePendingOnCalendarDelete, clean, maxDeleteShare, force,
        calendarEdits, fieldEdits);
  }

  public SyncPolicy withImportCalendarEdits(boolean value) {
    return new SyncPolicy(
        hidePending, value, deletePendingOnCalendarDelete, clean, maxDeleteShare, force,
        calendarEdits, fieldEdits);
  }

  public SyncPolicy withDeletePendingOnCalendarDelete(boolean value) {
    return new SyncPolicy(hidePending, importCalendarEdits, value, clean, maxDeleteShare, force,
        calendarEdits, fieldEdits);
  }

  public SyncPolicy withClean(boolean value) {
    return new SyncPolicy(
        hidePending, importCalendarEdits, deletePendingOnCalendarDelete, value, maxDeleteShare,
        force, calendarEdits, fieldEdits);
  }

  public SyncPolicy withMaxDeleteShare(double value) {
    return new SyncPolicy(
        hidePending, importCalendarEdits, deletePendingOnCalendarDelete, clean, value, force,
        calendarEdits, fieldEdits);
  }

  public SyncPolicy withForce(boolean value) {
    return new SyncPolicy(
        hidePending, importCalendarEdits, deletePendingOnCalendarDelete, clean, maxDeleteShare,
        value, calendarEdits, fieldEdits);
  }

  /** Whether any calendar change is proposed to moderators (of the whole event or a field). */
  public boolean proposes() {
    return calendarEdits == CalendarEdits.PROPOSE || fieldEdits.containsValue(CalendarEdits.PROPOSE);
  }

  /** What a calendar edit of {@code field} does: its own policy, else the whole event's. */
  public CalendarEdits calendarEdits(String field) {
    return fieldEdits.getOrDefault(field, calendarEdits);
  }

  public SyncPolicy withFieldEdits(Map<String, CalendarEdits> value) {
    return new SyncPolicy(
        hidePending, importCalendarEdits, deletePendingOnCalendarDelete, clean, maxDeleteShare,
        force, calendarEdits, value);
  }

  public SyncPolicy withCalendarEdits(CalendarEdits value) {
    return new SyncPolicy(
        hidePending, importCalendarEdits, deletePendingOnCalendarDelete, clean, maxDeleteShare,
        force, value, fieldEdits);
  }
}
