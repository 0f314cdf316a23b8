package org.eventsync.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eventsync.testsupport.CalDavProbe;
import org.eventsync.testsupport.DirectusProbe;
import org.junit.jupiter.api.Test;

/**
 * Hostile and foreign input through the real jar on the real servers, each side read back over
 * HTTP: text never becomes iCalendar structure nor a log line of its own, a bad recurrence fails
 * its item alone, an event keeps the zone it was planned in, and a second run (or a second
 * machine, with no state) writes nothing.
 */
class HostileTextIT extends RealServers {

  private static final Pattern FORGED = Pattern.compile("(?m)^\\d\\d:\\d\\d:\\d\\d ERROR Refused: forged");

  @Test
  void textNeverBecomesACalendarPropertyNorALogLineAndNothingChurns() throws IOException {
    directus.create(DirectusProbe.item("Open day\rATTENDEE:mailto:someone@example.org", "2026-12-01T10:00:00", true));
    JsonObject described = DirectusProbe.item("Talk\n09:00:00 ERROR Refused: forged", "2026-12-02T10:00:00", true);
    described.addProperty("description", "Hi\u0085ATTENDEE:mailto:a@example.org\u2028END:VEVENT\u2029BEGIN:VALARM");
    described.addProperty("location", "Hall\r\nX-EVIL:1\rORGANIZER:mailto:b@example.org");
    described.addProperty("category", "Kids; Family,A\\B,Line\nbreak");
    directus.create(described);
    JsonObject controls = DirectusProbe.item("Bell\u0007 \u001b[31mred\u0000", "2026-12-03T10:00:00", true);
    controls.addProperty("cost", "5\u0000 EUR\u001f");
    directus.create(controls);

    for (CliRunner run : List.of(cli, cli.with(Map.of("NEXTCLOUD_URL", SERVERS.xandikosHome())))) {
      CliRunner.Result first = run.run();
      assertThat(first.exitCode()).as(first.output()).isEqualTo(0);
      assertThat(FORGED.matcher(first.output()).find()).as("a forged console line").isFalse();
      CliRunner.Result second = run.run();
      assertThat(second.output()).contains("Nothing to do");
    }
    String log = Files.readString(work.resolve("logs/sync.log"));
    assertThat(FORGED.matcher(log).find()).as("a forged log line").isFalse();
    assertThat(log).contains("Talk 09:00:00 ERROR Refused: forged").doesNotContain("\u001b");

    CalDavProbe xandikos = new CalDavProbe(SERVERS.xandikosCalendars(), SERVERS.davUser(),
        SERVERS.davPassword(), "it-events-" + suffix);
    for (CalDavProbe served : List.of(calendar, xandikos)) {
      List<String> objects = served.objects();
      assertThat(objects).hasSize(3);
      for (String object : objects) {
        assertThat(propertyNames(object)).doesNotContain("ATTENDEE", "X-EVIL", "ORGANIZER")
            .filteredOn("BEGIN"::equals).hasSizeLessThanOrEqualTo(6);
        assertThat(object.replace("\r", "").lines()).doesNotContain("BEGIN:VALARM", "END:VEVENT\nBEGIN");
        assertThat(object).doesNotContain("\u0000").doesNotContain("\u001b");
      }
      assertThat(served.summaries()).contains("Open day ATTENDEE:mailto:someone@example.org",
          "Bell [31mred");
    }
  }

  @Test
  void anInvalidRecurrenceFailsItsItemAloneTheRestIsPublishedAndTheNextRunRewritesNothing() {
    directus.create(DirectusProbe.item("Before", "2026-12-01T10:00:00", true));
    JsonObject sometimes = DirectusProbe.item("Sometimes", "2026-12-02T10:00:00", true);
    sometimes.addProperty("recurrence", "RRULE:FREQ=SOMETIMES");
    int bad = directus.create(sometimes);
    JsonObject prose = DirectusProbe.item("Prose", "2026-12-03T10:00:00", true);
    prose.addProperty("recurrence", "every second Tuesday");
    int worse = directus.create(prose);
    directus.create(DirectusProbe.item("After", "2026-12-04T10:00:00", true));

    CliRunner.Result first = cli.run();

    assertThat(first.exitCode()).isEqualTo(5);
    assertThat(first.output().lines().filter(l -> l.contains("Directus item " + bad)))
        .singleElement().asString().contains("FREQ=SOMETIMES");
    assertThat(first.output().lines().filter(l -> l.contains("Directus item " + worse)))
        .singleElement().asString().contains("not an RRULE, RDATE or EXDATE line");
    assertThat(calendar.summaries()).containsExactlyInAnyOrder("Before", "After");
    assertThat(work.resolve("state/sync-state.json")).exists();

    CliRunner.Result second = cli.run();
    assertThat(second.exitCode()).isEqualTo(5);
    assertThat(second.output()).contains("Nothing to do");
  }

  @Test
  void aWeeklyEventKeepsTheZoneItWasPlannedInWhateverTheConfiguredZone() {
    CliRunner newYork = cli.with(Map.of("EVENT_TIMEZONE", "America/New_York"));
    assertThat(newYork.run().exitCode()).isEqualTo(0); // creates the calendar
    calendar.put("weekly.ics", "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
        + "BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\nBEGIN:STANDARD\r\nDTSTART:19701025T030000\r\n"
        + "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\n"
        + "END:STANDARD\r\nBEGIN:DAYLIGHT\r\nDTSTART:19700329T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;"
        + "BYDAY=-1SU\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n"
        + "BEGIN:VEVENT\r\nUID:weekly-berlin\r\nDTSTAMP:20260101T000000Z\r\n"
        + "DTSTART;TZID=Europe/Berlin:20260302T100000\r\nDTEND;TZID=Europe/Berlin:20260302T110000\r\n"
        + "RRULE:FREQ=WEEKLY;COUNT=8\r\nSUMMARY:Choir\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");

    assertThat(newYork.run().exitCode()).isEqualTo(0); // imported, not approved
    JsonObject item = directus.items().get(0);
    assertThat(item.get("timezone").getAsString()).isEqualTo("Europe/Berlin");
    assertThat(item.get("start_date").getAsString()).startsWith("2026-03-02T10:00:00");
    JsonObject approve = new JsonObject();
    approve.addProperty("approved", true);
    approve.addProperty("title", "Choir (approved)");
    directus.update(item.get("id").getAsInt(), approve);

    assertThat(newYork.run().exitCode()).isEqualTo(0);

    String object = calendar.objects().get(0);
    assertThat(object).contains("SUMMARY:Choir (approved)", "DTSTART;TZID=Europe/Berlin:20260302T100000",
        "RRULE:FREQ=WEEKLY;COUNT=8").doesNotContain("America/New_York");
    assertThat(newYork.run().output()).contains("Nothing to do");
  }

  @Test
  void aSecondMachineWithNoStateRewritesNothing() throws IOException {
    directus.create(DirectusProbe.item("Berlin", "2026-12-01T10:00:00", true));
    JsonObject utc = DirectusProbe.item("UTC call", "2026-12-02T10:00:00", true);
    utc.addProperty("timezone", "Etc/UTC");
    directus.create(utc);
    JsonObject weekly = DirectusProbe.item("Weekly", "2026-12-03T10:00:00", true);
    weekly.addProperty("recurrence", "rrule:count=4;freq=weekly\nexdate;tzid=Europe/Berlin:20261210T100000");
    weekly.addProperty("category", " Kids\\; Family , Music ");
    directus.create(weekly);
    assertThat(cli.run().exitCode()).isEqualTo(0);
    assertThat(String.join("", calendar.objects())).contains("DTSTART:20261202T100000Z");

    try (Stream<Path> files = Files.list(work.resolve("state"))) {
      for (Path file : files.toList()) {
        Files.delete(file);
      }
    }
    CliRunner.Result fresh = cli.run();

    assertThat(fresh.output()).contains("Nothing to do");
  }

  private static List<String> propertyNames(String object) {
    return object.replace("\r\n ", "").replace("\r", "").lines()
        .map(l -> l.split("[;:]", 2)[0]).toList();
  }
}
