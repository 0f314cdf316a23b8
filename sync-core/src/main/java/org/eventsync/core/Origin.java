package org.eventsync.core;

/** Where an event was first entered, which decides who may change it while it awaits moderation. */
public enum Origin {
  /** Entered in the source by an editor. */
  SOURCE,
  /** Typed into the calendar by a person and imported into the source for moderation. */
  CALENDAR
}
