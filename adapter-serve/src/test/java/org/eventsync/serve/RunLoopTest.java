package org.eventsync.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RunLoopTest {

  private final List<FinishedRun> finished = new CopyOnWriteArrayList<>();

  private static ServeSettings settings(Duration poll, Duration reconcile, Duration quiet) {
    return new ServeSettings(new InetSocketAddress("127.0.0.1", 0), Optional.empty(), poll,
        reconcile, quiet, Optional.empty());
  }

  private static SyncRuns.Outcome ok() {
    return new SyncRuns.Outcome(SyncRuns.Result.OK, Optional.empty(), Optional.empty(), Map.of());
  }

  private void awaitRuns(int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (finished.size() < count && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(finished).as("runs finished").hasSizeGreaterThanOrEqualTo(count);
  }

  @Test
  void aBurstOfCallsIsOneRunAfterTheStartRun() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    RunLoop loop = new RunLoop(r -> { runs.incrementAndGet(); return ok(); },
        settings(Duration.ofHours(1), Duration.ofHours(2), Duration.ofMillis(300)),
        List.of(finished::add));
    loop.start();
    awaitRuns(1);
    assertThat(finished.get(0).cause()).isEqualTo(FinishedRun.Cause.START);

    for (int i = 0; i < 50; i++) {
      loop.trigger();
      Thread.sleep(2); // 50 calls in about a tenth of a second
    }
    awaitRuns(2);
    Thread.sleep(800); // longer than the quiet time: a second run would have started
    loop.close();

    assertThat(runs.get()).isEqualTo(2);
    assertThat(finished.get(1).cause()).isEqualTo(FinishedRun.Cause.HOOK);
    assertThat(finished.get(1).sinceTrigger()).isPresent();
  }

  @Test
  void callsDuringARunAskForExactlyOneMoreAndRunsNeverOverlap() throws Exception {
    Semaphore release = new Semaphore(0);
    CountDownLatch hookRunStarted = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger overlaps = new AtomicInteger();
    RunLoop loop = new RunLoop(r -> {
      if (inFlight.incrementAndGet() > 1) {
        overlaps.incrementAndGet();
      }
      try {
        if (calls.incrementAndGet() == 2) {
          hookRunStarted.countDown();
          release.acquireUninterruptibly();
        }
        return ok();
      } finally {
        inFlight.decrementAndGet();
      }
    }, settings(Duration.ofHours(1), Duration.ofHours(2), Duration.ofMillis(50)),
        List.of(finished::add));
    loop.start();
    awaitRuns(1);
    loop.trigger();
    assertThat(hookRunStarted.await(5, TimeUnit.SECONDS)).isTrue();
    for (int i = 0; i < 20; i++) {
      loop.trigger(); // while the hook's run is held
    }
    release.release();
    awaitRuns(3);
    Thread.sleep(400);
    loop.close();

    assertThat(calls.get()).as("start, the held run, and exactly one more").isEqualTo(3);
    assertThat(overlaps.get()).isZero();
  }

  @Test
  void pollsComeEveryIntervalAndAFullReconcileEveryReconcileInterval() throws Exception {
    List<Boolean> reconciles = new CopyOnWriteArrayList<>();
    RunLoop loop = new RunLoop(r -> { reconciles.add(r); return ok(); },
        settings(Duration.ofMillis(100), Duration.ofMillis(450), Duration.ofMillis(50)),
        List.of(finished::add));
    loop.start();
    Thread.sleep(1200);
    loop.close();

    assertThat(finished).extracting(FinishedRun::cause)
        .contains(FinishedRun.Cause.START, FinishedRun.Cause.POLL, FinishedRun.Cause.RECONCILE);
    assertThat(reconciles.get(0)).as("the start run is a cheap one").isFalse();
    assertThat(reconciles).contains(true);
    assertThat(reconciles.stream().filter(r -> r).count()).as("reconciles are rarer than polls")
        .isLessThan(reconciles.stream().filter(r -> !r).count());
  }

  @Test
  void closeWaitsForTheCurrentRunAndStartsNoOther() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    AtomicInteger runs = new AtomicInteger();
    RunLoop loop = new RunLoop(r -> {
      runs.incrementAndGet();
      running.countDown();
      sleep(300);
      return ok();
    }, settings(Duration.ofMillis(10), Duration.ofHours(1), Duration.ofMillis(10)),
        List.of(finished::add));
    loop.start();
    assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();

    loop.close();

    assertThat(finished).as("the run in progress was let finish").hasSize(1);
    assertThat(runs.get()).isEqualTo(1);
    assertThat(loop.nextPoll()).isEmpty();
  }

  @Test
  void anUnexpectedErrorIsAFailedRunAndTheLoopGoesOn() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    RunLoop loop = new RunLoop(r -> {
      if (runs.incrementAndGet() == 1) {
        throw new IllegalStateException("boom");
      }
      return ok();
    }, settings(Duration.ofMillis(50), Duration.ofHours(1), Duration.ofMillis(10)),
        List.of(finished::add));
    loop.start();
    awaitRuns(2);
    loop.close();

    assertThat(finished.get(0).outcome().result()).isEqualTo(SyncRuns.Result.FAILED);
    assertThat(finished.get(0).outcome().failure()).hasValueSatisfying(f -> assertThat(f).contains("boom"));
    assertThat(finished.get(1).outcome().result()).isEqualTo(SyncRuns.Result.OK);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
