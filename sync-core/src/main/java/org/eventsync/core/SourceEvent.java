package org.eventsync.core;

import java.util.Objects;

/**
 * An event as the moderated source (Directus) holds it.
 *
 * @param id the source's own key for the item
 * @param event the content, with the uid that links it to its calendar object
 * @param approved whether a moderator approved it for publication
 * @param origin where it was first entered
 */
public record SourceEvent(String id, Event event, boolean approved, Origin origin) {
  public SourceEvent {
    if (id == null || id.isBlank()) {
      throw new InvalidEventException("missing source id");
    }
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(origin, "origin");
  }

  public String uid() {
    return event.uid();
  }

  @Override
  public String toString() {
    return "item " + id + " " + event;
  }
}
