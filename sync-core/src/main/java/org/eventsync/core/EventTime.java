package org.eventsync.core;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;

/**
 * When an event starts or ends: either a whole day (iCalendar {@code VALUE=DATE}) or an instant in a
 * real time zone (so the calendar can show it in the zone it was planned in).
 */
public sealed interface EventTime extends Comparable<EventTime> permits EventTime.AllDay, EventTime.At {

  /** The instant this time begins at; a whole day begins at midnight in {@code zone}. */
  Instant instant(ZoneId zone);

  /** Whether this is a whole-day value. */
  default boolean isAllDay() {
    return this instanceof AllDay;
  }

  /** Orders by the instant, taking whole days as UTC midnight. */
  @Override
  default int compareTo(EventTime other) {
    return instant(ZoneId.of("UTC")).compareTo(other.instant(ZoneId.of("UTC")));
  }

  /** A whole day, without a time or zone. */
  record AllDay(LocalDate date) implements EventTime {
    public AllDay {
      Objects.requireNonNull(date, "date");
    }

    @Override
    public Instant instant(ZoneId zone) {
      return date.atStartOfDay(zone).toInstant();
    }

    @Override
    public String toString() {
      return date.toString();
    }
  }

  /** A moment with its time zone. */
  record At(ZonedDateTime time) implements EventTime {
    public At {
      Objects.requireNonNull(time, "time");
      // Drop sub-second precision: neither iCalendar nor Directus keeps it, and it would make
      // equal events look different.
      time = time.withNano(0);
    }

    @Override
    public Instant instant(ZoneId zone) {
      return time.toInstant();
    }

    @Override
    public String toString() {
      return time.toString();
    }
  }

  static EventTime of(LocalDate date) {
    return new AllDay(date);
  }

  static EventTime of(ZonedDateTime time) {
    return new At(time);
  }
}
