package org.eventsync.serve;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;
import org.eventsync.core.port.ItemProblem;
import org.eventsync.core.sync.Action;

/**
 * The last runs, for the readiness probe and the status page, each kept as a small summary (a
 * run's report holds the state of every event; twenty of them would be a heap that grows with
 * the calendar). Safe for several threads.
 */
final class RunHistory implements Consumer<FinishedRun> {

  static final int KEPT = 20;
  /** Problems kept per run; the rest are counted (and all are in logs/sync.log). */
  static final int PROBLEMS_KEPT = 20;

  private final Deque<Kept> runs = new ArrayDeque<>();
  private final Duration staleAfter;
  private Optional<Kept> lastSynced = Optional.empty();
  private Optional<Awaiting> awaiting = Optional.empty();

  /** How many source items awaited moderation when a run last listed the source. */
  record Awaiting(int count, Instant seen) {}

  /**
   * One run as the page shows it.
   *
   * @param done writes done, by kind
   * @param failed items that could not be read or written
   * @param problems the first of their lines, with the run's failure first if it failed
   * @param problemCount how many lines there were in all
   */
  record Kept(FinishedRun.Cause cause, Instant finished, Duration took, SyncRuns.Result result,
      Optional<String> failure, Map<Action.Kind, Long> done, long failed, List<String> problems,
      int problemCount) {

    long done(Action.Kind kind) {
      return done.getOrDefault(kind, 0L);
    }
  }

  /** {@code staleAfter}: how old the last good run may be before the process is not ready. */
  RunHistory(Duration staleAfter) {
    this.staleAfter = staleAfter;
  }

  @Override
  public synchronized void accept(FinishedRun run) {
    Kept kept = keep(run);
    runs.addFirst(kept);
    while (runs.size() > KEPT) {
      runs.removeLast();
    }
    if (kept.result().synced()) {
      lastSynced = Optional.of(kept);
    }
    OptionalInt count = run.outcome().report()
        .map(r -> r.plan().awaitingModeration()).orElse(OptionalInt.empty());
    if (count.isPresent()) {
      awaiting = Optional.of(new Awaiting(count.getAsInt(), run.finished()));
    }
  }

  private static Kept keep(FinishedRun run) {
    Map<Action.Kind, Long> done = new EnumMap<>(Action.Kind.class);
    List<String> lines = new ArrayList<>();
    run.outcome().failure().ifPresent(lines::add);
    long failed = 0;
    if (run.outcome().report().isPresent()) {
      var report = run.outcome().report().get();
      for (Action.Kind kind : Action.Kind.values()) {
        done.put(kind, report.count(kind));
      }
      report.plan().problems().stream().map(p -> "unreadable: " + p).forEach(lines::add);
      report.failed().stream().map(ItemProblem::toString).map(p -> "failed: " + p).forEach(lines::add);
      failed = report.failed().size() + report.plan().problems().size();
    }
    return new Kept(run.cause(), run.finished(), run.took(), run.outcome().result(),
        run.outcome().failure(), done, failed,
        List.copyOf(lines.subList(0, Math.min(PROBLEMS_KEPT, lines.size()))), lines.size());
  }

  /** The runs kept, the latest first. */
  synchronized List<Kept> latest() {
    return List.copyOf(runs);
  }

  synchronized Optional<Kept> lastSynced() {
    return lastSynced;
  }

  synchronized Optional<Awaiting> awaiting() {
    return awaiting;
  }

  /** The latest run that had problems, if one of those kept had any. */
  synchronized Optional<Kept> latestWithProblems() {
    return runs.stream().filter(r -> r.problemCount() > 0).findFirst();
  }

  /** Empty when ready; otherwise the one-line reason it is not. */
  synchronized Optional<String> notReady(Instant now) {
    if (runs.isEmpty()) {
      return Optional.of("no sync has finished yet");
    }
    Kept last = runs.getFirst();
    if (!last.result().synced()) {
      return Optional.of("the last sync " + last.result().name().toLowerCase(Locale.ROOT)
          + last.failure().map(f -> ": " + f).orElse(""));
    }
    Duration age = Duration.between(last.finished(), now);
    if (age.compareTo(staleAfter) > 0) {
      return Optional.of("the last sync finished " + age.toSeconds() + " s ago, more than "
          + staleAfter.toSeconds() + " s");
    }
    return Optional.empty();
  }
}
