package org.eventsync.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eventsync.core.port.ItemProblem;
import org.eventsync.core.port.Proposal;
import org.eventsync.core.sync.Action;
import org.eventsync.core.sync.SyncReport;
import org.eventsync.files.AtomicFiles;
import org.slf4j.LoggerFactory;

/**
 * What one run did, for people ({@code status}) and scripts ({@code --json}); the last one is kept
 * in the state folder as {@code last-run.json}.
 */
record RunSummary(
    String finished,
    long durationMillis,
    String outcome,
    int exitCode,
    boolean dryRun,
    boolean interrupted,
    Map<String, Long> counts,
    List<String> failed,
    List<String> unreadable,
    List<String> leftAlone,
    List<String> proposed,
    List<String> planned) {

  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

  static RunSummary of(SyncReport report, ExitCode code) {
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put("published", report.count(Action.Kind.PUBLISH));
    counts.put("updated", report.count(Action.Kind.REPUBLISH));
    counts.put("removed", report.count(Action.Kind.UNPUBLISH));
    counts.put("imported", report.count(Action.Kind.IMPORT));
    counts.put("directusUpdated", report.count(Action.Kind.UPDATE_SOURCE));
    counts.put("directusDeleted", report.count(Action.Kind.DELETE_SOURCE));
    counts.put("inSync", (long) report.inSync());
    return new RunSummary(
        Instant.now().toString(),
        report.duration().toMillis(),
        code.name().toLowerCase(Locale.ROOT),
        code.code,
        report.dryRun(),
        report.interrupted(),
        counts,
        report.failed().stream().map(ItemProblem::toString).toList(),
        report.plan().problems().stream().map(ItemProblem::toString).toList(),
        report.plan().skips().stream().map(ItemProblem::toString).toList(),
        report.done().stream().flatMap(a -> a.proposal().stream()).map(Proposal::describe).toList(),
        report.dryRun() ? report.plan().describe() : List.of());
  }

  /** A run that stopped before it could plan: wrong settings, a server down. */
  static RunSummary failed(ExitCode code, String message) {
    return new RunSummary(Instant.now().toString(), 0, code.name().toLowerCase(Locale.ROOT),
        code.code, false, false, Map.of(), List.of(message), List.of(), List.of(), List.of(),
        List.of());
  }

  String toJson() {
    return GSON.toJson(this);
  }

  /** Where the last run's summary lives in a state folder. */
  static Path file(Path stateDir) {
    return stateDir.resolve("last-run.json");
  }

  void save(Path file) {
    try {
      AtomicFiles.write(file, toJson());
    } catch (IOException e) {
      // The summary is for people; a failure to keep it must not fail the run.
      LoggerFactory.getLogger("event-sync").warn("Cannot write {}: {}", file, e.getMessage());
    }
  }

  static Optional<RunSummary> load(Path file) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), RunSummary.class));
    } catch (IOException | JsonParseException e) {
      return Optional.empty();
    }
  }
}
