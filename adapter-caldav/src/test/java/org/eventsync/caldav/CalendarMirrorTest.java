package org.eventsync.caldav;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Optional;
import org.eventsync.core.Event;
import org.eventsync.core.EventTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The calendar cache's head is read at once, its objects only when a run needs them. */
class CalendarMirrorTest {

  @TempDir Path dir;

  private Path saved() {
    Path file = dir.resolve("calendar-cache.json");
    CalendarMirror mirror = CalendarMirror.load(Optional.of(file), "cal");
    mirror.reset("http://dav/cal/");
    mirror.syncToken("token-7");
    mirror.put("/cal/a.ics", "/cal/a.ics", "\"1\"", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", Optional.empty());
    mirror.save();
    return file;
  }

  @Test
  void theHeadIsReadWithoutTheObjectsAndTheObjectsWhenAsked() throws Exception {
    Path file = saved();
    // Objects that could not be parsed would fail a reader that read them at load.
    String text = Files.readString(file);
    Files.writeString(file, text.replace("\"items\":{", "\"items\":{\"x\":[[[[[["));

    CalendarMirror mirror = CalendarMirror.load(Optional.of(file), "cal");

    assertThat(mirror.calendarUrl()).hasValue("http://dav/cal/");
    assertThat(mirror.syncToken()).hasValue("token-7");

    assertThat(mirror.load()).as("the damaged objects cannot be read back").isFalse();
    assertThat(mirror.syncToken()).as("so the calendar is read in full").isEmpty();
    assertThat(mirror.calendarUrl()).hasValue("http://dav/cal/");
    assertThat(mirror.items()).isEmpty();
  }

  @Test
  void anIntactCacheGivesItsObjectsOnFirstUse() {
    Path file = saved();

    CalendarMirror mirror = CalendarMirror.load(Optional.of(file), "cal");

    assertThat(mirror.load()).isTrue();
    assertThat(mirror.items()).containsOnlyKeys("/cal/a.ics");
    assertThat(mirror.syncToken()).hasValue("token-7");
  }

  @Test
  void savingAfterAHeadChangeKeepsTheObjects() {
    Path file = saved();
    CalendarMirror mirror = CalendarMirror.load(Optional.of(file), "cal");
    mirror.syncToken("token-8");
    mirror.save();

    CalendarMirror again = CalendarMirror.load(Optional.of(file), "cal");

    assertThat(again.syncToken()).hasValue("token-8");
    assertThat(again.items()).containsOnlyKeys("/cal/a.ics");
  }

  @Test
  void objectsAreKeptPackedAndWhatTheyWereReadAsAsValues() throws Exception {
    Path file = dir.resolve("calendar-cache.json");
    CalendarMirror mirror = CalendarMirror.load(Optional.of(file), "cal");
    mirror.reset("http://dav/cal/");
    String text = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:u-1\r\nSUMMARY:Caf\u00e9\r\n"
        + "LOCATION:Hall B\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    mirror.put("/cal/b.ics", "/cal/b.ics", "\"2\"", text, Optional.empty());
    Event event = Event.builder("u-1", "Caf\u00e9", EventTime.of(LocalDate.of(2027, 5, 1))).build();
    mirror.parsed(mirror.item("/cal/b.ics").orElseThrow(), Optional.of(event), null);
    mirror.save();

    String saved = Files.readString(file);
    assertThat(saved).contains("\"format\":2");
    assertThat(saved.substring(saved.indexOf("\"items\":"))).doesNotContain("LOCATION");
    CalendarMirror again = CalendarMirror.load(Optional.of(file), "cal");
    CalendarMirror.Item item = again.item("/cal/b.ics").orElseThrow();
    assertThat(again.text(item)).hasValue(text);
    assertThat(item.event).isEqualTo(event);
  }

  @Test
  void aDamagedObjectIsReadAgainByTheNextRun() throws Exception {
    Path file = saved();
    CalendarMirror mirror = CalendarMirror.load(Optional.of(file), "cal");
    CalendarMirror.Item item = mirror.item("/cal/a.ics").orElseThrow();
    item.text = item.text.substring(0, item.text.length() / 2);

    assertThat(mirror.text(item)).isEmpty();
    assertThat(item.etag).as("its version is forgotten").isEmpty();
    assertThat(mirror.syncToken()).as("and the calendar's").isEmpty();
  }

  @Test
  void aCacheOfTheFirstLayoutIsNotRead() throws Exception {
    Path file = saved();
    Files.writeString(file, Files.readString(file).replace("\"format\":2,", ""));

    CalendarMirror mirror = CalendarMirror.load(Optional.of(file), "cal");

    assertThat(mirror.syncToken()).isEmpty();
    assertThat(mirror.items()).isEmpty();
  }
}
