package org.eventsync.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.eventsync.testsupport.CalDavProbe;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One occurrence of someone else's series, shared without the series (what Google and Outlook
 * put in a calendar when one occurrence is forwarded): a calendar object whose only VEVENT has a
 * RECURRENCE-ID. It is imported as its own event, not approved; approved and retitled, its
 * calendar object keeps its RECURRENCE-ID and stays one occurrence; when the series joins the
 * object, the item follows it under the same uid, without a second item. On Xandikos and sabre/dav
 * (Nextcloud's server); Radicale refuses such an object from any client ("Main component
 * missing"), so a Radicale calendar never holds one.
 */
class SharedOccurrenceIT extends RealServers {

  private static String occurrence(String uid, String title) {
    return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\n"
        + "BEGIN:VEVENT\r\nUID:" + uid + "\r\nDTSTAMP:20261201T080000Z\r\n"
        + "RECURRENCE-ID:20261208T090000Z\r\nDTSTART:20261208T100000Z\r\n"
        + "DTEND:20261208T110000Z\r\nSUMMARY:" + title + "\r\n"
        + "ATTENDEE;CN=Ann;PARTSTAT=ACCEPTED:mailto:ann@example.org\r\nEND:VEVENT\r\n"
        + "END:VCALENDAR\r\n";
  }

  private static String withSeries(String occurrence, String uid) {
    return occurrence.replace("BEGIN:VEVENT",
        "BEGIN:VEVENT\r\nUID:" + uid + "\r\nDTSTAMP:20261201T080000Z\r\n"
            + "DTSTART:20261201T090000Z\r\nDTEND:20261201T100000Z\r\nSUMMARY:Board (weekly)\r\n"
            + "RRULE:FREQ=WEEKLY;COUNT=6\r\nEND:VEVENT\r\nBEGIN:VEVENT");
  }

  private CalDavProbe calendar;

  static Stream<Arguments> servers() {
    return Stream.of(
        Arguments.of("Xandikos", SERVERS.xandikosHome(), SERVERS.xandikosCalendars()),
        Arguments.of("sabre/dav", SERVERS.sabreHome(), SERVERS.sabreHome()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("servers")
  void aSharedOccurrenceIsImportedKeptAsAnOccurrenceAndJoinedByItsSeries(String server, String home,
      String calendars) {
    calendar = new CalDavProbe(calendars, SERVERS.davUser(), SERVERS.davPassword(), "it-events-" + suffix);
    // With calendar edits of pending events copied, the pending item visibly follows its object.
    cli = cli.with(Map.of("NEXTCLOUD_URL", home, "IMPORT_CALENDAR_EDITS", "true"));
    try {
      syncOccurrences();
    } finally {
      calendar.deleteCalendar();
    }
  }

  private void syncOccurrences() {
    assertThat(cli.run().exitCode()).isZero(); // creates the calendar
    calendar.put("approved-one.ics", occurrence("occ-a-" + suffix, "Board meeting"));
    calendar.put("series-joins.ics", occurrence("occ-b-" + suffix, "Planning"));

    CliRunner.Result imported = cli.run();

    assertThat(imported.exitCode()).as(imported.output()).isZero();
    JsonObject a = item("occ-a-" + suffix).orElseThrow();
    assertThat(a.get("title").getAsString()).isEqualTo("Board meeting");
    assertThat(a.get("approved").getAsBoolean()).isFalse();
    assertThat(item("occ-b-" + suffix)).isPresent();

    JsonObject approve = new JsonObject();
    approve.addProperty("approved", true);
    approve.addProperty("title", "Board meeting (room 2)");
    directus.update(a.get("id").getAsInt(), approve);
    calendar.put("series-joins.ics", withSeries(occurrence("occ-b-" + suffix, "Planning"), "occ-b-" + suffix));

    CliRunner.Result second = cli.run();

    assertThat(second.exitCode()).as(second.output()).isZero();
    String written = object("occ-a-" + suffix);
    assertThat(written)
        .contains("RECURRENCE-ID:20261208T090000Z", "SUMMARY:Board meeting (room 2)", "ATTENDEE;")
        .doesNotContain("RRULE");
    assertThat(written.split("BEGIN:VEVENT", -1)).as("still one occurrence").hasSize(2);
    List<JsonObject> items = directus.items();
    assertThat(items).as("the series joined its occurrence's item").hasSize(2);
    JsonObject b = item("occ-b-" + suffix).orElseThrow();
    assertThat(b.get("title").getAsString()).isEqualTo("Board (weekly)");
    assertThat(b.get("recurrence").getAsString()).contains("FREQ=WEEKLY;COUNT=6");
    assertThat(object("occ-b-" + suffix)).contains("RECURRENCE-ID:20261208T090000Z", "SUMMARY:Planning");
    assertConverged("after the series joined", calendar);

    CliRunner.Result third = cli.run();
    assertThat(third.exitCode()).isZero();
    assertThat(third.output()).contains("Nothing to do");
  }

  private Optional<JsonObject> item(String uid) {
    return directus.items().stream().filter(i -> i.get("ical_uid").getAsString().equals(uid)).findFirst();
  }

  private String object(String uid) {
    return calendar.objects().stream().filter(o -> o.contains("UID:" + uid)).findFirst().orElseThrow();
  }
}
