package org.eventsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import org.eventsync.core.CalendarEntry;
import org.eventsync.core.Event;
import org.eventsync.core.EventTime;
import org.eventsync.core.Origin;
import org.eventsync.core.SourceEvent;
import org.eventsync.core.port.ItemProblem;
import org.eventsync.core.port.Listing;
import org.eventsync.core.port.SyncState;
import org.eventsync.core.sync.SyncPlan;
import org.eventsync.core.sync.SyncPlanner;
import org.eventsync.core.sync.SyncPolicy;
import org.eventsync.core.sync.SyncReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a run leaves for people and scripts, without a server. */
class RunSummaryTest {

  @TempDir Path dir;

  private static Event event(String uid, String title) {
    return new Event(uid, title,
        EventTime.of(ZonedDateTime.of(2026, 12, 2, 10, 0, 0, 0, ZoneId.of("Europe/Berlin"))),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty());
  }

  private static SyncPlan plan() {
    SourceEvent approved = new SourceEvent("1", event("a@cms", "Approved"), true, Origin.SOURCE);
    CalendarEntry typed = new CalendarEntry("/cal/b.ics", Optional.of("\"1\""), event("b@phone", "Typed"));
    return new SyncPlanner(SyncPolicy.defaults(), uid -> uid.endsWith("@cms"), false)
        .plan(Listing.of(List.of(approved)), Listing.of(List.of(typed)), true, SyncState.empty());
  }

  @Test
  void countsEachKindThatSucceededAndNamesWhatFailed() {
    SyncPlan plan = plan();
    ItemProblem failed = new ItemProblem("import \"Typed\"", "Directus refused it (400)");
    SyncReport report = new SyncReport(plan, plan.inSync().size(), false, List.of(plan.actions().get(1)), List.of(failed),
        false, false, Duration.ofMillis(1234));

    RunSummary summary = RunSummary.of(report, ExitCode.PARTIAL);

    assertThat(summary.counts()).containsEntry("published", 1L).containsEntry("imported", 0L);
    assertThat(summary.outcome()).isEqualTo("partial");
    assertThat(summary.exitCode()).isEqualTo(5);
    assertThat(summary.durationMillis()).isEqualTo(1234);
    assertThat(summary.failed()).containsExactly(failed.toString());
    assertThat(summary.planned()).isEmpty();
  }

  @Test
  void aDryRunListsThePlan() {
    SyncPlan plan = plan();
    SyncReport report = new SyncReport(plan, plan.inSync().size(), false, List.of(), List.of(), false, true, Duration.ZERO);

    assertThat(RunSummary.of(report, ExitCode.OK).planned()).isEqualTo(plan.describe()).hasSize(2);
  }

  @Test
  void theLastRunIsKeptAndReadBackAndADamagedOneIsNoRun() throws Exception {
    RunSummary failed = RunSummary.failed(ExitCode.AUTHENTICATION, "Directus refused the token");
    Path file = RunSummary.file(dir);
    failed.save(file);

    assertThat(RunSummary.load(file)).hasValue(failed);
    assertThat(failed.toJson()).contains("\"outcome\": \"authentication\"", "\"exitCode\": 3");
    Files.writeString(file, "{ broken");
    assertThat(RunSummary.load(file)).isEmpty();
  }
}
