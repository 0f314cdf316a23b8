package org.eventsync.serve;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;
import org.eventsync.core.port.ItemProblem;

/** The last runs, for the readiness probe and the status page. Safe for several threads. */
final class RunHistory implements Consumer<FinishedRun> {

  static final int KEPT = 20;

  private final Deque<FinishedRun> runs = new ArrayDeque<>();
  private final Duration staleAfter;
  private Optional<FinishedRun> lastSynced = Optional.empty();
  private Optional<Awaiting> awaiting = Optional.empty();

  /** How many source items awaited moderation when a run last listed the source. */
  record Awaiting(int count, Instant seen) {}

  /** {@code staleAfter}: how old the last good run may be before the process is not ready. */
  RunHistory(Duration staleAfter) {
    this.staleAfter = staleAfter;
  }

  @Override
  public synchronized void accept(FinishedRun run) {
    runs.addFirst(run);
    while (runs.size() > KEPT) {
      runs.removeLast();
    }
    if (run.outcome().result().synced()) {
      lastSynced = Optional.of(run);
    }
    OptionalInt count = run.outcome().report()
        .map(r -> r.plan().awaitingModeration()).orElse(OptionalInt.empty());
    if (count.isPresent()) {
      awaiting = Optional.of(new Awaiting(count.getAsInt(), run.finished()));
    }
  }

  /** The runs kept, the latest first. */
  synchronized List<FinishedRun> latest() {
    return List.copyOf(runs);
  }

  synchronized Optional<FinishedRun> lastSynced() {
    return lastSynced;
  }

  synchronized Optional<Awaiting> awaiting() {
    return awaiting;
  }

  /** The problems of the latest run that had any: items unreadable, then writes that failed. */
  synchronized List<String> latestProblems() {
    for (FinishedRun run : runs) {
      List<String> lines = problems(run);
      if (!lines.isEmpty()) {
        return lines;
      }
    }
    return List.of();
  }

  static List<String> problems(FinishedRun run) {
    List<String> lines = new ArrayList<>();
    run.outcome().failure().ifPresent(lines::add);
    run.outcome().report().ifPresent(r -> {
      r.plan().problems().stream().map(p -> "unreadable: " + p).forEach(lines::add);
      r.failed().stream().map(ItemProblem::toString).map(p -> "failed: " + p).forEach(lines::add);
    });
    return lines;
  }

  /** Empty when ready; otherwise the one-line reason it is not. */
  synchronized Optional<String> notReady(Instant now) {
    if (runs.isEmpty()) {
      return Optional.of("no sync has finished yet");
    }
    FinishedRun last = runs.getFirst();
    if (!last.outcome().result().synced()) {
      return Optional.of("the last sync " + last.outcome().result().name().toLowerCase(Locale.ROOT)
          + last.outcome().failure().map(f -> ": " + f).orElse(""));
    }
    Duration age = Duration.between(last.finished(), now);
    if (age.compareTo(staleAfter) > 0) {
      return Optional.of("the last sync finished " + age.toSeconds() + " s ago, more than "
          + staleAfter.toSeconds() + " s");
    }
    return Optional.empty();
  }
}
