package org.eventsync.core.port;

import org.eventsync.core.CalendarEntry;
import org.eventsync.core.Event;

/**
 * The published side (a CalDAV calendar). Every write is conditional: creating never replaces an
 * existing object, and updating or deleting fails with {@link ConflictException} when the object
 * changed since it was listed, so a person's newer edit is never silently overwritten.
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
   * Creates a new object for {@code event}; fails if one with its uid or href exists, with {@link
   * UidUnavailableException} if the calendar refuses the uid of a deleted object.
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

  /** What this calendar is, stable and free of secrets; see {@link EventSource#identity()}. */
  default java.util.Optional<String> identity() {
    return java.util.Optional.empty();
  }
}
