package org.eventsync.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eventsync.postgres.PostgresDatabase;
import org.eventsync.postgres.PostgresSettings;
import org.eventsync.testsupport.TestServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two workers in one process on the local PostgreSQL, with runs the test controls. */
class SyncWorkerIT {

  private final String pair = "it-" + UUID.randomUUID().toString().substring(0, 8);
  private PostgresDatabase database;

  @BeforeEach
  void open() {
    TestServers servers = TestServers.load();
    database = PostgresDatabase.open(new PostgresSettings(servers.get("POSTGRES_URL"),
        servers.get("POSTGRES_USER"), servers.get("POSTGRES_PASSWORD"), 12));
  }

  @AfterEach
  void forget() throws Exception {
    try (Connection c = database.dataSource().getConnection()) {
      for (String sql : List.of("delete from event_sync_scheduled_tasks where task_instance = ?",
          "delete from event_sync_runs where pair_key = ?",
          "delete from event_sync_triggers where pair_key = ?")) {
        try (PreparedStatement s = c.prepareStatement(sql)) {
          s.setString(1, pair);
          s.executeUpdate();
        }
      }
    }
    database.close();
  }

  private WorkerSettings settings(String name, Duration interval) {
    return new WorkerSettings(name, 2, List.of(new WorkerSettings.Pair(pair, interval,
        "127.0.0.1:1")), 2, Duration.ofMillis(500), Duration.ofSeconds(1));
  }

  @Test
  void aHookDuringARunRunsThePairAgainRightAfterIt() throws Exception {
    CountDownLatch firstStarted = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch secondRun = new CountDownLatch(1);
    AtomicInteger runs = new AtomicInteger();
    try (SyncWorker worker = SyncWorker.start(database.dataSource(),
        settings("it-worker-a", Duration.ofHours(1)), p -> {
          if (runs.incrementAndGet() == 1) {
            firstStarted.countDown();
            await(release);
          } else {
            secondRun.countDown();
          }
          return "ok";
        })) {
      assertThat(firstStarted.await(20, TimeUnit.SECONDS)).as("the first run starts").isTrue();
      worker.trigger(pair); // while the first run goes on
      release.countDown();
      assertThat(secondRun.await(10, TimeUnit.SECONDS))
          .as("the hook's run follows the one going on, not an hour later").isTrue();
    }
  }

  @Test
  void twoWorkersNeverRunOnePairAtOnce() throws Exception {
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    AtomicInteger runs = new AtomicInteger();
    ConcurrentHashMap<String, Integer> byWorker = new ConcurrentHashMap<>();
    PairRuns slow = p -> {
      most.accumulateAndGet(inside.incrementAndGet(), Math::max);
      sleep(150);
      inside.decrementAndGet();
      runs.incrementAndGet();
      return "ok";
    };
    try (SyncWorker a = SyncWorker.start(database.dataSource(),
            settings("it-worker-a", Duration.ofMillis(1000)), p -> {
              byWorker.merge("a", 1, Integer::sum);
              return slow.run(p);
            });
        SyncWorker b = SyncWorker.start(database.dataSource(),
            settings("it-worker-b", Duration.ofMillis(1000)), p -> {
              byWorker.merge("b", 1, Integer::sum);
              return slow.run(p);
            })) {
      for (int i = 0; i < 40 && runs.get() < 8; i++) {
        a.trigger(pair);
        b.trigger(pair);
        sleep(250);
      }
    }
    assertThat(runs.get()).as("runs happened").isGreaterThanOrEqualTo(8);
    assertThat(most.get()).as("runs of the pair at once").isEqualTo(1);
    System.out.println("runs by worker: " + byWorker);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
