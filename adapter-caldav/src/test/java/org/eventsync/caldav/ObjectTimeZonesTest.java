package org.eventsync.caldav;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.eventsync.core.Event;
import org.eventsync.core.EventTime;
import org.eventsync.core.InvalidEventException;
import org.junit.jupiter.api.Test;

/** Each object's own VTIMEZONE defines its TZIDs; names alone never borrow another's rules. */
class ObjectTimeZonesTest {

  private final ICalendarCodec codec = new ICalendarCodec(ZoneId.of("Europe/Berlin"));

  @Test
  void outlookReusesOneNameForDifferentZonesAndEachObjectKeepsItsOwn() {
    Event india = codec.parse(fixedZoneObject("a", "Customized Time Zone", "+0530"));
    Event brazil = codec.parse(fixedZoneObject("b", "Customized Time Zone", "-0300"));
    Event indiaAgain = codec.parse(fixedZoneObject("c", "Customized Time Zone", "+0530"));

    assertThat(instant(india)).isEqualTo(Instant.parse("2026-12-01T04:30:00Z"));
    assertThat(instant(brazil)).isEqualTo(Instant.parse("2026-12-01T13:00:00Z"));
    assertThat(instant(indiaAgain)).isEqualTo(instant(india));
    assertThat(zone(india)).isEqualTo(ZoneId.of("UTC+05:30"));
  }

  @Test
  void anIanaNameWithOtherEmbeddedRulesIsReadByTheEmbeddedRules() {
    Event event = codec.parse(fixedZoneObject("d", "Europe/Berlin", "+0530"));

    assertThat(instant(event)).isEqualTo(Instant.parse("2026-12-01T04:30:00Z"));
  }

  @Test
  void anIanaNameWhoseEmbeddedRulesAgreeIsJavasZone() {
    Event event = codec.parse(berlinRulesObject("e", "Europe/Berlin"));

    assertThat(zone(event)).isEqualTo(ZoneId.of("Europe/Berlin"));
    assertThat(instant(event)).isEqualTo(Instant.parse("2026-07-01T08:00:00Z"));
  }

  @Test
  void windowsNamesMapToIanaZones() {
    Event withRules = codec.parse(berlinRulesObject("f", "W. Europe Standard Time"));
    Event bare = codec.parse(object("g", "", "DTSTART;TZID=\"Eastern Standard Time\":20260701T100000"));

    assertThat(zone(withRules)).isEqualTo(ZoneId.of("Europe/Berlin"));
    assertThat(instant(bare)).isEqualTo(Instant.parse("2026-07-01T14:00:00Z"));
    assertThat(zone(bare).getRules()).isEqualTo(ZoneId.of("America/New_York").getRules());
  }

  @Test
  void customRulesWithDaylightSavingFindTheIanaZoneThatMatchesThem() {
    Event event = codec.parse(berlinRulesObject("h", "Customized Time Zone"));

    assertThat(instant(event)).isEqualTo(Instant.parse("2026-07-01T08:00:00Z"));
    assertThat(zone(event).getRules().getOffset(Instant.parse("2026-01-15T00:00:00Z")))
        .isEqualTo(ZoneOffset.ofHours(1));
  }

  @Test
  void anUnknownZoneWithoutItsVtimezoneIsOneClearLine() {
    assertThatThrownBy(() -> codec.parse(object("i", "", "DTSTART;TZID=Mars/Olympus:20260701T100000")))
        .isInstanceOf(InvalidEventException.class)
        .hasMessage("DTSTART uses the time zone 'Mars/Olympus', which the object does not define"
            + " (no VTIMEZONE) and which is not a known zone");
  }

  @Test
  void utcEquivalentZonesAreWrittenAsUtcAndCompareEqual() {
    ZonedDateTime ten = ZonedDateTime.of(2026, 7, 1, 10, 0, 0, 0, ZoneId.of("Etc/UTC"));
    Event etc = Event.builder("j", "Meeting", EventTime.of(ten)).build();
    Event zulu = Event.builder("j", "Meeting", EventTime.of(ten.withZoneSameInstant(ZoneOffset.UTC))).build();

    String text = codec.format(etc);

    assertThat(text).contains("DTSTART:20260701T100000Z").doesNotContain("TZID");
    assertThat(codec.parse(text).contentHash()).isEqualTo(etc.contentHash()).isEqualTo(zulu.contentHash());
    for (String id : new String[] {"UTC", "GMT", "Zulu", "Etc/GMT", "Universal"}) {
      Event other = Event.builder("j", "Meeting", EventTime.of(ten.withZoneSameInstant(ZoneId.of(id)))).build();
      assertThat(other.contentHash()).as(id).isEqualTo(etc.contentHash());
    }
  }

  @Test
  void aFixedOffsetZoneIsWrittenWithItsVtimezoneAndReadBackTheSame() {
    Event event = codec.parse(fixedZoneObject("k", "Customized Time Zone", "+0530"));

    String text = codec.format(event);

    assertThat(text).contains("TZID:UTC+05:30", "DTSTART;TZID=\"UTC+05:30\":20261201T100000");
    assertThat(codec.parse(text)).isEqualTo(event);
  }

  @Test
  void exceptionDatesInAnObjectsOwnZoneAreRenamedToTheZoneTheyMean() {
    Event event = codec.parse(object("l", fixedZone("Customized Time Zone", "+0530"),
        "DTSTART;TZID=Customized Time Zone:20261201T100000\r\nRRULE:FREQ=WEEKLY;COUNT=4\r\n"
            + "EXDATE;TZID=Customized Time Zone:20261208T100000"));

    assertThat(event.recurrence()).hasValue(
        "RRULE:FREQ=WEEKLY;COUNT=4\nEXDATE;TZID=\"UTC+05:30\":20261208T100000");
    String text = codec.format(event);
    assertThat(text).contains("TZID:UTC+05:30");
    assertThat(codec.parse(text)).isEqualTo(event);
  }

  /**
   * Before a zone's last irregular change the writer uses ical4j's whole history of the zone, in
   * rules ical4j writes (a yearly rule without BYMONTH); what it writes, the reader reads back as
   * the same instant, in every zone Java knows.
   */
  @Test
  void everyZonesWrittenHistoryIsReadBackAsTheSameInstant() {
    List<String> wrong = new ArrayList<>();
    for (String id : new TreeSet<>(ZoneId.getAvailableZoneIds())) {
      if (id.startsWith("ical4j")) {
        continue; // zones ical4j registers for VTIMEZONEs it parsed, not names a calendar uses
      }
      for (String local : List.of("19750701T100000", "19900115T100000", "20100401T100000")) {
        String uid = "z-" + id + "-" + local;
        try {
          Event event = codec.parse(object(uid, "", "DTSTART;TZID=" + id + ":" + local));
          Event again = codec.parse(codec.format(event));
          if (!instant(again).equals(instant(event))) {
            wrong.add(id + " " + local + ": " + instant(event) + " read back as " + instant(again));
          }
        } catch (RuntimeException e) {
          wrong.add(id + " " + local + ": " + e.getMessage());
        }
      }
    }
    assertThat(wrong).isEmpty();
  }

  private static Instant instant(Event event) {
    return ((EventTime.At) event.start()).time().toInstant();
  }

  private static ZoneId zone(Event event) {
    return ((EventTime.At) event.start()).time().getZone();
  }

  private static String fixedZone(String tzid, String offset) {
    return "BEGIN:VTIMEZONE\r\nTZID:" + tzid + "\r\nBEGIN:STANDARD\r\nDTSTART:16010101T000000\r\n"
        + "TZOFFSETFROM:" + offset + "\r\nTZOFFSETTO:" + offset + "\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n";
  }

  private static String fixedZoneObject(String uid, String tzid, String offset) {
    return object(uid, fixedZone(tzid, offset), "DTSTART;TZID=\"" + tzid + "\":20261201T100000");
  }

  private static String berlinRulesObject(String uid, String tzid) {
    String zone = "BEGIN:VTIMEZONE\r\nTZID:" + tzid + "\r\n"
        + "BEGIN:STANDARD\r\nDTSTART:16011028T030000\r\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r\n"
        + "TZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\n"
        + "BEGIN:DAYLIGHT\r\nDTSTART:16010325T020000\r\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r\n"
        + "TZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n";
    return object(uid, zone, "DTSTART;TZID=\"" + tzid + "\":20260701T100000");
  }

  private static String object(String uid, String zones, String start) {
    return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n" + zones
        + "BEGIN:VEVENT\r\nUID:" + uid + "\r\nDTSTAMP:20260101T000000Z\r\n" + start
        + "\r\nSUMMARY:Zoned\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
  }
}
