package org.eventsync.core.contract;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import org.eventsync.core.Event;
import org.eventsync.core.EventTime;

/** The events the contracts write: one of each kind an adapter must carry unchanged. */
final class ContractEvents {

  static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  private ContractEvents() {}

  static Event simple(String uid, String title) {
    return Event.builder(uid, title, at(5, 18)).end(at(5, 20)).build();
  }

  static List<Event> everyKind(String prefix) {
    return List.of(
        Event.builder(prefix + "-full", "Concert; with, escapes\nand a second line", at(5, 19))
            .end(at(5, 22))
            .description("Doors at 18:30.\nBring a friend.")
            .location("Town hall, room 2")
            .organizer("Choir <choir@example.org>")
            .cost("5 EUR")
            .category("Music")
            .website("https://example.org/concert")
            .build(),
        Event.builder(prefix + "-day", "Market day", EventTime.of(LocalDate.of(2026, 12, 12)))
            .end(EventTime.of(LocalDate.of(2026, 12, 14)))
            .build(),
        Event.builder(prefix + "-weekly", "Weekly practice", at(7, 18))
            .end(at(7, 20))
            .recurrence("RRULE:FREQ=WEEKLY;COUNT=10")
            .build(),
        Event.builder(prefix + "-unicode", "Café 🎉 Ünïcödé", at(9, 10)).build());
  }

  static EventTime at(int day, int hour) {
    return EventTime.of(ZonedDateTime.of(2026, 12, day, hour, 0, 0, 0, BERLIN));
  }
}
