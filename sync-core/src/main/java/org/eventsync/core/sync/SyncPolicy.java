package org.eventsync.core.sync;

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
 * @param acceptCalendarEdits copy a calendar edit of a published event into its source item when
 *     the item did not change since the last run (default: no, the approved version is put back)
 */
public record SyncPolicy(
    boolean hidePending,
    boolean importCalendarEdits,
    boolean deletePendingOnCalendarDelete,
    boolean clean,
    double maxDeleteShare,
    boolean force,
    boolean acceptCalendarEdits) {

  /** Below this many calendar events the mass-deletion guard stays quiet. */
  static final int GUARD_MINIMUM = 10;

  public SyncPolicy {
    if (!(maxDeleteShare >= 0.0 && maxDeleteShare <= 1.0)) {
      throw new IllegalArgumentException("maxDeleteShare must be between 0 and 1: " + maxDeleteShare);
    }
  }

  /**
   * The original tool's behaviour; change it with the {@code with…} methods, one named choice at a
   * time: {@code SyncPolicy.defaults().withHidePending(true).withMaxDeleteShare(0.2)}.
   */
  public static SyncPolicy defaults() {
    return new SyncPolicy(false, false, false, false, 0.5, false, false);
  }

  public SyncPolicy withHidePending(boolean value) {
    return new SyncPolicy(
        value, importCalendarEdits, deletePendingOnCalendarDelete, clean, maxDeleteShare, force,
        acceptCalendarEdits);
  }

  public SyncPolicy withImportCalendarEdits(boolean value) {
    return new SyncPolicy(
        hidePending, value, deletePendingOnCalendarDelete, clean, maxDeleteShare, force,
        acceptCalendarEdits);
  }

  public SyncPolicy withDeletePendingOnCalendarDelete(boolean value) {
    return new SyncPolicy(hidePending, importCalendarEdits, value, clean, maxDeleteShare, force,
        acceptCalendarEdits);
  }

  public SyncPolicy withClean(boolean value) {
    return new SyncPolicy(
        hidePending, importCalendarEdits, deletePendingOnCalendarDelete, value, maxDeleteShare,
        force, acceptCalendarEdits);
  }

  public SyncPolicy withMaxDeleteShare(double value) {
    return new SyncPolicy(
        hidePending, importCalendarEdits, deletePendingOnCalendarDelete, clean, value, force,
        acceptCalendarEdits);
  }

  public SyncPolicy withForce(boolean value) {
    return new SyncPolicy(
        hidePending, importCalendarEdits, deletePendingOnCalendarDelete, clean, maxDeleteShare,
        value, acceptCalendarEdits);
  }

  public SyncPolicy withAcceptCalendarEdits(boolean value) {
    return new SyncPolicy(
        hidePending, importCalendarEdits, deletePendingOnCalendarDelete, clean, maxDeleteShare,
        force, value);
  }
}
