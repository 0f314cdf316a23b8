package org.eventsync.files;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import org.eventsync.core.Event;
import org.eventsync.core.EventTime;
import org.junit.jupiter.api.Test;

class EventJsonTest {

  private static Event event(EventTime start, Optional<EventTime> end) {
    return new Event("u@x", "Talk \"quoted\"", start, end, Optional.of("Line one\nLine two"),
        Optional.of("Hall B"), Optional.of("Ana <ana@example.org>"), Optional.of("5 €"),
        Optional.of("Music,Workshop"), Optional.of("https://example.org/e"),
        Optional.of("RRULE:FREQ=WEEKLY;COUNT=3"));
  }

  @Test
  void everyKindOfTimeAndEveryFieldReadsBackEqual() {
    List<Event> events = List.of(
        event(EventTime.of(LocalDate.of(2026, 12, 24)), Optional.of(EventTime.of(LocalDate.of(2026, 12, 26)))),
        event(EventTime.of(ZonedDateTime.of(2026, 12, 2, 10, 0, 0, 0, ZoneId.of("Europe/Berlin"))), Optional.empty()),
        event(EventTime.of(ZonedDateTime.of(2026, 12, 2, 10, 0, 0, 0, ZoneOffset.UTC)), Optional.empty()),
        event(EventTime.of(ZonedDateTime.of(2026, 12, 2, 10, 0, 0, 0,
            ZoneId.ofOffset("UTC", ZoneOffset.ofHoursMinutes(5, 30)))), Optional.empty()),
        new Event("v@x", "Bare", EventTime.of(LocalDate.of(2027, 1, 1)), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty()));
    for (Event e : events) {
      JsonObject stored = JsonParser.parseString(EventJson.of(e).toString()).getAsJsonObject();
      assertThat(EventJson.event(stored)).hasValue(e);
      assertThat(EventJson.event(stored).get().contentHash()).isEqualTo(e.contentHash());
    }
  }

  @Test
  void theFileAdapterReadsBackEveryKindOfTimeEqual() {
    Gson gson = new GsonBuilder().registerTypeAdapter(Event.class, EventJson.adapter()).create();
    ZoneId berlin = ZoneId.of("Europe/Berlin");
    List<ZonedDateTime> times = List.of(
        ZonedDateTime.of(2026, 12, 2, 10, 0, 0, 0, berlin),
        ZonedDateTime.of(2026, 12, 2, 10, 0, 30, 0, berlin),
        ZonedDateTime.of(2026, 12, 2, 10, 0, 30, 500_000_000, berlin),
        ZonedDateTime.of(2026, 3, 29, 3, 30, 0, 0, berlin), // just after the clocks went forward
        ZonedDateTime.of(2026, 10, 25, 2, 30, 0, 0, berlin).withLaterOffsetAtOverlap(),
        ZonedDateTime.of(2026, 12, 2, 10, 0, 0, 0, ZoneOffset.UTC),
        ZonedDateTime.of(2026, 12, 2, 10, 0, 0, 0, ZoneId.of("UTC")),
        ZonedDateTime.of(2026, 12, 2, 10, 0, 0, 0, ZoneId.of("America/Argentina/Buenos_Aires")),
        ZonedDateTime.of(2026, 12, 2, 10, 0, 0, 0,
            ZoneId.ofOffset("UTC", ZoneOffset.ofHoursMinutes(5, 30))));
    for (ZonedDateTime time : times) {
      Event e = event(EventTime.of(time), Optional.of(EventTime.of(time.plusHours(2))));
      assertThat(gson.fromJson(gson.toJson(e, Event.class), Event.class)).as("%s", time).isEqualTo(e);
    }
    assertThat(gson.fromJson("{\"uid\":\"u\",\"title\":3}", Event.class)).isNull();
    assertThat(gson.fromJson("[1]", Event.class)).isNull();
  }

  @Test
  void whatIsNoEventReadsAsNotCached() {
    assertThat(EventJson.event(JsonParser.parseString("{\"uid\":\"u\"}").getAsJsonObject())).isEmpty();
    assertThat(EventJson.event(JsonParser.parseString(
        "{\"uid\":\"u\",\"title\":\"T\",\"start\":\"soon\"}").getAsJsonObject())).isEmpty();
  }

  @Test
  void equalEventsReadFromDifferentFilesAreOneObjectAndUnequalOnesAreNot() {
    Gson gson = new GsonBuilder().registerTypeAdapter(Event.class, EventJson.adapter()).create();
    Event talk = event(EventTime.of(LocalDate.of(2026, 12, 24)), Optional.empty());
    String json = gson.toJson(talk);

    Event fromState = gson.fromJson(json, Event.class);
    Event fromCache = gson.fromJson(json, Event.class);
    Event moved = gson.fromJson(json.replace("Hall B", "Hall C"), Event.class);

    assertThat(fromCache).isSameAs(fromState).isEqualTo(talk);
    assertThat(moved).isNotSameAs(fromState);
    assertThat(moved.location()).hasValue("Hall C");
  }
}
