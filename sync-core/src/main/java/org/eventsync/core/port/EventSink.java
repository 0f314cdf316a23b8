package org.eventsync.core.port;

import java.util.Optional;
import org.eventsync.core.CalendarEntry;
import org.eventsync.core.Event;

/**
 * The published side (a CalDAV calendar). Every write is conditional: creating never makes a
 * second object for a uid, and updating or deleting fails with {@link ConflictException} when the
 * object changed since it was listed, so a person's newer edit is never silently overwritten.
 */
public interface EventSink {

  /** What {@link #prepare(boolean)} found. */
  enum CalendarState {
    EXISTS,
    CREATED,
    /** Missing, and creation was not allowed (a dry run). */
    MISSING
  }

  /** Finds the calendar, creating it when it is missing and {@code mayCreate}. */
  CalendarState prepare(boolean mayCreate);

  /** Every event in the calendar, with the problems of objects that could not be read. */
  Listing<CalendarEntry> list();

  /**
   * Creates a new object for {@code event}. The uid names the event, so when the calendar already
   * holds an object with it (one the listing could not show, or one written since), the sink
   * either refuses with {@link ConflictException} or links: it replaces that object, conditional
   * on the version it has just read, and returns it. Fails with {@link UidUnavailableException}
   * when the calendar refuses the uid of a deleted object.
   */
  CalendarEntry create(Event event);

  /** Replaces {@code current} with {@code event} if it is still the version that was listed. */
  CalendarEntry update(CalendarEntry current, Event event);

  /** Deletes {@code current} if it is still the version that was listed. */
  void delete(CalendarEntry current);

  /**
   * Called once after a run's writes: a sink that keeps a cache between runs brings it up to
   * date here, so that the next run need not read its own writes back.
   */
  default void flush() {}

  /**
   * What this side holds now, as a token that changes whenever {@link #list()} would answer
   * differently (content, or the settings that shape the events), asked after {@link #prepare};
   * empty when the side cannot tell. Finding it parses nothing. When both sides show the versions
   * at which the last run found them in agreement, a run stops there.
   */
  default Optional<String> version() {
    return Optional.empty();
  }

  /** What this calendar is, stable and free of secrets; see {@link EventSource#identity()}. */
  default Optional<String> identity() {
    return Optional.empty();
  }
}
