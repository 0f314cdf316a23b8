package org.eventsync.caldav;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.eventsync.core.CalendarEntry;
import org.eventsync.core.Event;
import org.eventsync.core.EventTime;
import org.eventsync.core.port.ConflictException;
import org.eventsync.core.port.EventSink.CalendarState;
import org.eventsync.core.port.SideUnavailableException;
import org.eventsync.http.HttpSettings;
import org.eventsync.http.HttpTransport;
import org.eventsync.testsupport.CalDavProbe;
import org.eventsync.testsupport.TestServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CalDAV contract, run against every real server the project starts: the same tests, one
 * server at a time, each on a new calendar.
 */
class CalDavEventSinkIT {

  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final TestServers SERVERS = TestServers.load();

  /**
   * @param enforcesUniqueUids whether the server refuses a second object with a uid in use (RFC
   *     4791 no-uid-conflict); sabre/dav 1.8 does not
   * @param syncCollection whether the server offers WebDAV sync (RFC 6578)
   */
  record Server(String name, String home, boolean enforcesUniqueUids, boolean syncCollection) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Server> servers() {
    return Stream.of(
        new Server("Radicale", SERVERS.radicaleHome(), true, true),
        new Server("Xandikos", SERVERS.xandikosHome(), true, true),
        new Server("sabre-dav-1.8", SERVERS.sabreHome(), false, false),
        new Server("sabre-dav-1.8 with Nextcloud's traps", SERVERS.nextcloudTrapsHome(), true, false));
  }

  @TempDir Path temp;
  private final String name = "Contract " + UUID.randomUUID().toString().substring(0, 8);
  private final HttpTransport http = new HttpTransport(HttpSettings.defaults());
  private CalDavProbe probe;

  @AfterEach
  void cleanUp() throws Exception {
    if (probe != null) {
      probe.deleteCalendar();
    }
    http.close();
  }

  private CalDavEventSink sink(Server server, String url) {
    return new CalDavEventSink(
        http,
        new CalDavSettings(URI.create(url), SERVERS.davUser(), SERVERS.davPassword(), name, BERLIN),
        Optional.of(temp.resolve("cache.json")));
  }

  private CalDavEventSink prepared(Server server) {
    CalDavEventSink sink = sink(server, server.home());
    assertThat(sink.prepare(true)).isEqualTo(CalendarState.CREATED);
    probe = probeFor(server);
    return sink;
  }

  /** Discovery puts the calendar under the calendar home, which differs per server. */
  private CalDavProbe probeFor(Server server) {
    CalDavEventSink finder = sink(server, server.home());
    finder.prepare(false);
    String url = finder.calendarUrl().orElseThrow().toString();
    String home = url.substring(0, url.lastIndexOf('/', url.length() - 2) + 1);
    return new CalDavProbe(home, SERVERS.davUser(), SERVERS.davPassword(), CalendarPaths.segment(name));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("servers")
  void createsAMissingCalendarOnceAndFindsItByNameAfterwards(Server server) {
    CalDavEventSink sink = sink(server, server.home());
    assertThat(sink.prepare(false)).isEqualTo(CalendarState.MISSING);
    assertThat(sink.prepare(true)).isEqualTo(CalendarState.CREATED);
    probe = probeFor(server);
    assertThat(sink(server, server.home()).prepare(true)).isEqualTo(CalendarState.EXISTS);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("servers")
  void discoversTheCalendarFromTheServerRoot(Server server) {
    prepared(server);
    URI root = URI.create(server.home()).resolve("/");
    assertThat(sink(server, root.toString()).prepare(false)).isEqualTo(CalendarState.EXISTS);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("servers")
  void writesAndReadsBackEveryKindOfEvent(Server server) {
    CalDavEventSink sink = prepared(server);
    List<Event> events =
        List.of(
            Event.builder("tz-" + name.hashCode(), "Zoned; with, escapes\nand lines", at(5, 18))
                .end(at(5, 20))
                .description("Line one\nLine two, with; punctuation")
                .location("Hall \"A\"")
                .organizer("Jane <jane@example.org>")
                .cost("5 EUR")
                .category("Music")
                .website("https://example.org/x?y=1&z=2")
                .build(),
            Event.builder("day-" + name.hashCode(), "All day", EventTime.of(LocalDate.of(2026, 12, 24)))
                .end(EventTime.of(LocalDate.of(2026, 12, 26)))
                .build(),
            Event.builder("rec-" + name.hashCode(), "Weekly", at(1, 9))
                .end(at(1, 10))
                .recurrence("RRULE:FREQ=WEEKLY;COUNT=5\nEXDATE;TZID=Europe/Berlin:20261208T090000")
                .build());
    events.forEach(sink::create);

    CalDavEventSink fresh = sink(server, server.home());
    fresh.prepare(false);
    assertThat(fresh.list().items()).extracting(CalendarEntry::event)
        .containsExactlyInAnyOrderElementsOf(events);
    assertThat(String.join("", probe.objects())).contains("BEGIN:VTIMEZONE", "TZID:Europe/Berlin");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("servers")
  void anUnchangedCalendarCostsOneRequestAndChangesAreSeen(Server server) {
    CalDavEventSink sink = prepared(server);
    for (int i = 1; i <= 20; i++) {
      sink.create(Event.builder("inc-" + i, "Event " + i, at(i, 10)).build());
    }
    sink(server, server.home()).prepare(false); // a first full read fills the cache
    CalDavEventSink warm = sink(server, server.home());
    warm.prepare(false);
    warm.list();

    long before = http.stats().requests();
    CalDavEventSink next = sink(server, server.home());
    next.prepare(false);
    assertThat(next.list().items()).hasSize(20);
    assertThat(http.stats().requests() - before).as("requests for a no-change read").isEqualTo(1);

    probe.put("outside.ics", CalDavProbe.event("outside-1", "Typed outside", "20261203T100000Z"));
    probe.delete("inc-3.ics");
    CalDavEventSink after = sink(server, server.home());
    after.prepare(false);
    assertThat(after.list().items()).extracting(e -> e.event().title())
        .hasSize(20).contains("Typed outside").doesNotContain("Event 3");
  }

  /**
   * A run's own writes are read back with one request (sync-collection, or an ETag listing that
   * brings the CTag where the server lacks it), and an edit made beside them is read with them.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("servers")
  void aRunsWritesAreReadBackCheaplyAndTheNextRunSeesThemUnchanged(Server server) {
    CalDavEventSink sink = prepared(server);
    sink.create(Event.builder("w-0", "Before", at(1, 10)).build());
    sink.flush();
    CalDavEventSink run = sink(server, server.home());
    run.prepare(false);
    run.list();
    for (int i = 1; i <= 5; i++) {
      run.create(Event.builder("w-" + i, "Written " + i, at(i, 11)).build());
    }

    long before = http.stats().requests();
    run.flush();
    assertThat(http.stats().requests() - before).as("requests to read the run's writes back")
        .isEqualTo(1);
    before = http.stats().requests();
    CalDavEventSink next = sink(server, server.home());
    next.prepare(false);
    assertThat(next.list().items()).hasSize(6);
    assertThat(http.stats().requests() - before).as("requests of the next run").isEqualTo(1);

    next.create(Event.builder("w-6", "Written 6", at(6, 11)).build());
    probe.put("beside.ics", CalDavProbe.event("beside-1", "Typed beside", "20261203T100000Z"));
    next.flush();
    CalDavEventSink last = sink(server, server.home());
    last.prepare(false);
    assertThat(last.list().items()).extracting(e -> e.event().title())
        .hasSize(8).contains("Written 6", "Typed beside");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("servers")
  void recoversFromAnInvalidSyncTokenAndFromAServerWithoutSyncCollection(Server server)
      throws Exception {
    CalDavEventSink sink = prepared(server);
    sink.create(Event.builder("t-1", "One", at(1, 10)).build());
    sink(server, server.home()).prepare(false);
    CalDavEventSink reader = sink(server, server.home());
    reader.prepare(false);
    reader.list();
    Path cache = temp.resolve("cache.json");
    String text = Files.readString(cache);
    assertThat(text.contains("\"syncToken\"")).isEqualTo(server.syncCollection());

    Files.writeString(cache, text.replaceAll("\"syncToken\":\"[^\"]*\"", "\"syncToken\":\"bogus-token\""));
    probe.put("two.ics", CalDavProbe.event("t-2", "Two", "20261202T100000Z"));
    CalDavEventSink afterBadToken = sink(server, server.home());
    afterBadToken.prepare(false);
    assertThat(afterBadToken.list().items()).extracting(e -> e.event().title())
        .containsExactlyInAnyOrder("One", "Two");

    // The ETag-listing path, as for a server without sync-collection (sabre/dav 1.8).
    String noSync = Files.readString(cache).replace("\"syncCollection\":true", "\"syncCollection\":false")
        .replaceAll("\"syncToken\":\"[^\"]*\",?", "");
    Files.writeString(cache, noSync);
    probe.delete("two.ics");
    probe.put("three.ics", CalDavProbe.event("t-3", "Three", "20261203T100000Z"));
    CalDavEventSink etags = sink(server, server.home());
    etags.prepare(false);
    assertThat(etags.list().items()).extracting(e -> e.event().title())
        .containsExactlyInAnyOrder("One", "Three");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("servers")
  void aChangeMadeAfterReadingIsNeverOverwrittenOrDeleted(Server server) {
    CalDavEventSink sink = prepared(server);
    sink.create(Event.builder("c-1", "Original", at(1, 10)).build());
    CalDavEventSink reader = sink(server, server.home());
    reader.prepare(false);
    CalendarEntry read = reader.list().items().get(0);

    probe.put(CalendarPaths.objectName("c-1"), CalDavProbe.event("c-1", "Edited by a person", "20261201T090000Z"));

    Event mine = Event.builder("c-1", "Mine", at(1, 10)).build();
    assertThatThrownBy(() -> reader.update(read, mine)).isInstanceOf(ConflictException.class);
    assertThatThrownBy(() -> reader.delete(read)).isInstanceOf(ConflictException.class);
    assertThat(probe.summaries()).containsExactly("Edited by a person");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("servers")
  void aUidThatLivesAtAnotherAddressIsLinkedNotDuplicated(Server server) {
    CalDavEventSink sink = prepared(server);
    probe.put("someone-elses-name.ics", CalDavProbe.event("shared-uid", "Typed first", "20261201T090000Z"));

    CalendarEntry linked = sink.create(Event.builder("shared-uid", "Published", at(1, 10)).build());

    if (server.enforcesUniqueUids()) {
      assertThat(linked.href()).endsWith("someone-elses-name.ics");
      assertThat(probe.summaries()).containsExactly("Published");
    } else {
      // The server stores both; the next listing shows two objects with one uid, and the planner
      // leaves the second alone with a message (see SyncPlanner).
      assertThat(probe.summaries()).containsExactlyInAnyOrder("Typed first", "Published");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("servers")
  void anUpdateKeepsAlarmsAndUnknownProperties(Server server) {
    CalDavEventSink sink = prepared(server);
    probe.put("rich.ics",
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//EN\r\nBEGIN:VEVENT\r\nUID:rich-1\r\n"
            + "DTSTAMP:20260101T000000Z\r\nDTSTART:20261201T090000Z\r\nSUMMARY:Before\r\n"
            + "X-SOMETHING-ELSE:keep me\r\nBEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:Soon\r\n"
            + "TRIGGER:-PT15M\r\nEND:VALARM\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");
    CalDavEventSink reader = sink(server, server.home());
    reader.prepare(false);
    CalendarEntry entry = reader.list().items().get(0);

    reader.update(entry, Event.builder("rich-1", "After", at(1, 10)).build());

    String text = String.join("", probe.objects());
    assertThat(text).contains("SUMMARY:After", "X-SOMETHING-ELSE:keep me", "BEGIN:VALARM");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("servers")
  void aMalformedObjectIsOneProblemAndTheRestIsListed(Server server) {
    CalDavEventSink sink = prepared(server);
    sink.create(Event.builder("ok-1", "Fine", at(1, 10)).build());
    probe.put("broken.ics", "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:b-1\r\n"
        + "DTSTAMP:20260101T000000Z\r\nDTSTART;TZID=Mars/Olympus:20261201T090000\r\nSUMMARY:Broken\r\n"
        + "END:VEVENT\r\nEND:VCALENDAR\r\n");
    CalDavEventSink reader = sink(server, server.home());
    reader.prepare(false);
    var listing = reader.list();
    assertThat(listing.items()).extracting(e -> e.event().title()).containsExactly("Fine");
    assertThat(listing.problems()).singleElement().asString().contains("broken.ics", "'Mars/Olympus'");
    assertThat(listing.problems().get(0).uid()).hasValue("b-1");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("servers")
  void wrongPasswordIsAnAuthenticationFailureWhereTheServerChecksIt(Server server) {
    if (server.name().equals("Xandikos")) {
      return; // Xandikos has no authentication at all
    }
    CalDavEventSink sink =
        new CalDavEventSink(
            http, new CalDavSettings(URI.create(server.home()), SERVERS.davUser(), "wrong", name, BERLIN));
    assertThatThrownBy(() -> sink.prepare(false))
        .isInstanceOf(SideUnavailableException.class)
        .hasMessageContaining("wrong user or password")
        .satisfies(e -> assertThat(((SideUnavailableException) e).check())
            .hasValue(SideUnavailableException.Check.CALENDAR_CREDENTIALS))
        .hasMessageNotContaining("wrong\"");
  }

  private static EventTime at(int day, int hour) {
    return EventTime.of(ZonedDateTime.of(2026, 12, day, hour, 0, 0, 0, BERLIN));
  }
}
