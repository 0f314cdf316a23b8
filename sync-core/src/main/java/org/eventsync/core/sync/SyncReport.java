package org.eventsync.core.sync;

import java.time.Duration;
import java.util.List;
import org.eventsync.core.port.ItemProblem;

/**
 * What a run did.
 *
 * @param plan what it planned
 * @param inSync how many events needed no write: the plan's in-sync records, or the saved state's
 *     when the run proved agreement without listing (its plan then holds none)
 * @param calendarCreated whether the run created the missing calendar
 * @param done the actions that succeeded
 * @param failed one line per action that failed
 * @param interrupted whether a stop request ended the run before every action ran
 * @param dryRun whether the plan was only printed
 * @param duration how long the run took
 */
public record SyncReport(
    SyncPlan plan,
    int inSync,
    boolean calendarCreated,
    List<Action> done,
    List<ItemProblem> failed,
    boolean interrupted,
    boolean dryRun,
    Duration duration) {

  public SyncReport {
    done = List.copyOf(done);
    failed = List.copyOf(failed);
  }

  /** How many actions of one kind succeeded. */
  public long count(Action.Kind kind) {
    return done.stream().filter(a -> a.kind() == kind).count();
  }

  /**
   * Whether some items could not be written, or could not be read and no earlier run said so of
   * the same version.
   */
  public boolean partial() {
    return !failed.isEmpty() || !plan.newProblems().isEmpty();
  }

  /** Whether the run was refused before writing anything. */
  public boolean refused() {
    return plan.refusal().isPresent();
  }
}
