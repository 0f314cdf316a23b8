package org.eventsync.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * An event's fields by name ({@link #NAMES}: {@code title}, {@code start}, {@code end}, the
 * optional text fields of {@link #TEXT}, {@code recurrence}): which differ between two versions,
 * and a version that takes some fields from another. Policies and proposals speak of fields by
 * these names.
 */
public final class EventFields {

  /**
   * An optional text field of an event, one row of {@link #TEXT}: what the sources and the
   * calendar store as plain text, each under its own name.
   *
   * @param name the field's name, as policies, proposals and stored caches say it
   * @param longText whether it is long text that may span paragraphs (a source may store such
   *     text in a field of its own kind)
   * @param value reads it from an event
   * @param set sets it on a builder (null: absent)
   */
  public record TextField(String name, boolean longText, Function<Event, Optional<String>> value,
      BiConsumer<Event.Builder, String> set) {}

  /**
   * The optional text fields, in the event's order. A new one is a component of {@link Event}
   * (with its builder method) and a row here; the sources' mappings that go by this table take it
   * from here (docs/embedding.md, "A new field").
   */
  public static final List<TextField> TEXT = List.of(
      new TextField("description", true, Event::description, Event.Builder::description),
      new TextField("location", false, Event::location, Event.Builder::location),
      new TextField("organizer", false, Event::organizer, Event.Builder::organizer),
      new TextField("cost", false, Event::cost, Event.Builder::cost),
      new TextField("category", false, Event::category, Event.Builder::category),
      new TextField("website", false, Event::website, Event.Builder::website));

  /** Every field, in the event's order. */
  public static final List<String> NAMES = Stream.of(
          Stream.of("title", "start", "end"), TEXT.stream().map(TextField::name),
          Stream.of("recurrence"))
      .flatMap(names -> names).toList();

  private EventFields() {}

  /** The field's value as text (a time as ISO-8601), empty when the event has none. */
  public static Optional<String> text(Event event, String field) {
    return switch (field) {
      case "title" -> Optional.of(event.title());
      case "start" -> Optional.of(event.start().toString());
      case "end" -> event.end().map(Object::toString);
      case "recurrence" -> event.recurrence();
      default -> textField(field).value().apply(event);
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
    Event.Builder taken = Event.builder(into.uid(),
            pick(into, from, fields, "title", Event::title),
            pick(into, from, fields, "start", Event::start))
        .end(pick(into, from, fields, "end", Event::end).orElse(null))
        .recurrence(pick(into, from, fields, "recurrence", Event::recurrence).orElse(null));
    for (TextField text : TEXT) {
      text.set().accept(taken, pick(into, from, fields, text.name(), text.value()).orElse(null));
    }
    return taken.build();
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
      case "recurrence" -> from.recurrence(value);
      case "start", "end" -> throw new IllegalArgumentException("no text field: " + field);
      default -> textField(field).set().accept(from, value);
    }
    return take(event, from.build(), List.of(field));
  }

  /** The optional text field called {@code name}. */
  public static TextField textField(String name) {
    return TEXT.stream().filter(f -> f.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no such field: " + name));
  }

  private static <T> T pick(Event into, Event from, Collection<String> fields, String name,
      Function<Event, T> value) {
    return value.apply(fields.contains(name) ? from : into);
  }
}
