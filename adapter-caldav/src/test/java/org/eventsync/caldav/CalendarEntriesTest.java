package org.eventsync.caldav;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Optional;
import org.eventsync.core.CalendarEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Objects are parsed once per version, and what they were read as survives the process. */
class CalendarEntriesTest {

  private static final String OBJECT = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:t\r\nBEGIN:VEVENT\r\n"
      + "UID:a@x\r\nDTSTAMP:20261201T000000Z\r\nDTSTART;TZID=Europe/Berlin:20261202T100000\r\n"
      + "SUMMARY:Talk\r\nLOCATION:Hall B\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

  @TempDir Path dir;

  @Test
  void aSecondProcessTakesTheEventFromTheCacheWithoutParsing() throws Exception {
    Path file = dir.resolve("calendar-cache.json");
    ICalendarCodec codec = new ICalendarCodec(ZoneId.of("Europe/Berlin"));
    CalendarMirror first = CalendarMirror.load(Optional.of(file), "cal");
    first.put("/c/a.ics", "/c/a.ics", "\"1\"", OBJECT, Optional.empty());
    CalendarEntry parsed = new CalendarEntries(codec).of(first).items().get(0);
    first.save();

    // The body is damaged on disk: only a reader that parsed it again would notice.
    Files.writeString(file, Files.readString(file).replace("SUMMARY:Talk", "SUMMARY;X=\\\"broken"));
    CalendarMirror second = CalendarMirror.load(Optional.of(file), "cal");
    var listing = new CalendarEntries(codec).of(second);

    assertThat(listing.problems()).isEmpty();
    assertThat(listing.items()).containsExactly(parsed);
  }

  @Test
  void aChangedObjectIsParsedAgain() {
    ICalendarCodec codec = new ICalendarCodec(ZoneId.of("Europe/Berlin"));
    CalendarMirror mirror = CalendarMirror.load(Optional.empty(), "cal");
    mirror.put("/c/a.ics", "/c/a.ics", "\"1\"", OBJECT, Optional.empty());
    new CalendarEntries(codec).of(mirror);

    mirror.put("/c/a.ics", "/c/a.ics", "\"2\"", OBJECT.replace("SUMMARY:Talk", "SUMMARY:Moved"),
        Optional.empty());

    assertThat(new CalendarEntries(codec).of(mirror).items())
        .singleElement().satisfies(e -> assertThat(e.event().title()).isEqualTo("Moved"));
  }

  @Test
  void anObjectThisClientWroteIsListedAsTheEventItWroteWithoutParsing() {
    ICalendarCodec codec = new ICalendarCodec(ZoneId.of("Europe/Berlin"));
    CalendarMirror mirror = CalendarMirror.load(Optional.empty(), "cal");
    CalendarEntry read = new CalendarEntries(codec).of(withObject(mirror)).items().get(0);
    CalendarMirror written = CalendarMirror.load(Optional.empty(), "cal");
    // A text that would not parse: only a listing that parsed it would notice.
    written.put("/c/a.ics", "/c/a.ics", "\"1\"", OBJECT.replace("SUMMARY:Talk", "SUMMARY;X=\\\"broken"),
        Optional.of(read.event()));

    assertThat(new CalendarEntries(codec).of(written).items()).containsExactly(read);
  }

  @Test
  void aProblemIsNewInTheFirstListingOfAVersionAndRepeatedInLaterOnesEvenInAnotherProcess() {
    Path file = dir.resolve("calendar-cache.json");
    ICalendarCodec codec = new ICalendarCodec(ZoneId.of("Europe/Berlin"));
    String noStart = OBJECT.replace("DTSTART;TZID=Europe/Berlin:20261202T100000\r\n", "");
    CalendarMirror first = CalendarMirror.load(Optional.of(file), "cal");
    first.put("/c/a.ics", "/c/a.ics", "\"1\"", noStart, Optional.empty());

    var found = new CalendarEntries(codec).of(first).problems();
    var again = new CalendarEntries(codec).of(first).problems();
    first.save();
    var nextProcess = new CalendarEntries(codec).of(CalendarMirror.load(Optional.of(file), "cal")).problems();
    first.put("/c/a.ics", "/c/a.ics", "\"2\"", noStart.replace("Talk", "Talk (edited)"), Optional.empty());
    var changed = new CalendarEntries(codec).of(first).problems();

    assertThat(found).singleElement().satisfies(p -> {
      assertThat(p.problem()).contains("missing DTSTART");
      assertThat(p.uid()).contains("a@x");
      assertThat(p.repeated()).isFalse();
    });
    assertThat(again).singleElement().isEqualTo(found.get(0).again());
    assertThat(nextProcess).singleElement().isEqualTo(found.get(0).again());
    assertThat(changed).singleElement().satisfies(p -> assertThat(p.repeated()).isFalse());
  }

  private static CalendarMirror withObject(CalendarMirror mirror) {
    mirror.put("/c/a.ics", "/c/a.ics", "\"1\"", OBJECT, Optional.empty());
    return mirror;
  }
}
