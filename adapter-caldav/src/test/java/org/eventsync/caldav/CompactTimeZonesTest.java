package org.eventsync.caldav;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRulesProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.component.Observance;
import net.fortuna.ical4j.model.property.DtStart;
import net.fortuna.ical4j.model.property.RDate;
import net.fortuna.ical4j.model.property.RRule;
import net.fortuna.ical4j.model.property.TzOffsetFrom;
import net.fortuna.ical4j.model.property.TzOffsetTo;
import net.fortuna.ical4j.model.component.VTimeZone;
import org.eventsync.core.Event;
import org.eventsync.core.EventTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CompactTimeZonesTest {

  /**
   * Every zone Java knows: the compact VTIMEZONE, read back from its text and expanded as RFC 5545
   * says (each observance's RRULE from its DTSTART and its RDATEs, in TZOFFSETFROM time), gives
   * the offset Java gives, on every other day from its first time to 2045 and on both sides of
   * every transition: for an object of 2026, and for one of 1975, before most zones' last change.
   */
  @ParameterizedTest
  @ValueSource(strings = {"2026-01-01T00:00:00Z", "1975-01-01T00:00:00Z"})
  void compactZonesAgreeWithJavaEverywhere(String first) throws Exception {
    Instant FROM = Instant.parse(first);
    int compact = 0;
    List<String> declined = new ArrayList<>();
    List<String> wrong = new ArrayList<>();
    for (String id : ZoneRulesProvider.getAvailableZoneIds()) {
      ZoneId zone = ZoneId.of(id);
      if (id.startsWith("ical4j")) {
        assertThat(CompactTimeZones.of(zone, FROM)).as("ical4j's own zone %s", id).isEmpty();
        continue;
      }
      Optional<VTimeZone> built = CompactTimeZones.of(zone, FROM);
      if (built.isEmpty()) {
        declined.add(id);
        continue;
      }
      compact++;
      List<Onset> onsets = onsets(reparse(built.get()));
      List<Instant> probes = new ArrayList<>();
      for (Instant t = FROM; t.isBefore(Instant.parse("2046-01-01T00:00:00Z"));
          t = t.plus(Duration.ofHours(47))) {
        probes.add(t);
      }
      ZoneOffsetTransition next = zone.getRules().nextTransition(FROM);
      while (next != null && next.getInstant().isBefore(Instant.parse("2046-01-01T00:00:00Z"))) {
        probes.add(next.getInstant().minusSeconds(1));
        probes.add(next.getInstant());
        next = zone.getRules().nextTransition(next.getInstant());
      }
      probes.sort(Comparator.naturalOrder());
      int at = -1;
      for (Instant probe : probes) {
        while (at + 1 < onsets.size() && !onsets.get(at + 1).at().isAfter(probe)) {
          at++;
        }
        // Before the first onset the offset is the earliest observance's TZOFFSETFROM.
        int offset = at < 0 ? onsets.get(0).fromSeconds() : onsets.get(at).offsetSeconds();
        if (offset != zone.getRules().getOffset(probe).getTotalSeconds()) {
          wrong.add(id + " at " + probe);
          break;
        }
      }
    }
    assertThat(wrong).as("zones whose compact form gives another offset than Java").isEmpty();
    assertThat(compact).as("zones with a compact form").isGreaterThan(500);
    assertThat(declined).as("declined zones").isEmpty();
  }

  @Test
  void beforeAZonesLastChangeTheChangesSinceTheObjectsFirstTimeAreRDates() {
    String berlin1990 = CompactTimeZones.of(ZoneId.of("Europe/Berlin"),
        Instant.parse("1990-06-01T00:00:00Z")).orElseThrow().toString();
    String berlin2000 = CompactTimeZones.of(ZoneId.of("Europe/Berlin"),
        Instant.parse("2000-06-01T00:00:00Z")).orElseThrow().toString();

    assertThat(berlin1990).contains("DTSTART:19910331T020000", "RDATE:19920329T020000,",
            "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU")
        .doesNotContain("RDATE:1989");
    assertThat(berlin2000).doesNotContain("RDATE");
  }

  @Test
  void publishedObjectsCarryTheCompactFormAndOldEventsTheChangesSinceThen() {
    ZoneId berlin = ZoneId.of("Europe/Berlin");
    ICalendarCodec codec = new ICalendarCodec(berlin);
    Event recent =
        Event.builder("u", "T", EventTime.of(ZonedDateTime.of(2026, 3, 1, 10, 0, 0, 0, berlin)))
            .build();
    Event old =
        Event.builder("u", "T", EventTime.of(ZonedDateTime.of(1980, 3, 1, 10, 0, 0, 0, berlin)))
            .build();

    String recentText = codec.format(recent);
    String oldText = codec.format(old);

    assertThat(recentText)
        .contains("RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU")
        .hasSizeLessThan(800);
    assertThat(oldText).contains("RDATE:").hasSizeLessThan(1600);
    assertThat(codec.parse(recentText)).isEqualTo(recent);
    assertThat(codec.parse(oldText)).isEqualTo(old);
  }

  private record Onset(Instant at, int fromSeconds, int offsetSeconds) {}

  /** Every onset to 2046; ical4j's own TimeZone is only day-accurate near changes. */
  private static List<Onset> onsets(VTimeZone tz) {
    List<Onset> onsets = new ArrayList<>();
    for (Observance o : tz.getObservances()) {
      LocalDateTime start = (LocalDateTime) o.<DtStart<LocalDateTime>>getRequiredProperty("DTSTART").getDate();
      ZoneOffset from = o.<TzOffsetFrom>getRequiredProperty("TZOFFSETFROM").getOffset();
      ZoneOffset to = o.<TzOffsetTo>getRequiredProperty("TZOFFSETTO").getOffset();
      Optional<RRule<LocalDateTime>> rrule = o.getProperty("RRULE");
      List<LocalDateTime> dates =
          rrule.isEmpty()
              ? List.of(start)
              : rrule.get().getRecur().getDates(start, start, LocalDateTime.of(2046, 1, 1, 0, 0));
      dates = new ArrayList<>(dates);
      for (Object rdate : o.getProperties("RDATE")) {
        for (Object d : ((RDate<?>) rdate).getDates()) {
          dates.add((LocalDateTime) d);
        }
      }
      dates.forEach(d -> onsets.add(new Onset(d.toInstant(from), from.getTotalSeconds(), to.getTotalSeconds())));
    }
    onsets.sort(Comparator.comparing(Onset::at));
    return onsets;
  }

  private static VTimeZone reparse(VTimeZone tz) throws Exception {
    String text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:t\r\n" + tz + "END:VCALENDAR\r\n";
    Calendar calendar = new CalendarBuilder().build(new StringReader(text));
    return (VTimeZone) calendar.getComponents(Component.VTIMEZONE).get(0);
  }
}
