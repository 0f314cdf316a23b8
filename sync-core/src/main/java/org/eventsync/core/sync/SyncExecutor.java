package org.eventsync.core.sync;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.eventsync.core.CalendarEntry;
import org.eventsync.core.InvalidEventException;
import org.eventsync.core.SourceEvent;
import org.eventsync.core.port.EventSink;
import org.eventsync.core.port.EventSource;
import org.eventsync.core.port.ImportOutcome;
import org.eventsync.core.port.ItemFailedException;
import org.eventsync.core.port.ItemProblem;
import org.eventsync.core.port.SideUnavailableException;
import org.eventsync.core.port.UidUnavailableException;

/**
 * Carries out a plan through the ports, one action at a time. Each action updates the state record
 * of its own uid only when it succeeds, so the state after any failure or interruption still
 * describes both sides truthfully and the next run can trust it.
 */
final class SyncExecutor {

  /** How many uids one publication may try before it counts as failed. */
  private static final int MAX_UID_RENEWALS = 3;

  private final EventSource source;
  private final EventSink sink;
  private final SyncListener listener;
  private final BooleanSupplier stopRequested;
  private final Map<Action.Import, ImportOutcome> imported = new HashMap<>();

  SyncExecutor(
      EventSource source, EventSink sink, SyncListener listener, BooleanSupplier stopRequested) {
    this.source = source;
    this.sink = sink;
    this.listener = listener;
    this.stopRequested = stopRequested;
  }

  /**
   * Runs {@code plan}. {@code state} starts as the last run's records and receives each successful
   * action's record; a failed action leaves its uid's record as it was.
   */
  Outcome execute(SyncPlan plan, SyncState previous, Map<String, SyncRecord> state) {
    List<Action> done = new ArrayList<>();
    List<ItemProblem> failed = new ArrayList<>();
    int total = plan.actions().size();
    try {
      importAll(plan.actions());
    } catch (SideUnavailableException e) {
      throw new Interrupted(new Outcome(done, failed, true), e);
    }
    for (Action action : plan.actions()) {
      if (stopRequested.getAsBoolean()) {
        return new Outcome(done, failed, true);
      }
      SyncRecord before = previous.get(action.uid()).orElse(SyncRecord.empty());
      try {
        Applied after = apply(action, before);
        // An action may move its event to a new uid (see UidGenerations); the record moves too.
        state.remove(action.uid());
        if (!after.record().isEmpty()) {
          state.put(after.uid(), after.record());
        }
        done.add(action);
        listener.done(action, done.size() + failed.size(), total);
      } catch (SideUnavailableException e) {
        throw new Interrupted(new Outcome(done, failed, true), e);
      } catch (ItemFailedException | InvalidEventException e) {
        fail(action, e.getMessage(), failed);
      } catch (RuntimeException e) {
        // Whatever else one item meets (an adapter's bug, a value no rule foresaw) fails that
        // item alone: the run goes on and its state is saved.
        fail(action, "failed unexpectedly (" + e + ")", failed);
      }
    }
    return new Outcome(done, failed, false);
  }

  private void fail(Action action, String why, List<ItemProblem> failed) {
    ItemProblem problem = new ItemProblem(action.describe(), why);
    failed.add(problem);
    listener.failed(action, problem);
  }

  private Applied apply(Action action, SyncRecord r) {
    if (action instanceof Action.Publish a) {
      return a.underNextUid()
          ? publish(underNextUid(a.item()), r.forNextUid())
          : publish(a.item(), r);
    }
    if (action instanceof Action.Republish a) {
      return remember(r, a.item(), sink.update(a.current(), a.item().event()));
    }
    if (action instanceof Action.Unpublish a) {
      if (a.item().isEmpty()) {
        sink.delete(a.current());
        return new Applied(action.uid(), r.withoutSource().withoutCalendar());
      }
      SourceEvent item = a.item().get();
      return hide(item, a.current(), r.withSource(item.id(), item.event().contentHash(), item.approved()));
    }
    if (action instanceof Action.Import a) {
      ImportOutcome outcome = imported.get(a);
      if (outcome.problem().isPresent()) {
        throw new ItemFailedException(outcome.problem().get());
      }
      SourceEvent item = outcome.stored().orElseThrow();
      if (!a.thenHide()) {
        return remember(SyncRecord.empty(), item, a.entry());
      }
      // Hidden only after the import is stored: a failure here leaves both copies, never none.
      return hide(item, a.entry(), SyncRecord.empty().withSource(item.id(), item.event().contentHash(), false));
    }
    if (action instanceof Action.UpdateSource a) {
      return remember(r, source.update(a.item(), a.from().event()), a.from());
    }
    if (action instanceof Action.DeleteSource a) {
      source.delete(a.item());
      return new Applied(action.uid(), SyncRecord.empty());
    }
    throw new IllegalStateException("unknown action " + action);
  }

  /**
   * Creates the item's calendar object. A uid the calendar keeps for a deleted object (Nextcloud's
   * trash bin) is given up for the item's next one, stored with the item before it is used.
   */
  private Applied publish(SourceEvent item, SyncRecord r) {
    for (int attempt = 1; ; attempt++) {
      try {
        return remember(r, item, sink.create(item.event()));
      } catch (UidUnavailableException e) {
        if (attempt == MAX_UID_RENEWALS) {
          throw e;
        }
        item = underNextUid(item);
        listener.note("item " + item.id() + " is published under the new uid " + item.uid()
            + ": " + e.getMessage());
      }
    }
  }

  /**
   * Removes the calendar copy of an item that lives on. The item first gets its next uid, so that
   * publishing it again never reuses this one; if the removal then fails, the copy left under the
   * old uid is recognised as superseded (see SyncPlanner) and removed by the next run.
   */
  private Applied hide(SourceEvent item, CalendarEntry copy, SyncRecord r) {
    SourceEvent renewed = underNextUid(item);
    sink.delete(copy);
    return new Applied(renewed.uid(), r.forNextUid());
  }

  /** Moves an item to its next uid (see UidGenerations), stored in the source before it is used. */
  private SourceEvent underNextUid(SourceEvent item) {
    return source.reassignUid(item, UidGenerations.next(item.uid()));
  }

  /** Imports every calendar-born event of the plan in one batch: sources stay few requests. */
  private void importAll(List<Action> actions) {
    List<Action.Import> imports = new ArrayList<>();
    for (Action action : actions) {
      if (action instanceof Action.Import i) {
        imports.add(i);
      }
    }
    if (imports.isEmpty() || stopRequested.getAsBoolean()) {
      return;
    }
    List<ImportOutcome> outcomes =
        source.importEvents(imports.stream().map(i -> i.entry().event()).toList());
    if (outcomes.size() != imports.size()) {
      throw new IllegalStateException(
          "the source answered " + outcomes.size() + " outcomes for " + imports.size() + " imports");
    }
    for (int i = 0; i < imports.size(); i++) {
      imported.put(imports.get(i), outcomes.get(i));
    }
  }

  private static Applied remember(SyncRecord r, SourceEvent item, CalendarEntry entry) {
    return new Applied(
        entry.uid(),
        r.withSource(item.id(), item.event().contentHash(), item.approved())
            .withCalendar(entry.href(), entry.event().contentHash()));
  }

  /** The record an action leaves, under the uid its event has afterwards. */
  private record Applied(String uid, SyncRecord record) {}

  record Outcome(List<Action> done, List<ItemProblem> failed, boolean interrupted) {}

  /** A side became unavailable part-way; carries what was done until then. */
  static final class Interrupted extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Outcome outcome;

    Interrupted(Outcome outcome, SideUnavailableException cause) {
      super(cause.getMessage(), cause);
      this.outcome = outcome;
    }

    Outcome outcome() {
      return outcome;
    }

    SideUnavailableException side() {
      return (SideUnavailableException) getCause();
    }
  }
}
