package org.eventsync.caldav;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eventsync.core.CalendarEntry;
import org.eventsync.core.Event;
import org.eventsync.core.EventTime;
import org.eventsync.core.port.EventSink.CalendarState;
import org.eventsync.core.port.ItemFailedException;
import org.eventsync.core.port.SideUnavailableException;
import org.eventsync.core.port.UidUnavailableException;
import org.eventsync.http.HttpSettings;
import org.eventsync.http.HttpTransport;
import org.eventsync.testsupport.CalDavProbe;
import org.eventsync.testsupport.Http;
import org.eventsync.testsupport.TestServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The answers Nextcloud gives where sync tools trip, from sabre/dav with Nextcloud's traps
 * (scripts/sabre/server.php): the trash bin's refusals, a full quota, the calendar-creation rate
 * limit and maintenance mode. Each is recognised and said in one clear line.
 */
class NextcloudTrapsIT {

  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final TestServers SERVERS = TestServers.load();
  private static final String HOME = SERVERS.nextcloudTrapsHome();

  @TempDir Path temp;
  private final String name = "Traps " + UUID.randomUUID().toString().substring(0, 8);
  private final List<Duration> waits = new ArrayList<>();
  private final HttpTransport http =
      new HttpTransport(HttpSettings.defaults().withMaxAttempts(3), waits::add);
  private final CalDavProbe probe =
      new CalDavProbe(HOME, SERVERS.davUser(), SERVERS.davPassword(), CalendarPaths.segment(name));

  @AfterEach
  void cleanUp() throws Exception {
    traps("{}");
    probe.deleteCalendar();
    http.close();
  }

  private CalDavEventSink sink() {
    return new CalDavEventSink(http,
        new CalDavSettings(URI.create(HOME), SERVERS.davUser(), SERVERS.davPassword(), name, BERLIN),
        Optional.of(temp.resolve("cache.json")));
  }

  private CalDavEventSink prepared() {
    CalDavEventSink sink = sink();
    assertThat(sink.prepare(true)).isEqualTo(CalendarState.CREATED);
    return sink;
  }

  /** Switches the server's run-time traps, e.g. {"quota_full":true}. */
  private static void traps(String json) {
    Http.expect(Http.send("POST", URI.create(HOME).resolve("/__traps").toString(), "", json,
        "application/json"), 204);
  }

  private static Event event(String uid, String title) {
    return Event.builder(uid, title,
        EventTime.of(ZonedDateTime.of(2026, 12, 5, 18, 0, 0, 0, BERLIN))).build();
  }

  @Test
  void aUidKeptInTheTrashBinIsRefusedAsUnavailableNotAsAConflict() {
    CalDavEventSink sink = prepared();
    CalendarEntry first = sink.create(event("fair@cms", "Fair"));
    sink.delete(first);

    assertThatThrownBy(() -> sink.create(event("fair@cms", "Fair again")))
        .isInstanceOf(UidUnavailableException.class)
        .hasMessageContaining("trash bin");
    assertThat(probe.objects()).isEmpty();
  }

  @Test
  void aFileNameDeletedBeforeCannotBeDeletedAgainAndTheLineSaysWhatToDo() {
    CalDavEventSink sink = prepared();
    sink.delete(sink.create(event("one@cms", "One")));
    // Another client puts a different event under the same file name.
    probe.put(CalendarPaths.objectName("one@cms"),
        CalDavProbe.event("other@client", "Other", "20261205T170000Z"));
    CalDavEventSink reader = sink();
    reader.prepare(false);
    CalendarEntry other = reader.list().items().get(0);

    assertThatThrownBy(() -> reader.delete(other))
        .isInstanceOf(ItemFailedException.class)
        .hasMessageContaining("empty the calendar's trash bin");
    assertThat(probe.summaries()).containsExactly("Other");
  }

  @Test
  void aFullQuotaStopsTheRunWithOneLineAndWritesNothing() {
    CalDavEventSink sink = prepared();
    traps("{\"quota_full\":true}");

    assertThatThrownBy(() -> sink.create(event("q@cms", "Quota")))
        .isInstanceOf(SideUnavailableException.class)
        .hasMessageContaining("507 Insufficient Storage")
        .hasMessageContaining("raise the quota");
    traps("{}");
    assertThat(probe.objects()).isEmpty();
  }

  @Test
  void theCalendarCreationRateLimitIsWaitedOutAsToldThenNamed() {
    traps("{\"mkcalendar_limited\":true}");

    assertThatThrownBy(() -> sink().prepare(true))
        .isInstanceOf(SideUnavailableException.class)
        .hasMessageContaining("429")
        .hasMessageContaining("limits how many calendars a user may create");
    // Retry-After: 1 is honoured between the three attempts, not a hammering loop.
    assertThat(waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1));
  }

  @Test
  void theLimitOfCalendarsInAllIsNamedWithWhatToDo() {
    traps("{\"calendar_limit_reached\":true}");

    assertThatThrownBy(() -> sink().prepare(true))
        .isInstanceOfSatisfying(SideUnavailableException.class,
            e -> assertThat(e.reason()).isEqualTo(SideUnavailableException.Reason.CONFIGURATION))
        .hasMessageContaining("403")
        .hasMessageContaining("30 calendars in all");
  }

  @Test
  void maintenanceModeIsRetriedThenReportedAsSuch() {
    CalDavEventSink sink = prepared();
    sink.create(event("m@cms", "Kept"));
    traps("{\"maintenance\":true}");
    waits.clear();

    assertThatThrownBy(() -> sink().prepare(false))
        .isInstanceOf(SideUnavailableException.class)
        .hasMessageContaining("503")
        .hasMessageContaining("maintenance");
    assertThat(waits).hasSize(2);
    traps("{}");
    assertThat(probe.summaries()).containsExactly("Kept");
  }

  @Test
  void aUidHeldByAnotherCalendarOfTheAccountIsUnavailableNotAClashToLink() throws Exception {
    String otherName = "Old " + UUID.randomUUID().toString().substring(0, 8);
    CalDavProbe old = new CalDavProbe(HOME, SERVERS.davUser(), SERVERS.davPassword(),
        CalendarPaths.segment(otherName));
    CalDavEventSink oldSink = new CalDavEventSink(http,
        new CalDavSettings(URI.create(HOME), SERVERS.davUser(), SERVERS.davPassword(), otherName, BERLIN));
    try {
      assertThat(oldSink.prepare(true)).isEqualTo(CalendarState.CREATED);
      oldSink.create(event("moved-1", "In the old calendar"));
      CalDavEventSink sink = prepared();
      traps("{\"uid_unique_per_user\":true}");

      assertThatThrownBy(() -> sink.create(event("moved-1", "In the new calendar")))
          .isInstanceOf(UidUnavailableException.class)
          .hasMessageContaining("another calendar of this account holds uid moved-1")
          .hasMessageContaining(CalendarPaths.segment(otherName));
      assertThat(sink.create(event("moved-1.gen2", "In the new calendar")).uid()).isEqualTo("moved-1.gen2");
    } finally {
      old.deleteCalendar();
    }
  }
}
