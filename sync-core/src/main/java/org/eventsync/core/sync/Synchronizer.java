package org.eventsync.core.sync;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.eventsync.core.CalendarEntry;
import org.eventsync.core.port.EventSink;
import org.eventsync.core.port.EventSink.CalendarState;
import org.eventsync.core.port.EventSource;
import org.eventsync.core.port.ItemProblem;
import org.eventsync.core.port.Listing;
import org.eventsync.core.port.ProposalsUnavailableException;
import org.eventsync.core.port.SideUnavailableException;
import org.eventsync.core.port.SyncState;
import org.eventsync.core.port.SyncStateStore;

/**
 * One sync between a source and a calendar: find the calendar, list both sides, plan, write, save
 * the state. This is the engine's entry point for embedders.
 */
public final class Synchronizer {

  private final EventSource source;
  private final EventSink sink;
  private final SyncStateStore store;
  private final SyncPolicy policy;
  private final SyncListener listener;
  private final int writeConcurrency;

  public Synchronizer(
      EventSource source,
      EventSink sink,
      SyncStateStore store,
      SyncPolicy policy,
      SyncListener listener) {
    this.source = Objects.requireNonNull(source, "source");
    this.sink = Objects.requireNonNull(sink, "sink");
    this.store = Objects.requireNonNull(store, "store");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.writeConcurrency = 1;
  }

  private Synchronizer(Synchronizer base, int writeConcurrency) {
    this.source = base.source;
    this.sink = base.sink;
    this.store = base.store;
    this.policy = base.policy;
    this.listener = base.listener;
    this.writeConcurrency = writeConcurrency;
  }

  /**
   * A copy that writes to the calendar with up to {@code concurrency} writes in flight (1, the
   * default, writes one at a time). Both sides' adapters must then accept calls from several
   * threads, and the calendar is found while the source is asked for its version. Source
   * writes stay one at a time, before the calendar's.
   */
  public Synchronizer withWriteConcurrency(int concurrency) {
    if (concurrency < 1) {
      throw new IllegalArgumentException("write concurrency must be at least 1: " + concurrency);
    }
    return new Synchronizer(this, concurrency);
  }

  /** Plans without writing anything, not even a missing calendar or the state. */
  public SyncReport dryRun() {
    long started = System.nanoTime();
    return prepare(false, true).report(List.of(), List.of(), false, true, started);
  }

  /**
   * Runs a sync. {@code stopRequested} is asked between actions, so a stop finishes the current
   * item, saves the state and returns a report marked interrupted.
   *
   * @throws SideUnavailableException when a side cannot be used; what was done is saved first
   */
  public SyncReport run(BooleanSupplier stopRequested) {
    return run(stopRequested, true);
  }

  /**
   * Runs a sync that lists both sides even when their versions say nothing changed since they
   * last agreed: for a long-running process that reconciles now and then, in case a side's
   * version missed a change.
   */
  public SyncReport reconcile(BooleanSupplier stopRequested) {
    return run(stopRequested, false);
  }

  private SyncReport run(BooleanSupplier stopRequested, boolean mayProve) {
    long started = System.nanoTime();
    Prepared prepared = prepare(true, mayProve);
    SyncPlan plan = prepared.plan;
    if (plan.refusal().isPresent()) {
      return prepared.report(List.of(), List.of(), false, false, started);
    }
    NextState next = new NextState(plan, prepared.previous);
    if (plan.actions().isEmpty()) {
      if (!prepared.proved) {
        store.save(next.toState(pair(), prepared.agreement()));
      }
      return prepared.report(List.of(), List.of(), false, false, started);
    }
    listener.phase("writing " + plan.actions().size() + " changes");
    SyncExecutor executor =
        new SyncExecutor(source, sink, listener, stopRequested, writeConcurrency);
    SyncExecutor.Outcome outcome;
    try {
      outcome = executor.execute(plan, next);
    } catch (SyncExecutor.Interrupted e) {
      store.save(next.toState(pair(), Optional.empty()));
      throw e.side();
    }
    store.save(next.toState(pair(), Optional.empty()));
    flush();
    return prepared.report(outcome.done(), outcome.failed(), outcome.interrupted(), false, started);
  }

  /** Lets the sides keep their caches; a failure here only costs the next run some reading. */
  private void flush() {
    try {
      source.flush();
      sink.flush();
    } catch (SideUnavailableException e) {
      listener.phase("caches not updated (" + e.getMessage() + "); the next run reads more");
    }
  }

  private Prepared prepare(boolean mayWrite, boolean mayProve) {
    listener.phase("finding the calendar");
    Supplier<CalendarState> found = findCalendar(mayWrite);
    boolean proposalsTaken;
    Optional<String> sourceVersion;
    try {
      proposalsTaken = policy.proposes() && carryOutDecisions(mayWrite);
      // Asked on every run, before any listing: a side may answer list() from what version() read.
      listener.phase("asking both sides for their version");
      sourceVersion = source.version();
    } catch (RuntimeException e) {
      try {
        found.get();
      } catch (RuntimeException calendar) {
        calendar.addSuppressed(e);
        throw calendar; // a calendar that cannot be used is told first, as when the sides took turns
      }
      throw e;
    }
    CalendarState calendarState = found.get();
    Optional<String> versions = sourceVersion.flatMap(
        s -> sink.version().map(c -> s + " | " + c + " | " + policy));
    // The head is asked only when agreement could be proved: else the run reads the whole state.
    Optional<SyncState.Head> head =
        mayProve && calendarState == CalendarState.EXISTS && versions.isPresent()
            ? Optional.of(store.head()).filter(h -> h.belongsTo(pair())
                && h.agreement().equals(versions))
            : Optional.empty();
    if (head.isPresent()) {
      // Nothing changed on either side since a run found them in agreement, and the rules are
      // the same: the plan would be empty again, so nothing is listed, parsed or planned, and
      // not even the state's records are read.
      listener.phase("both sides unchanged since they last agreed");
      SyncPlan agreed = new SyncPlan(
          false, List.of(), List.of(), List.of(), Map.of(), Optional.empty(), OptionalInt.empty());
      return new Prepared(agreed, SyncState.empty(), false, versions, true, head.get().records());
    }
    SyncState previous = store.load();
    if (!previous.belongsTo(pair())) {
      listener.note("the saved state belongs to " + previous.pair().orElse("")
          + ", not to " + pair().orElse("") + "; it is not used (this run starts without it)");
      previous = SyncState.empty();
    }
    listener.phase("listing the calendar");
    Listing<CalendarEntry> calendar =
        calendarState == CalendarState.MISSING ? Listing.of(List.of()) : sink.list();
    listener.phase("listing the source");
    var items = source.list();
    listener.phase("planning");
    SyncPlan plan =
        new SyncPlanner(policy, source::mintedUid, proposalsTaken)
            .plan(items, calendar, calendarState != CalendarState.MISSING, previous);
    return new Prepared(plan, previous, calendarState == CalendarState.CREATED, versions, false,
        plan.inSync().size());
  }

  /**
   * Lets the source carry out the moderators' decisions on proposals, before anything is listed,
   * so that an accepted change is published by this run. Returns whether proposals are taken.
   */
  private boolean carryOutDecisions(boolean apply) {
    listener.phase("carrying out the moderators' decisions on proposals");
    try {
      source.carryOutDecisions(apply).forEach(listener::note);
      return true;
    } catch (ProposalsUnavailableException e) {
      listener.note("calendar changes to published events cannot be proposed (" + e.getMessage()
          + "); edits stay in the calendar until they can be, deleted events are published again");
      return false;
    }
  }

  /**
   * Starts finding the calendar and returns what waits for it. Where the adapters take calls
   * from several threads (a write concurrency above 1) it runs beside what this thread does
   * next, so that the two sides' first requests overlap instead of queueing; else it runs now.
   */
  private Supplier<CalendarState> findCalendar(boolean mayWrite) {
    if (writeConcurrency == 1) {
      CalendarState state = sink.prepare(mayWrite);
      return () -> state;
    }
    FutureTask<CalendarState> task = new FutureTask<>(() -> sink.prepare(mayWrite));
    Thread thread = new Thread(task, "sync-calendar");
    thread.setDaemon(true);
    thread.start();
    return () -> {
      try {
        return task.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while finding the calendar", e);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        if (e.getCause() instanceof Error error) {
          throw error;
        }
        throw new IllegalStateException(e.getCause());
      }
    };
  }

  /** The pair this run syncs, when both sides can name themselves. */
  private Optional<String> pair() {
    return source.identity().flatMap(s -> sink.identity().map(c -> s + " and " + c));
  }

  private static Duration since(long startedNanos) {
    return Duration.ofNanos(System.nanoTime() - startedNanos);
  }

  /**
   * What a run found before writing: the plan, the state it came from, whether the calendar was
   * created, both sides' versions, whether agreement was proved without listing, and how many
   * events needed no write.
   */
  private record Prepared(
      SyncPlan plan, SyncState previous, boolean created, Optional<String> versions,
      boolean proved, int inSync) {

    SyncReport report(List<Action> done, List<ItemProblem> failed, boolean interrupted,
        boolean dryRun, long startedNanos) {
      return new SyncReport(
          plan, inSync, created, done, failed, interrupted, dryRun, since(startedNanos));
    }


    /**
     * The versions to remember: only a plan with nothing to do and nothing newly unreadable (an
     * object still unreadable as it was is left alone by every run until it changes, and a
     * change is a new version).
     */
    Optional<String> agreement() {
      boolean agreed = plan.isEmpty() && plan.newProblems().isEmpty() && plan.skips().isEmpty();
      return agreed ? versions : Optional.empty();
    }
  }
}
