package org.eventsync.worker;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceException;
import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.ExecutionContext;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker of a cluster: runs the pairs as tasks of db-scheduler on the shared PostgreSQL. Each
 * pair is one task instance, so the scheduler runs it on one worker at a time; a worker that stops
 * beating its heart has its runs taken over (db-scheduler revives dead executions). Each run takes
 * a slot of its calendar host's budget first, and schedules its next run (the pair's interval,
 * jittered) when it ends, or at once when a hook asked for a run meanwhile.
 */
public final class SyncWorker implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger("event-sync.worker");
  static final String TASK = "event-sync-pair";
  private static final String TABLE = "event_sync_scheduled_tasks";
  /** A run that found its host's budget spent tries again this much later (and some). */
  private static final Duration BUDGET_WAIT = Duration.ofSeconds(2);
  private static final int MISSED_HEARTBEATS = 6;
  private static final Duration UNKNOWN_PAIR_WAIT = Duration.ofMinutes(10);

  private final Scheduler scheduler;
  private final RunAudit audit;

  private SyncWorker(Scheduler scheduler, RunAudit audit) {
    this.scheduler = scheduler;
    this.audit = audit;
  }

  /**
   * Brings the worker tables up to date, schedules the pairs not scheduled yet (each at a random
   * moment within the start spread, so that a thousand pairs do not start in the same second),
   * and starts taking part.
   */
  public static SyncWorker start(DataSource database, WorkerSettings settings, PairRuns runs) {
    migrate(database);
    Map<String, WorkerSettings.Pair> pairs = settings.pairs().stream()
        .collect(Collectors.toMap(WorkerSettings.Pair::name, Function.identity()));
    RunAudit audit = new RunAudit(database);
    HostBudget budget = new HostBudget(database, settings.hostBudget());
    CustomTask<Void> task = Tasks.custom(TASK, Void.class)
        .onDeadExecutionRevive()
        .execute((instance, context) ->
            new PairRun(pairs, settings.name(), runs, audit, budget).execute(instance, context));
    Scheduler scheduler = Scheduler.create(database, task)
        .tableName(TABLE)
        .schedulerName(new SchedulerName.Fixed(settings.name()))
        .threads(settings.threads())
        .pollingInterval(Duration.ofSeconds(1))
        .heartbeatInterval(settings.heartbeat())
        .missedHeartbeatsLimit(MISSED_HEARTBEATS)
        .pollUsingLockAndFetch(0.5, 1.0)
        .enableImmediateExecution()
        .shutdownMaxWait(Duration.ofSeconds(25))
        .build();
    Instant now = Instant.now();
    for (WorkerSettings.Pair pair : settings.pairs()) {
      Duration spread = pair.interval().compareTo(settings.startSpread()) < 0 ? pair.interval()
          : settings.startSpread();
      scheduler.scheduleIfNotExists(task.instance(pair.name()), now.plus(jitter(spread, 1.0)));
    }
    scheduler.start();
    LOG.info("Worker {} takes part with {} threads, {} pairs", settings.name(), settings.threads(),
        pairs.size());
    return new SyncWorker(scheduler, audit);
  }

  /**
   * Asks for a run of {@code pair} now (a hook's call): it starts on whichever worker is free, or
   * right after the run that is going on.
   */
  public void trigger(String pair) {
    try {
      audit.request(pair);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot ask for a run of " + pair + ": " + e.getMessage(), e);
    }
    try {
      scheduler.reschedule(TaskInstanceId.of(TASK, pair), Instant.now());
    } catch (TaskInstanceException busy) {
      // Running now, or picked by a worker between our read and our write: the request above
      // makes that run's end schedule the next at once.
      LOG.debug("{} is running; it runs again when that run ends ({})", pair, busy.getMessage());
    }
  }

  /** Stops taking new runs and waits (25 s at most) for the ones going on. */
  @Override
  public void close() {
    scheduler.stop();
  }

  private static void migrate(DataSource database) {
    Flyway.configure()
        .dataSource(database)
        .locations("classpath:org/eventsync/worker/migration")
        .table("event_sync_worker_schema_history")
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .load()
        .migrate();
  }

  /** Up to {@code share} of {@code interval}, at random: a pair's next run is never in lockstep. */
  static Duration jitter(Duration interval, double share) {
    long most = (long) (interval.toMillis() * share);
    return Duration.ofMillis(most <= 0 ? 0 : ThreadLocalRandom.current().nextLong(most + 1));
  }

  /** One execution of a pair's task. */
  private record PairRun(Map<String, WorkerSettings.Pair> pairs, String worker, PairRuns runs,
      RunAudit audit, HostBudget budget) {

    CompletionHandler<Void> execute(TaskInstance<Void> instance, ExecutionContext context) {
      String name = instance.getId();
      WorkerSettings.Pair pair = pairs.get(name);
      if (pair == null) {
        // A worker of an older or newer configuration (a rolling update): the pair is left for
        // the workers that know it. Removing a pair's schedule is an operator's step.
        LOG.warn("The pair {} is scheduled but not configured in this worker; left for the others",
            name);
        Instant later = Instant.now().plus(UNKNOWN_PAIR_WAIT);
        return (complete, operations) -> operations.reschedule(complete, later);
      }
      long entered = System.nanoTime();
      try {
        Optional<HostBudget.Slot> slot = budget.tryAcquire(pair.calendarHost());
        if (slot.isEmpty()) {
          Instant later = Instant.now().plus(BUDGET_WAIT).plus(jitter(BUDGET_WAIT, 1.0));
          LOG.debug("{}: the budget of pairs at once for {} is spent; trying again at {}", name,
              pair.calendarHost(), later);
          return (complete, operations) -> operations.reschedule(complete, later);
        }
        Instant next;
        // The run's row is closed while its slot is held: in the runs table, no two runs of a
        // host overlap beyond its budget, as on the wire.
        try (HostBudget.Slot held = slot.get()) {
          RunAudit.Run run = audit.started(name, worker, context.getExecution().executionTime);
          long before = System.nanoTime();
          String outcome = outcomeOf(name);
          long syncing = System.nanoTime() - before;
          next = audit.requestedSince(name, run.startedAt()) ? Instant.now()
              : Instant.now().plus(pair.interval().minus(jitter(pair.interval(), 0.1)));
          audit.finished(run, outcome, (System.nanoTime() - entered - syncing) / 1_000_000);
        }
        return (complete, operations) -> operations.reschedule(complete, next);
      } catch (SQLException e) {
        LOG.warn("{}: the worker tables could not be used ({}); the pair runs again in {}", name,
            e.getMessage(), pair.interval());
        Instant next = Instant.now().plus(pair.interval());
        return (complete, operations) -> operations.reschedule(complete, next);
      }
    }

    private String outcomeOf(String name) {
      try {
        return runs.run(name);
      } catch (RuntimeException e) {
        LOG.error("{}: the run failed: {}", name, e.toString());
        return "failed: " + e;
      }
    }
  }
}
