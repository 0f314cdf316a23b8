package org.eventsync.cli;

import jakarta.inject.Inject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eventsync.core.port.ItemProblem;
import org.eventsync.core.sync.Action;
import org.eventsync.core.sync.SyncListener;
import org.eventsync.core.sync.SyncPlan;
import org.eventsync.core.sync.SyncReport;
import org.eventsync.core.sync.Synchronizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs syncs once or on a schedule, one at a time per state folder, and reports them. Knows
 * nothing of the adapters' insides.
 */
final class SyncApp {

  private static final Logger LOG = LoggerFactory.getLogger("event-sync");
  private static final Logger ACTIONS = LoggerFactory.getLogger("event-sync.actions");

  private final Synchronizer synchronizer;
  private final Path stateDir;
  private final CountDownLatch stop = new CountDownLatch(1);

  /** How a run reports itself. */
  record Output(boolean json, PrintStream out) {}

  @Inject
  SyncApp(Synchronizer synchronizer, Settings settings) {
    this.synchronizer = synchronizer;
    this.stateDir = settings.stateDir();
  }

  /** How runs report as they go: one line per action, and on a terminal a progress bar. */
  static SyncListener listener(boolean progress) {
    return progress ? new ProgressListener() : new LogListener();
  }

  /** Asks a running sync or schedule to finish the current item and stop. */
  void requestStop() {
    stop.countDown();
  }

  boolean stopRequested() {
    return stop.getCount() == 0;
  }

  /** One sync, or one dry run, under the lock. */
  ExitCode once(boolean dryRun, Output output) {
    return attempt(dryRun ? Mode.DRY_RUN : Mode.SYNC, output).code();
  }

  /** What a run is asked to do. */
  enum Mode {
    SYNC,
    /** Lists both sides even when their versions say nothing changed. */
    RECONCILE,
    DRY_RUN
  }

  /**
   * What one attempt came to: its exit code, its report when it got as far as planning, and one
   * line on why it failed or was refused, when it did.
   */
  record Ran(ExitCode code, Optional<SyncReport> report, Optional<String> failure) {}

  /** One run under the lock, logged and remembered as every run is. */
  Ran attempt(Mode mode, Output output) {
    Optional<RunLock> lock = RunLock.tryAcquire(stateDir.resolve("event-sync.lock"));
    if (lock.isEmpty()) {
      String busy = "another event-sync run is syncing with the state in " + stateDir + " right now";
      LOG.error("Refused: {}; try again when it has finished", busy);
      return new Ran(ExitCode.REFUSED, Optional.empty(), Optional.of(busy));
    }
    try {
      return locked(mode, output);
    } finally {
      try {
        lock.get().close();
      } catch (IOException e) {
        LOG.warn("Cannot release the lock in {}: {}", stateDir, e.getMessage());
      }
    }
  }

  private Ran locked(Mode mode, Output output) {
    boolean dryRun = mode == Mode.DRY_RUN;
    SyncReport report;
    try {
      report = switch (mode) {
        case DRY_RUN -> synchronizer.dryRun();
        case SYNC -> synchronizer.run(this::stopRequested);
        case RECONCILE -> synchronizer.reconcile(this::stopRequested);
      };
    } catch (RuntimeException e) {
      ExitCode code = Failures.report(e, LOG.isDebugEnabled());
      String why = Failures.describe(e);
      remember(RunSummary.failed(code, why), dryRun, output);
      return new Ran(code, Optional.empty(), Optional.of(why));
    }
    ExitCode code = dryRun ? printPlan(report) : summarise(report);
    remember(RunSummary.of(report, code), dryRun, output);
    return new Ran(code, Optional.of(report), report.plan().refusal());
  }

  /** Runs now, then every {@code interval} (measured from the first start, so it never drifts). */
  ExitCode schedule(Duration interval, Output output)
      throws InterruptedException {
    long first = System.nanoTime();
    ExitCode last = ExitCode.OK;
    LOG.info("Syncing every {}; stop with Ctrl-C or SIGTERM", human(interval));
    for (long round = 1; !stopRequested(); round++) {
      last = once(false, output);
      long next = first + round * interval.toNanos();
      long wait = next - System.nanoTime();
      while (wait <= 0) { // a run longer than the interval skips the slots it overran
        round++;
        next = first + round * interval.toNanos();
        wait = next - System.nanoTime();
      }
      LOG.info("Next sync in {}", human(Duration.ofNanos(wait)));
      if (stop.await(wait, TimeUnit.NANOSECONDS)) {
        break;
      }
    }
    LOG.info("Schedule stopped");
    return last;
  }

  private void remember(RunSummary summary, boolean dryRun, Output output) {
    if (!dryRun) {
      summary.save(RunSummary.file(stateDir));
    }
    if (output.json()) {
      output.out().println(summary.toJson());
      output.out().flush();
    }
  }

  private ExitCode printPlan(SyncReport report) {
    LOG.info("Dry run: nothing was written. The plan:");
    report.plan().describe().forEach(line -> LOG.info("  {}", line));
    if (report.plan().refusal().isPresent()) {
      LOG.info("If the removals are intended, run again with --force");
    }
    return report.plan().refusal().isPresent() ? ExitCode.REFUSED
        : report.plan().newProblems().isEmpty() ? ExitCode.OK : ExitCode.PARTIAL;
  }

  private ExitCode summarise(SyncReport report) {
    SyncPlan plan = report.plan();
    if (report.refused()) {
      LOG.error("Refused: {}; if the removals are intended, run again with --force",
          plan.refusal().get());
      return ExitCode.REFUSED;
    }
    plan.newProblems().forEach(p -> LOG.warn("Unreadable, skipped: {}", p));
    long repeated = plan.problems().size() - plan.newProblems().size();
    if (repeated > 0) {
      LOG.info("{} unreadable calendar object{} left alone as an earlier run said, unchanged since"
          + " (listed by --dry-run)", repeated, repeated == 1 ? "" : "s");
    }
    plan.skips().forEach(p -> LOG.info("Left alone: {}", p));
    if (plan.actions().isEmpty() && !report.calendarCreated()) {
      LOG.info(
          "Nothing to do: the calendar and Directus agree ({} events in sync) [{}]",
          report.inSync(), human(report.duration()));
    } else {
      LOG.info(
          "Sync {} in {}: {} published, {} updated, {} removed from the calendar, {} imported into"
              + " Directus, {} Directus items updated, {} deleted, {} left alone, {} failed",
          report.interrupted() ? "interrupted" : "finished",
          human(report.duration()),
          report.count(Action.Kind.PUBLISH),
          report.count(Action.Kind.REPUBLISH),
          report.count(Action.Kind.UNPUBLISH),
          report.count(Action.Kind.IMPORT),
          report.count(Action.Kind.UPDATE_SOURCE),
          report.count(Action.Kind.DELETE_SOURCE),
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

  /** One log line per action, as it happens: for logs, pipes and cron mail. */
  private static class LogListener implements SyncListener {
    @Override
    public void phase(String description) {
      LOG.debug("{}", description);
    }

    @Override
    public void done(Action action, int done, int total) {
      ACTIONS.info("[{}/{}] {}", done, total, action.describe());
    }

    @Override
    public void failed(Action action, ItemProblem problem) {
      LOG.warn("Failed: {}: {}", problem.item(), problem.problem());
    }

    @Override
    public void note(String message) {
      LOG.info("{}", message);
    }
  }

  /** On a terminal: the log lines go to the file, and one line on screen shows the progress. */
  private static final class ProgressListener extends LogListener {
    private long lastDraw;

    @Override
    public void done(Action action, int done, int total) {
      super.done(action, done, total);
      long now = System.nanoTime();
      if (done == total || now - lastDraw > 100_000_000L) {
        lastDraw = now;
        int width = 30;
        int filled = total == 0 ? width : (int) ((long) width * done / total);
        System.err.printf("\r  [%s%s] %d/%d%s", "#".repeat(filled), " ".repeat(width - filled),
            done, total, done == total ? System.lineSeparator() : "");
        System.err.flush();
      }
    }
  }
}
