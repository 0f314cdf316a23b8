package org.eventsync.files;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.eventsync.core.Event;
import org.eventsync.core.EventTime;

/**
 * An {@link Event} as a JSON value in a cache file, so that a run takes unchanged events from the
 * cache instead of parsing what they were read from again. Reading it back goes through the
 * event's constructor, which checks it as it checks any event; a value that does not read back
 * counts as not cached.
 */
public final class EventJson {

  private static final TypeAdapter<JsonElement> TREE = new Gson().getAdapter(JsonElement.class);

  private EventJson() {}

  /**
   * Events as files hold them, for a Gson layout with {@code Event} fields: a value that does
   * not read back as an event reads as null (not known).
   */
  public static TypeAdapter<Event> adapter() {
    return new TypeAdapter<>() {
      @Override
      public void write(JsonWriter out, Event event) throws IOException {
        if (event == null) {
          out.nullValue();
        } else {
          TREE.write(out, of(event));
        }
      }

      @Override
      public Event read(JsonReader in) throws IOException {
        JsonElement json = TREE.read(in);
        return json.isJsonObject() ? event(json.getAsJsonObject()).orElse(null) : null;
      }
    };
  }

  static JsonObject of(Event event) {
    JsonObject json = new JsonObject();
    json.addProperty("uid", event.uid());
    json.addProperty("title", event.title());
    json.addProperty("start", time(event.start()));
    event.end().ifPresent(e -> json.addProperty("end", time(e)));
    event.description().ifPresent(v -> json.addProperty("description", v));
    event.location().ifPresent(v -> json.addProperty("location", v));
    event.organizer().ifPresent(v -> json.addProperty("organizer", v));
    event.cost().ifPresent(v -> json.addProperty("cost", v));
    event.category().ifPresent(v -> json.addProperty("category", v));
    event.website().ifPresent(v -> json.addProperty("website", v));
    event.recurrence().ifPresent(v -> json.addProperty("recurrence", v));
    return json;
  }

  /** The event {@code json} holds, or empty when it is not one (an older or damaged cache). */
  static Optional<Event> event(JsonObject json) {
    try {
      return Optional.of(new Event(
          json.get("uid").getAsString(),
          json.get("title").getAsString(),
          time(json.get("start").getAsString()),
          text(json, "end").map(EventJson::time),
          text(json, "description"),
          text(json, "location"),
          text(json, "organizer"),
          text(json, "cost"),
          text(json, "category"),
          text(json, "website"),
          text(json, "recurrence")));
    } catch (RuntimeException unreadable) {
      return Optional.empty();
    }
  }

  /** A whole day as {@code 2026-12-01}, a time with its zone as ISO-8601 does. */
  private static String time(EventTime time) {
    return time instanceof EventTime.AllDay day
        ? day.date().toString()
        : DateTimeFormatter.ISO_ZONED_DATE_TIME.format(((EventTime.At) time).time());
  }

  private static EventTime time(String text) {
    return text.length() == 10
        ? EventTime.of(LocalDate.parse(text))
        : EventTime.of(ZonedDateTime.parse(text, DateTimeFormatter.ISO_ZONED_DATE_TIME));
  }

  private static Optional<String> text(JsonObject json, String name) {
    return Optional.ofNullable(json.get(name)).filter(JsonElement::isJsonPrimitive)
        .map(JsonElement::getAsString);
  }

}
