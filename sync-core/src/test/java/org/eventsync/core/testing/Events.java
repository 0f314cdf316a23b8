package org.eventsync.core.testing;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.eventsync.core.Event;
import org.eventsync.core.EventTime;

/** Test data: events that say only what a test cares about. */
public final class Events {

  private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");

  private Events() {}

  /** An event titled {@code title} starting on day {@code day} of December 2026 at 18:00. */
  public static Event event(String uid, String title, int day) {
    return Event.builder(uid, title, at(day)).end(EventTime.of(at(day).time().plusHours(2))).build();
  }

  public static EventTime.At at(int day) {
    return new EventTime.At(ZonedDateTime.of(2026, 12, day, 18, 0, 0, 0, ZONE));
  }
}
