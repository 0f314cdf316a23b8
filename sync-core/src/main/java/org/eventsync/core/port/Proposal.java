package org.eventsync.core.port;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.eventsync.core.Event;
import org.eventsync.core.EventFields;
import org.eventsync.core.SourceEvent;

/**
 * A change a person made in the calendar to a published event, put before the moderators instead
 * of being applied or overwritten: an edit (the calendar's version of the event) or a deletion.
 *
 * @param item the approved item, as it is now
 * @param kind an edit or a deletion
 * @param calendar for an edit, the version proposed: the item's event with the calendar's values
 *     of the fields proposed; empty for a deletion
 * @param href the calendar object's href
 * @param changes for an edit, each field that differs, from the approved value to the calendar's
 */
public record Proposal(
    SourceEvent item, Kind kind, Optional<Event> calendar, String href, List<FieldChange> changes) {

  /** An edit of the event, or its deletion. */
  public enum Kind {
    EDIT,
    DELETE
  }

  /** One field of an event, its approved value and the value proposed (empty: no value). */
  public record FieldChange(String field, Optional<String> approved, Optional<String> proposed) {
    public FieldChange {
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(approved, "approved");
      Objects.requireNonNull(proposed, "proposed");
    }

    @Override
    public String toString() {
      return field + " " + quoted(approved) + " \u2192 " + quoted(proposed);
    }

    private static String quoted(Optional<String> value) {
      return value.map(v -> "'" + v + "'").orElse("(none)");
    }
  }

  public Proposal {
    Objects.requireNonNull(item, "item");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(calendar, "calendar");
    Objects.requireNonNull(href, "href");
    changes = List.copyOf(changes);
    if (kind == Kind.EDIT && (calendar.isEmpty() || changes.isEmpty())) {
      throw new IllegalArgumentException("an edit proposes a version that differs");
    }
  }

  /**
   * The calendar's edit of {@code item}'s event at {@code href}: {@code proposed} is the item's
   * event with the calendar's values of the fields proposed.
   */
  public static Proposal edit(SourceEvent item, Event proposed, String href) {
    List<FieldChange> changes = new ArrayList<>();
    for (String field : EventFields.differing(item.event(), proposed)) {
      changes.add(new FieldChange(field, EventFields.text(item.event(), field),
          EventFields.text(proposed, field)));
    }
    return new Proposal(item, Kind.EDIT, Optional.of(proposed), href, changes);
  }

  /** The deletion of {@code item}'s calendar copy at {@code href}. */
  public static Proposal deletion(SourceEvent item, String href) {
    return new Proposal(item, Kind.DELETE, Optional.empty(), href, List.of());
  }

  /** One line for a person: "proposed: location 'Room 1' → 'Hall B' for item 12, from the calendar". */
  public String describe() {
    return kind == Kind.EDIT
        ? "proposed: " + String.join(", ", changes.stream().map(FieldChange::toString).toList())
            + " for item " + item.id() + ", from the calendar"
        : "proposed: delete item " + item.id() + " " + item.event()
            + ", deleted in the calendar; published again until a moderator decides";
  }
}
