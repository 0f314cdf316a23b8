package org.eventsync.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * An event's fields by name ({@code title}, {@code start}, {@code end}, {@code description},
 * {@code location}, {@code organizer}, {@code cost}, {@code category}, {@code website},
 * {@code recurrence}): which differ between two versions, and a version that takes some fields
 * from another. Policies and proposals speak of fields by these names.
 */
public final class EventFields {

  /** Every field, in the event's order. */
  public static final List<String> NAMES = List.of("title", "start", "end", "description",
      "location", "organizer", "cost", "category", "website", "recurrence");

  private EventFields() {}

  /** The field's value as text (a time as ISO-8601), empty when the event has none. */
  public static Optional<String> text(Event event, String field) {
    return switch (field) {
      case "title" -> Optional.of(event.title());
      case "start" -> Optional.of(event.start().toString());
      case "end" -> event.end().map(Object::toString);
      case "description" -> event.description();
      case "location" -> event.location();
      case "organizer" -> event.organizer();
      case "cost" -> event.cost();
      case "category" -> event.category();
      case "website" -> event.website();
      case "recurrence" -> event.recurrence();
      default -> throw new IllegalArgumentException("no such field: " + field);
    };
  }

  /**
   * The fields in which {@code b} differs from {@code a}, in the event's order. A time differs
   * when it is another moment (or day): a client that writes the same moment in UTC changed
   * nothing a person typed.
   */
  public static List<String> differing(Event a, Event b) {
    List<String> fields = new ArrayList<>();
    for (String name : NAMES) {
      boolean same = switch (name) {
        case "start" -> sameMoment(Optional.of(a.start()), Optional.of(b.start()));
        case "end" -> sameMoment(a.end(), b.end());
        default -> text(a, name).equals(text(b, name));
      };
      if (!same) {
        fields.add(name);
      }
    }
    return fields;
  }

  private static boolean sameMoment(Optional<EventTime> a, Optional<EventTime> b) {
    return a.isPresent() == b.isPresent() && (a.isEmpty()
        || (a.get().isAllDay() == b.get().isAllDay() && a.get().compareTo(b.get()) == 0));
  }

  /**
   * {@code into} with the {@code fields} of {@code from}; the uid stays {@code into}'s.
   *
   * @throws InvalidEventException when the mix is no event (an all-day start with a timed end)
   */
  public static Event take(Event into, Event from, Collection<String> fields) {
    return new Event(
        into.uid(),
        pick(into, from, fields, "title", Event::title),
        pick(into, from, fields, "start", Event::start),
        pick(into, from, fields, "end", Event::end),
        pick(into, from, fields, "description", Event::description),
        pick(into, from, fields, "location", Event::location),
        pick(into, from, fields, "organizer", Event::organizer),
        pick(into, from, fields, "cost", Event::cost),
        pick(into, from, fields, "category", Event::category),
        pick(into, from, fields, "website", Event::website),
        pick(into, from, fields, "recurrence", Event::recurrence));
  }

  /**
   * {@code event} with {@code field} set to {@code value}, cleaned as every value is.
   *
   * @throws IllegalArgumentException for the times, which are not text
   */
  public static Event with(Event event, String field, String value) {
    Event.Builder from =
        Event.builder(event.uid(), field.equals("title") ? value : event.title(), event.start());
    switch (field) {
      case "title" -> { }
      case "description" -> from.description(value);
      case "location" -> from.location(value);
      case "organizer" -> from.organizer(value);
      case "cost" -> from.cost(value);
      case "category" -> from.category(value);
      case "website" -> from.website(value);
      case "recurrence" -> from.recurrence(value);
      default -> throw new IllegalArgumentException("no text field: " + field);
    }
    return take(event, from.build(), List.of(field));
  }

  private static <T> T pick(Event into, Event from, Collection<String> fields, String name,
      Function<Event, T> value) {
    return value.apply(fields.contains(name) ? from : into);
  }
}
