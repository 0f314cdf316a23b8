package org.eventsync.cli;

import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eventsync.core.port.EventSink;
import org.eventsync.core.port.EventSource;
import org.eventsync.core.port.ItemProblem;
import org.eventsync.core.port.SyncStateStore;
import org.eventsync.core.sync.Action;
import org.eventsync.core.sync.SyncListener;
import org.eventsync.core.sync.SyncPlan;
import org.eventsync.core.sync.SyncPolicy;
import org.eventsync.core.sync.SyncReport;
import org.eventsync.core.sync.Synchronizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs syncs once or on a schedule and reports them; knows nothing of the adapters' insides. */
final class SyncApp {

  private static final Logger LOG = LoggerFactory.getLogger("event-sync");

  private final EventSource source;
  private final EventSink sink;
  private final SyncStateStore store;
  private final CountDownLatch stop = new CountDownLatch(1);

  @Inject
  SyncApp(EventSource source, EventSink sink, SyncStateStore store) {
    this.source = source;
    this.sink = sink;
    this.store = store;
  }

  /** Asks a running sync or schedule to finish the current item and stop. */
  void requestStop() {
    stop.countDown();
  }

  boolean stopRequested() {
    return stop.getCount() == 0;
  }

  ExitCode once(SyncPolicy policy, boolean dryRun) {
    Synchronizer synchronizer = new Synchronizer(source, sink, store, policy, new LogListener());
    if (dryRun) {
      SyncReport report = synchronizer.dryRun();
      LOG.info("Dry run: nothing was written. The plan:");
      report.plan().describe().forEach(line -> LOG.info("  {}", line));
      return report.plan().problems().isEmpty() ? ExitCode.OK : ExitCode.PARTIAL;
    }
    SyncReport report = synchronizer.run(this::stopRequested);
    return summarise(report);
  }

  /** Runs now, then every {@code interval} (measured from the first start, so it never drifts). */
  ExitCode schedule(SyncPolicy policy, Duration interval) throws InterruptedException {
    long first = System.nanoTime();
    ExitCode last = ExitCode.OK;
    for (long round = 1; !stopRequested(); round++) {
      try {
        last = once(policy, false);
      } catch (RuntimeException e) {
        last = Failures.report(e, false);
      }
      long next = first + round * interval.toNanos();
      long wait = next - System.nanoTime();
      if (wait > 0) {
        LOG.info("Next sync in {}", human(Duration.ofNanos(wait)));
        if (stop.await(wait, TimeUnit.NANOSECONDS)) {
          break;
        }
      }
    }
    LOG.info("Schedule stopped");
    return last;
  }

  private ExitCode summarise(SyncReport report) {
    SyncPlan plan = report.plan();
    if (report.refused()) {
      LOG.error("Refused: {}", plan.refusal().get());
      return ExitCode.REFUSED;
    }
    plan.problems().forEach(p -> LOG.warn("Unreadable, skipped: {}", p));
    plan.skips().forEach(p -> LOG.info("Left alone: {}", p));
    if (report.calendarCreated()) {
      LOG.info("Created the calendar");
    }
    if (plan.actions().isEmpty() && !report.calendarCreated()) {
      LOG.info(
          "Nothing to do: the calendar and Directus agree ({} events in sync) [{}]",
          plan.inSync().size(), human(report.duration()));
    } else {
      LOG.info(
          "Sync {} in {}: {} published, {} updated, {} removed from the calendar, {} imported into"
              + " Directus, {} Directus items updated, {} deleted, {} left alone, {} failed",
          report.interrupted() ? "interrupted" : "finished",
          human(report.duration()),
          report.count(Action.Publish.class),
          report.count(Action.Republish.class),
          report.count(Action.Unpublish.class),
          report.count(Action.Import.class),
          report.count(Action.UpdateSource.class),
          report.count(Action.DeleteSource.class),
          plan.skips().size(),
          report.failed().size());
    }
    return report.partial() ? ExitCode.PARTIAL : ExitCode.OK;
  }

  static String human(Duration d) {
    if (d.toMillis() < 1000) {
      return d.toMillis() + " ms";
    }
    if (d.toSeconds() < 120) {
      return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
    return d.toMinutes() + " min " + d.toSecondsPart() + " s";
  }

  /** Logs one line per action, as it happens. */
  private static final class LogListener implements SyncListener {
    @Override
    public void phase(String description) {
      LOG.debug("{}", description);
    }

    @Override
    public void done(Action action, int done, int total) {
      LOG.info("[{}/{}] {}", done, total, action.describe());
    }

    @Override
    public void failed(Action action, ItemProblem problem) {
      LOG.warn("Failed: {}: {}", problem.item(), problem.problem());
    }
  }
}
