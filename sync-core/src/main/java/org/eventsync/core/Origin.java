package org.eventsync.core;

/** Where an event was first entered, which decides who may change it while it awaits moderation. */
public enum Origin {
  /** Entered in Directus by an editor. */
  DIRECTUS,
  /** Typed into the calendar by a person and imported into Directus for moderation. */
  CALENDAR
}
