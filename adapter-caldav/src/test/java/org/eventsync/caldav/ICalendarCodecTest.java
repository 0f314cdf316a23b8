package org.eventsync.caldav;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.eventsync.core.Event;
import org.eventsync.core.EventTime;
import org.eventsync.core.InvalidEventException;
import org.junit.jupiter.api.Test;

class ICalendarCodecTest {

  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private final ICalendarCodec codec = new ICalendarCodec(BERLIN);

  @Test
  void timedEventWithEveryFieldSurvivesARoundTrip() {
    Event event =
        Event.builder(
                "u-1", "Open day", EventTime.of(ZonedDateTime.of(2026, 12, 1, 18, 0, 0, 0, BERLIN)))
            .end(EventTime.of(ZonedDateTime.of(2026, 12, 1, 20, 30, 0, 0, BERLIN)))
            .description("Bring food; or drinks,\nand friends")
            .location("Town hall, room 2")
            .organizer("Jane Doe <jane@example.org>")
            .cost("5 EUR")
            .category("Community")
            .website("https://example.org/open-day")
            .recurrence("RRULE:FREQ=WEEKLY;COUNT=3")
            .build();

    String text = codec.format(event);

    assertThat(text).contains("BEGIN:VTIMEZONE", "TZID=Europe/Berlin", "X-COST:5 EUR");
    assertThat(codec.parse(text)).isEqualTo(event);
  }

  @Test
  void allDayEventKeepsDates() {
    Event event =
        Event.builder("u-2", "Fair", EventTime.of(LocalDate.of(2026, 7, 4)))
            .end(EventTime.of(LocalDate.of(2026, 7, 6)))
            .build();

    String text = codec.format(event);

    assertThat(text).contains("DTSTART;VALUE=DATE:20260704").doesNotContain("VTIMEZONE");
    assertThat(codec.parse(text)).isEqualTo(event);
  }

  @Test
  void newlinesInTextCannotInjectProperties() {
    Event event =
        Event.builder(
                "u-3",
                "Title\r\nATTENDEE:mailto:evil@example.org\r\nX-INJECTED:1",
                EventTime.of(ZonedDateTime.of(2026, 1, 1, 10, 0, 0, 0, BERLIN)))
            .build();

    String text = codec.format(event);

    assertThat(text).doesNotContain("\r\nATTENDEE").doesNotContain("\r\nX-INJECTED");
    assertThat(codec.parse(text).title()).isEqualTo(event.title().replace("\r\n", "\n"));
  }

  @Test
  void organizerWithoutAddressTravelsAsAnExtension() {
    Event event =
        Event.builder("u-4", "Talk", EventTime.of(ZonedDateTime.of(2026, 1, 1, 10, 0, 0, 0, BERLIN)))
            .organizer("The Garden Club")
            .build();

    assertThat(codec.format(event)).contains("X-ORGANIZER:The Garden Club");
    assertThat(codec.parse(codec.format(event))).isEqualTo(event);
  }

  @Test
  void anEventWithoutSummaryIsReadAsUntitled() {
    // SUMMARY is optional in iCalendar (RFC 5545 3.6.1): such an event is moderated, not lost.
    String text =
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:x1\r\n"
            + "DTSTART:20260101T100000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

    assertThat(codec.parse(text).title()).isEqualTo("(untitled)");
  }

  @Test
  void malformedTextIsNamed() {
    assertThatThrownBy(() -> codec.parse("BEGIN:VCALENDAR\r\nthis is not ical"))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageStartingWith("malformed iCalendar");
  }

  @Test
  void parsesManyObjectsWithTimeZonesWithoutExhaustingIcal4j() {
    Event event =
        Event.builder("u-5", "Zoned", EventTime.of(ZonedDateTime.of(2026, 3, 29, 1, 30, 0, 0, BERLIN)))
            .build();
    String text = codec.format(event);
    for (int i = 0; i < 5000; i++) {
      assertThat(codec.parse(text)).isEqualTo(event);
    }
  }

  @Test
  void mergeKeepsOverriddenInstancesAlarmsAndUnknownPropertiesAndTheirZones() {
    String existing =
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n"
            + "BEGIN:VEVENT\r\nUID:r-1\r\nDTSTAMP:20260101T000000Z\r\n"
            + "DTSTART;TZID=America/New_York:20261201T090000\r\nSUMMARY:Weekly\r\n"
            + "RRULE:FREQ=WEEKLY;COUNT=4\r\nX-KEEP:yes\r\nBEGIN:VALARM\r\nACTION:DISPLAY\r\n"
            + "DESCRIPTION:Soon\r\nTRIGGER:-PT10M\r\nEND:VALARM\r\nEND:VEVENT\r\n"
            + "BEGIN:VEVENT\r\nUID:r-1\r\nDTSTAMP:20260101T000000Z\r\n"
            + "RECURRENCE-ID;TZID=America/New_York:20261208T090000\r\n"
            + "DTSTART;TZID=America/New_York:20261208T100000\r\nSUMMARY:Moved once\r\n"
            + "END:VEVENT\r\nEND:VCALENDAR\r\n";
    Event update =
        Event.builder("r-1", "Weekly (new title)",
                EventTime.of(ZonedDateTime.of(2026, 12, 1, 15, 0, 0, 0, BERLIN)))
            .recurrence("RRULE:FREQ=WEEKLY;COUNT=4")
            .build();

    String merged = codec.merge(existing, update);

    assertThat(merged)
        .contains("SUMMARY:Weekly (new title)", "X-KEEP:yes", "BEGIN:VALARM", "SUMMARY:Moved once",
            "RECURRENCE-ID;TZID=America/New_York", "TZID:America/New_York", "TZID:Europe/Berlin")
        .doesNotContain("SUMMARY:Weekly\r\n");
    assertThat(codec.parse(merged)).isEqualTo(update);
  }

  private static final String SHARED_OCCURRENCE =
      "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n"
          + "BEGIN:VEVENT\r\nUID:o-1\r\nDTSTAMP:20260101T000000Z\r\n"
          + "RECURRENCE-ID;VALUE=DATE:20261208\r\n"
          + "DTSTART;TZID=Europe/Berlin:20261208T100000\r\nSUMMARY:Board meeting\r\n"
          + "ATTENDEE;CN=Ann:mailto:ann@example.org\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

  @Test
  void anOccurrenceSharedWithoutItsSeriesIsReadAsAnEventAndWrittenBackAsThatOccurrence() {
    Event read = codec.parse(SHARED_OCCURRENCE);
    assertThat(read.uid()).isEqualTo("o-1");
    assertThat(read.title()).isEqualTo("Board meeting");
    assertThat(read.start()).isEqualTo(EventTime.of(ZonedDateTime.of(2026, 12, 8, 10, 0, 0, 0, BERLIN)));
    assertThat(read.recurrence()).isEmpty();

    Event edited = Event.builder("o-1", "Board meeting (approved)", read.start()).build();
    String merged = codec.merge(SHARED_OCCURRENCE, edited);

    assertThat(merged)
        .contains("RECURRENCE-ID;VALUE=DATE:20261208", "SUMMARY:Board meeting (approved)",
            "ATTENDEE;CN=Ann:mailto:ann@example.org");
    assertThat(merged.substring(merged.indexOf("BEGIN:VEVENT"))).doesNotContain("RRULE");
    assertThat(merged.split("BEGIN:VEVENT", -1)).hasSize(2);
    assertThat(codec.parse(merged)).isEqualTo(edited);
  }

  @Test
  void whenTheSeriesJoinsTheOccurrenceTheSeriesIsTheEventUnderTheSameUid() {
    String joined = SHARED_OCCURRENCE.replace("BEGIN:VEVENT",
        "BEGIN:VEVENT\r\nUID:o-1\r\nDTSTAMP:20260101T000000Z\r\n"
            + "DTSTART;TZID=Europe/Berlin:20261201T090000\r\nSUMMARY:Board\r\n"
            + "RRULE:FREQ=WEEKLY;COUNT=4\r\nEND:VEVENT\r\nBEGIN:VEVENT");

    Event read = codec.parse(joined);

    assertThat(read.uid()).isEqualTo("o-1");
    assertThat(read.title()).isEqualTo("Board");
    assertThat(read.recurrence()).contains("RRULE:FREQ=WEEKLY;COUNT=4");
  }

  @Test
  void severalOccurrencesWithoutTheirSeriesAreRefusedInOneLine() {
    String two = SHARED_OCCURRENCE.replace("END:VCALENDAR",
        "BEGIN:VEVENT\r\nUID:o-1\r\nDTSTAMP:20260101T000000Z\r\n"
            + "RECURRENCE-ID;VALUE=DATE:20261215\r\nDTSTART;VALUE=DATE:20261215\r\n"
            + "SUMMARY:Board\r\nEND:VEVENT\r\nEND:VCALENDAR");

    assertThatThrownBy(() -> codec.parse(two))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("holds 2 overridden instances (RECURRENCE-ID)")
        .hasMessageNotContaining("\n");
  }

  @Test
  void aRuleWithEscapedSeparatorsIsReadAsTheRuleItSpellsAndWrittenPlain() {
    String ruby = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//LinkeSOFT GmbH//NONSGML DIMEX//EN\r\n"
        + "BEGIN:VEVENT\r\nUID:r-1\r\nDTSTAMP:20080529T152100\r\nRRULE:FREQ=DAILY\\;COUNT=10\r\n"
        + "DTSTART:20030101T070000\r\nSUMMARY:Something\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

    Event read = codec.parse(ruby);
    String merged = codec.merge(ruby, Event.builder("r-1", "Something (approved)", read.start())
        .recurrence(read.recurrence().orElseThrow()).build());

    assertThat(read.recurrence()).contains("RRULE:FREQ=DAILY;COUNT=10");
    assertThat(merged).contains("RRULE:FREQ=DAILY;COUNT=10").doesNotContain("\\;");
    assertThat(codec.parse(merged).recurrence()).isEqualTo(read.recurrence());
  }

  @Test
  void readsLinesFoldedWithBareLineFeedsAsXmlParsersDeliverThem() {
    String text =
        "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:x\nBEGIN:VEVENT\nUID:f-1\n"
            + "SUMMARY:A long title folded\n  over two lines\nDTSTART:20261201T100000Z\n"
            + "END:VEVENT\nEND:VCALENDAR\n";

    Event event = codec.parse(text);

    assertThat(event.title()).isEqualTo("A long title folded over two lines");
    assertThat(event.start().toString()).isEqualTo("2026-12-01T10:00Z");
  }
}
