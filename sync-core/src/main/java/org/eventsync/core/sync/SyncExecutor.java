package org.eventsync.core.sync;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.eventsync.core.CalendarEntry;
import org.eventsync.core.InvalidEventException;
import org.eventsync.core.SourceEvent;
import org.eventsync.core.port.EventSink;
import org.eventsync.core.port.EventSource;
import org.eventsync.core.port.ImportOutcome;
import org.eventsync.core.port.ItemFailedException;
import org.eventsync.core.port.ItemProblem;
import org.eventsync.core.port.ProposalsUnavailableException;
import org.eventsync.core.port.SideUnavailableException;
import org.eventsync.core.port.SyncRecord;
import org.eventsync.core.port.UidUnavailableException;

/**
 * Carries out a plan through the ports. Source actions go one at a time, first; calendar actions
 * then go with up to {@code concurrency} in flight (1: one at a time), each action's own steps in
 * order. Each action that succeeds records itself in the {@link NextState}; a failed one leaves
 * its uid's record as it was. A stop request or a side that becomes unavailable lets the actions
 * in flight finish and starts no more, so the state saved afterwards describes both sides.
 */
final class SyncExecutor {

  /** How many uids one publication may try before it counts as failed. */
  private static final int MAX_UID_RENEWALS = 3;

  private final EventSource source;
  private final EventSink sink;
  private final SyncListener listener;
  private final BooleanSupplier stopRequested;
  private final int concurrency;
  private final Map<Action.Import, ImportOutcome> imported = new HashMap<>();

  SyncExecutor(EventSource source, EventSink sink, SyncListener listener,
      BooleanSupplier stopRequested, int concurrency) {
    this.source = source;
    this.sink = sink;
    this.listener = listener;
    this.stopRequested = stopRequested;
    this.concurrency = concurrency;
  }

  /** Runs {@code plan}; each action that succeeds records itself in {@code next}. */
  Outcome execute(SyncPlan plan, NextState next) {
    Progress progress = new Progress(plan.actions().size());
    try {
      importAll(plan.actions());
    } catch (SideUnavailableException e) {
      throw new Interrupted(progress.outcome(true), e);
    }
    List<Action> calendarActions = new ArrayList<>();
    for (Action action : plan.actions()) {
      if (action.side() == Action.Side.CALENDAR) {
        calendarActions.add(action);
        continue;
      }
      if (stopRequested.getAsBoolean()) {
        return progress.outcome(true);
      }
      try {
        runOne(action, next, progress);
      } catch (SideUnavailableException e) {
        throw new Interrupted(progress.outcome(true), e);
      }
    }
    return inParallel(calendarActions, next, progress);
  }

  /** Runs {@code actions} with up to {@code concurrency} in flight. */
  private Outcome inParallel(List<Action> actions, NextState next, Progress progress) {
    int threads = Math.min(concurrency, Math.max(1, actions.size()));
    ExecutorService writers = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "sync-writer");
      t.setDaemon(true);
      return t;
    });
    Semaphore slots = new Semaphore(threads);
    AtomicReference<SideUnavailableException> lost = new AtomicReference<>();
    AtomicReference<Error> fatal = new AtomicReference<>();
    boolean stopped = false;
    try {
      for (Action action : actions) {
        slots.acquireUninterruptibly();
        if (lost.get() != null || fatal.get() != null || stopRequested.getAsBoolean()) {
          slots.release();
          stopped = true;
          break;
        }
        writers.execute(() -> {
          try {
            runOne(action, next, progress);
          } catch (SideUnavailableException e) {
            lost.compareAndSet(null, e);
          } catch (Error e) {
            fatal.compareAndSet(null, e); // goes up as it would from one thread: nothing is saved
          } finally {
            slots.release();
          }
        });
      }
    } finally {
      // The actions in flight finish before the state is saved: none is left half-recorded.
      slots.acquireUninterruptibly(threads);
      writers.shutdown();
    }
    if (fatal.get() != null) {
      throw fatal.get();
    }
    if (lost.get() != null) {
      throw new Interrupted(progress.outcome(true), lost.get());
    }
    return progress.outcome(stopped);
  }

  /** One action: recorded when it succeeds, reported when it fails; a lost side goes up. */
  private void runOne(Action action, NextState next, Progress progress) {
    try {
      apply(action, next.before(action.uid()), next);
      progress.done(action);
    } catch (SideUnavailableException e) {
      throw e;
    } catch (ItemFailedException | InvalidEventException e) {
      progress.failed(action, e.getMessage());
    } catch (ProposalsUnavailableException e) {
      progress.failed(action, "cannot be proposed (" + e.getMessage() + "); the calendar keeps"
          + " the change until it can be");
    } catch (RuntimeException e) {
      // Whatever else one item meets (an adapter's bug, a value no rule foresaw) fails that
      // item alone: the run goes on and its state is saved.
      progress.failed(action, "failed unexpectedly (" + e + ")");
    }
  }

  /** What was done and what failed so far, told to the listener one action at a time. */
  private final class Progress {
    private final int total;
    private final List<Action> done = new ArrayList<>();
    private final List<ItemProblem> failed = new ArrayList<>();

    Progress(int total) {
      this.total = total;
    }

    synchronized void done(Action action) {
      done.add(action);
      listener.done(action, done.size() + failed.size(), total);
    }

    synchronized void failed(Action action, String why) {
      ItemProblem problem = new ItemProblem(action.describe(), why);
      failed.add(problem);
      listener.failed(action, problem);
    }

    synchronized Outcome outcome(boolean interrupted) {
      return new Outcome(List.copyOf(done), List.copyOf(failed), interrupted);
    }
  }

  private void apply(Action action, SyncRecord r, NextState next) {
    String uid = action.uid();
    if (action instanceof Action.Publish a) {
      // A proposal is stored before the calendar write it goes with: if it cannot be, the
      // person's change stays as it is and the next run tries again.
      a.proposal().ifPresent(source::propose);
      if (a.underNextUid()) {
        publish(uid, underNextUid(a.item()), NextState.unspent(r), next);
      } else {
        publish(uid, a.item(), r, next);
      }
    } else if (action instanceof Action.Republish a) {
      a.proposal().ifPresent(source::propose);
      SourceEvent item = a.taken().isPresent() ? source.update(a.item(), a.taken().get()) : a.item();
      next.agreed(uid, r, item, sink.update(a.current(), item.event()));
    } else if (action instanceof Action.Unpublish a && a.item().isEmpty()) {
      sink.delete(a.current());
      next.gone(uid);
    } else if (action instanceof Action.Unpublish a) {
      hide(uid, r, a.item().get(), a.current(), next);
    } else if (action instanceof Action.Import a) {
      ImportOutcome outcome = imported.get(a);
      if (outcome.problem().isPresent()) {
        throw new ItemFailedException(outcome.problem().get());
      }
      SourceEvent item = outcome.stored().orElseThrow();
      if (a.thenHide()) {
        // Hidden only after the import is stored: a failure here leaves both copies, never none.
        hide(uid, SyncRecord.empty(), item, a.entry(), next);
      } else {
        next.agreed(uid, SyncRecord.empty(), item, a.entry());
      }
    } else if (action instanceof Action.UpdateSource a) {
      next.agreed(uid, r, source.update(a.item(), a.from().event()), a.from());
    } else if (action instanceof Action.DeleteSource a) {
      source.delete(a.item());
      next.gone(uid);
    } else {
      throw new IllegalStateException("unknown action " + action);
    }
  }

  /**
   * Creates the item's calendar object. A uid the calendar keeps for a deleted object (Nextcloud's
   * trash bin) is given up for the item's next one, stored with the item before it is used.
   */
  private void publish(String uid, SourceEvent item, SyncRecord r, NextState next) {
    for (int attempt = 1; ; attempt++) {
      try {
        next.agreed(uid, r, item, sink.create(item.event()));
        return;
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
  private void hide(String uid, SyncRecord r, SourceEvent item, CalendarEntry copy, NextState next) {
    SourceEvent renewed = underNextUid(item);
    sink.delete(copy);
    next.hidden(uid, r, item, renewed.uid());
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
