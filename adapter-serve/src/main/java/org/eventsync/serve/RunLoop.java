package org.eventsync.serve;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs syncs one at a time, on one thread of its own: soon after hook calls, every poll interval,
 * and as a full reconcile every reconcile interval.
 *
 * <p>Hook calls are coalesced: a run starts once calls have paused for the quiet time, or at the
 * latest {@link #MAX_DELAY_QUIETS} quiet times after the first of them. The calls a run serves are
 * taken when it starts, so a call that comes during a run asks for exactly one more run, however
 * many come. Any run puts the next poll one interval after its end.
 */
final class RunLoop implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger("event-sync");
  /** A steady stream of calls still gets a run this often, measured in quiet times. */
  static final int MAX_DELAY_QUIETS = 5;
  private static final long NONE = Long.MIN_VALUE;

  private final SyncRuns runs;
  private final long pollNanos;
  private final long reconcileNanos;
  private final long quietNanos;
  private final List<Consumer<FinishedRun>> observers;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Thread thread;

  // Guarded by lock; times are System.nanoTime() values.
  private long firstCall = NONE;
  private long lastCall = NONE;
  private long nextPoll;
  private long nextReconcile;
  private boolean started;
  private boolean stopping;

  RunLoop(SyncRuns runs, ServeSettings settings, List<Consumer<FinishedRun>> observers) {
    this.runs = runs;
    this.pollNanos = settings.poll().toNanos();
    this.reconcileNanos = settings.reconcile().toNanos();
    this.quietNanos = settings.quiet().toNanos();
    this.observers = List.copyOf(observers);
    this.thread = new Thread(this::loop, "sync-loop");
  }

  /** Starts the loop; its first run starts at once. */
  void start() {
    lock.lock();
    try {
      long now = System.nanoTime();
      nextPoll = now;
      nextReconcile = now + reconcileNanos;
    } finally {
      lock.unlock();
    }
    thread.start();
  }

  /** Asks for a run soon; returns at once. */
  void trigger() {
    lock.lock();
    try {
      long now = System.nanoTime();
      if (firstCall == NONE) {
        firstCall = now;
      }
      lastCall = now;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** When the next poll is due, if the loop runs. */
  Optional<Instant> nextPoll() {
    lock.lock();
    try {
      if (stopping || !thread.isAlive()) {
        return Optional.empty();
      }
      return Optional.of(Instant.now().plusNanos(Math.max(0, nextPoll - System.nanoTime())));
    } finally {
      lock.unlock();
    }
  }

  /** Starts no further run and waits for the current one, which the application was asked to stop. */
  @Override
  public void close() throws InterruptedException {
    lock.lock();
    try {
      stopping = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    thread.join(TimeUnit.SECONDS.toMillis(60));
  }

  private void loop() {
    while (true) {
      Due due;
      lock.lock();
      try {
        due = awaitDue();
        if (due == null) {
          return;
        }
      } catch (InterruptedException e) {
        return;
      } finally {
        lock.unlock();
      }
      Instant startedAt = Instant.now();
      long start = System.nanoTime();
      SyncRuns.Outcome outcome = runOnce(due.cause == FinishedRun.Cause.RECONCILE);
      long end = System.nanoTime();
      lock.lock();
      try {
        nextPoll = end + pollNanos;
        if (due.cause == FinishedRun.Cause.RECONCILE) {
          // A failed reconcile is tried again at the next poll, not only an interval later.
          nextReconcile = end + (outcome.result().synced() ? reconcileNanos : pollNanos);
        }
      } finally {
        lock.unlock();
      }
      Optional<Duration> sinceCall = due.firstCall == NONE ? Optional.empty()
          : Optional.of(Duration.ofNanos(end - due.firstCall));
      FinishedRun run = new FinishedRun(
          due.cause, startedAt, Duration.ofNanos(end - start), outcome, sinceCall);
      observers.forEach(o -> o.accept(run));
    }
  }

  private SyncRuns.Outcome runOnce(boolean reconcile) {
    try {
      return runs.run(reconcile);
    } catch (RuntimeException e) {
      LOG.error("The sync failed unexpectedly: {}", e.toString(), e);
      return new SyncRuns.Outcome(SyncRuns.Result.FAILED, Optional.empty(),
          Optional.of("unexpected error: " + e), Map.of());
    }
  }

  /** What is due next, once it is; null when stopping. Called with the lock held. */
  private Due awaitDue() throws InterruptedException {
    while (!stopping) {
      long now = System.nanoTime();
      long callDue = firstCall == NONE ? Long.MAX_VALUE
          : Math.min(lastCall + quietNanos, firstCall + MAX_DELAY_QUIETS * quietNanos);
      if (now - callDue >= 0 && firstCall != NONE) {
        long served = firstCall;
        firstCall = NONE;
        started = true;
        return new Due(FinishedRun.Cause.HOOK, served);
      }
      if (now - nextReconcile >= 0) {
        started = true;
        return new Due(FinishedRun.Cause.RECONCILE, NONE);
      }
      if (now - nextPoll >= 0) {
        FinishedRun.Cause cause = started ? FinishedRun.Cause.POLL : FinishedRun.Cause.START;
        started = true;
        return new Due(cause, NONE);
      }
      long wake = Math.min(nextPoll - now, nextReconcile - now);
      if (firstCall != NONE) {
        wake = Math.min(wake, callDue - now);
      }
      changed.awaitNanos(wake);
    }
    return null;
  }

  private record Due(FinishedRun.Cause cause, long firstCall) {}
}
