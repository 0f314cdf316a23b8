package org.eventsync.cli;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.eventsync.text.OneLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Says what the last run did, from the state folder's files; builds no adapter. */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Show what the last run did and how many events are being tracked.")
final class StatusCommand implements Callable<Integer> {
  @Mixin CommonOptions common = new CommonOptions();

  @Option(names = "--json", description = "Print the last run's summary as JSON.")
  boolean json;

  @Option(names = "--pair", paramLabel = "NAME",
      description = "With PAIRS_FILE: only the pair called NAME (default: every pair).")
  Optional<String> pair = Optional.empty();

  @Override
  public Integer call() {
    List<Settings> pairs = common.pairs(pair);
    try (StateDatabase database = StateDatabase.of(pairs)) {
      for (Settings s : pairs) {
        if (pairs.size() > 1 || !json) {
          show(s, database, pairs.size() > 1);
        } else {
          System.out.println(RunSummary.load(RunSummary.file(s.stateDir()))
              .map(RunSummary::toJson).orElse("null"));
        }
      }
    }
    return ExitCode.OK.code;
  }

  private void show(Settings s, StateDatabase database, boolean named) {
    if (named) {
      System.out.println((json ? "" : "Pair ") + s.stateKey() + (json ? "" : ":"));
    }
    Optional<RunSummary> last = RunSummary.load(RunSummary.file(s.stateDir()));
    if (json) {
      System.out.println(last.map(RunSummary::toJson).orElse("null"));
      return;
    }
    if (last.isEmpty()) {
      System.out.println("No run yet (state folder " + s.stateDir() + ")");
      return;
    }
    RunSummary r = last.get();
    System.out.printf("Last run: %s, %s (exit code %d), took %s%n", r.finished(), r.outcome(),
        r.exitCode(), SyncApp.human(Duration.ofMillis(r.durationMillis())));
    r.counts().forEach((k, v) -> System.out.printf("  %-16s %d%n", k, v));
    r.failed().forEach(f -> System.out.println("  failed: " + OneLine.of(f)));
    r.unreadable().forEach(f -> System.out.println("  unreadable: " + OneLine.of(f)));
    r.leftAlone().forEach(f -> System.out.println("  left alone: " + OneLine.of(f)));
    System.out.printf("Events tracked in the state: %d%n",
        database.storeOf(s).load().records().size());
  }
}
