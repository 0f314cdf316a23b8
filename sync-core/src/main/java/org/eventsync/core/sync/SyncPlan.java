package org.eventsync.core.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.eventsync.core.port.ItemProblem;
import org.eventsync.core.port.SyncRecord;

/**
 * What a run will do, computed without touching either side: the actions, the items it leaves
 * alone on purpose (with reasons), the items it could not read, and the state records of the
 * events already in sync. A plan can be printed ({@code --dry-run}) and compared in tests.
 *
 * @param createCalendar whether the calendar is missing and will be created
 * @param actions the writes, sources first, so that an interrupted run has stored every import
 *     before it publishes anything
 * @param skips items left alone, with the reason
 * @param problems items a side could not read, including those an earlier run found unchanged
 *     ({@link ItemProblem#repeated}); {@link #newProblems} are the others
 * @param inSync state records for the events needing no write
 * @param refusal why the plan must not run (the mass-deletion guard), if it must not
 * @param awaitingModeration how many source items are not approved, when the run listed the
 *     source (a run that proved agreement without listing does not know)
 */
public record SyncPlan(
    boolean createCalendar,
    List<Action> actions,
    List<ItemProblem> skips,
    List<ItemProblem> problems,
    Map<String, SyncRecord> inSync,
    Optional<String> refusal,
    OptionalInt awaitingModeration) {

  public SyncPlan {
    actions = List.copyOf(actions);
    skips = List.copyOf(skips);
    problems = List.copyOf(problems);
    inSync = Map.copyOf(inSync);
    refusal = refusal == null ? Optional.empty() : refusal;
    awaitingModeration = awaitingModeration == null ? OptionalInt.empty() : awaitingModeration;
  }

  /** Whether running this plan would write nothing. */
  public boolean isEmpty() {
    return !createCalendar && actions.isEmpty();
  }

  /** The problems no earlier run found in the same version of their item: to be said now. */
  public List<ItemProblem> newProblems() {
    return problems.stream().filter(p -> !p.repeated()).toList();
  }

  /** How many actions of one kind the plan holds. */
  public long count(Action.Kind kind) {
    return actions.stream().filter(a -> a.kind() == kind).count();
  }

  /** The plan as lines a person reads, one per action, skip and problem. */
  public List<String> describe() {
    List<String> lines = new ArrayList<>();
    refusal.ifPresent(r -> lines.add("REFUSED: " + r));
    if (createCalendar) {
      lines.add("create the calendar");
    }
    actions.forEach(a -> lines.add(a.describe()));
    skips.forEach(s -> lines.add("skip " + s));
    problems.forEach(p -> lines.add("unreadable " + p));
    if (lines.isEmpty()) {
      lines.add("nothing to do: the source and the calendar agree");
    }
    return lines;
  }
}
