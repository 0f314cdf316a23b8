package org.eventsync.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class EventTest {

  private static final EventTime START =
      EventTime.of(ZonedDateTime.of(2026, 12, 1, 18, 0, 0, 0, ZoneId.of("Europe/Berlin")));

  @Test
  void refusesMissingTitleStartOrUidWithTheFieldNamed() {
    assertThatThrownBy(() -> Event.builder("u", " ", START).build())
        .isInstanceOf(InvalidEventException.class)
        .hasMessage("missing title");
    assertThatThrownBy(() -> Event.builder("u", "T", null).build()).hasMessage("missing start");
    assertThatThrownBy(() -> Event.builder(null, "T", START).build()).hasMessage("missing uid");
  }

  @Test
  void refusesAnEndBeforeTheStart() {
    EventTime earlier = EventTime.of(ZonedDateTime.of(2026, 12, 1, 16, 59, 0, 0, ZoneId.of("UTC")));
    assertThatThrownBy(() -> Event.builder("u", "T", START).end(earlier).build())
        .hasMessageContaining("is before start");
  }

  @Test
  void refusesMixingWholeDaysAndTimes() {
    assertThatThrownBy(
            () -> Event.builder("u", "T", START).end(EventTime.of(LocalDate.of(2026, 12, 2))).build())
        .hasMessageContaining("both be whole days");
  }

  @Test
  void blankOptionalTextIsAbsentAndLineEndingsAreNormalised() {
    Event a = Event.builder("u", "T", START).description("  ").location("a\r\nb").build();
    assertThat(a.description()).isEmpty();
    assertThat(a.location()).contains("a\nb");
  }

  @Test
  void contentHashIgnoresUidButSeesEveryField() {
    Event a = Event.builder("u1", "T", START).cost("5").build();
    assertThat(a.contentHash()).isEqualTo(a.withUid("u2").contentHash());
    assertThat(a.contentHash()).isNotEqualTo(Event.builder("u1", "T", START).cost("6").build().contentHash());
  }

  @Test
  void dedupeKeyFoldsCaseAndSpacesAndComparesInstants() {
    Event a = Event.builder("u1", "Open  Day", START).build();
    EventTime sameInstant =
        EventTime.of(ZonedDateTime.of(2026, 12, 1, 17, 0, 0, 0, ZoneId.of("UTC")));
    Event b = Event.builder("u2", " open day", sameInstant).build();
    assertThat(a.dedupeKey()).isEqualTo(b.dedupeKey());
  }
}
