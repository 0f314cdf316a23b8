package org.eventsync.core;

import java.util.Objects;
import java.util.Optional;

/**
 * An event as the calendar holds it.
 *
 * @param href where the calendar object lives, relative to or inside the calendar collection
 * @param etag the version the server gave it, if the server said; conditional writes use it
 * @param event the parsed content
 */
public record CalendarEntry(String href, Optional<String> etag, Event event) {
  public CalendarEntry {
    if (href == null || href.isBlank()) {
      throw new InvalidEventException("missing href");
    }
    etag = etag == null ? Optional.empty() : etag;
    Objects.requireNonNull(event, "event");
  }

  public String uid() {
    return event.uid();
  }

  @Override
  public String toString() {
    return href + " " + event;
  }
}
