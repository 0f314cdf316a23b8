package org.eventsync.files;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eventsync.core.Event;
import org.eventsync.core.EventFields;
import org.eventsync.core.EventTime;

/**
 * An {@link Event} as a JSON value in a cache file, so that a run takes unchanged events from the
 * cache instead of parsing what they were read from again. Reading it back goes through the
 * event's constructor, which checks it as it checks any event; a value that does not read back
 * counts as not cached.
 */
public final class EventJson {

  private static final Map<Event, WeakReference<Event>> INTERNED = new WeakHashMap<>();
  private static final Map<String, ZoneId> ZONES = new ConcurrentHashMap<>();
  private static final TypeAdapter<JsonElement> TREE = new Gson().getAdapter(JsonElement.class);
  /** 2026-12-02T10:00+01:00[Europe/Berlin], seconds when not zero, no fraction. */
  private static final Pattern USUAL_TIME = Pattern.compile(
      "(\\d{4})-(\\d\\d)-(\\d\\d)T(\\d\\d):(\\d\\d)(?::(\\d\\d))?([+-]\\d\\d:\\d\\d)\\[([A-Za-z][A-Za-z0-9_+/-]*)]");

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
        // Read as a stream, not as a tree: a state of 10,000 events would otherwise build and
        // drop 10,000 trees on every run.
        if (in.peek() != JsonToken.BEGIN_OBJECT) {
          in.skipValue();
          return null;
        }
        Map<String, String> fields = new HashMap<>();
        in.beginObject();
        while (in.hasNext()) {
          String name = in.nextName();
          if (in.peek() == JsonToken.STRING) {
            fields.put(name, in.nextString());
          } else {
            in.skipValue();
          }
        }
        in.endObject();
        return event(fields::get).map(EventJson::interned).orElse(null);
      }
    };
  }

  /**
   * The one object among equal events read from files while it is in use: the state's agreed
   * versions and the events in both caches are mostly equal, and a run that reads all three (a
   * resync of 100,000 events in 256 MB) then holds each event once instead of three times.
   * Weakly held: an event no one uses any more is forgotten.
   */
  private static synchronized Event interned(Event event) {
    WeakReference<Event> known = INTERNED.get(event);
    Event same = known == null ? null : known.get();
    if (same != null) {
      return same;
    }
    INTERNED.put(event, new WeakReference<>(event));
    return event;
  }

  static JsonObject of(Event event) {
    JsonObject json = new JsonObject();
    json.addProperty("uid", event.uid());
    json.addProperty("title", event.title());
    json.addProperty("start", time(event.start()));
    event.end().ifPresent(e -> json.addProperty("end", time(e)));
    for (EventFields.TextField text : EventFields.TEXT) {
      text.value().apply(event).ifPresent(v -> json.addProperty(text.name(), v));
    }
    event.recurrence().ifPresent(v -> json.addProperty("recurrence", v));
    return json;
  }

  /** The event {@code json} holds, or empty when it is not one (an older or damaged cache). */
  static Optional<Event> event(JsonObject json) {
    return event(name -> Optional.ofNullable(json.get(name)).filter(JsonElement::isJsonPrimitive)
        .map(JsonElement::getAsString).orElse(null));
  }

  /** The event of these text fields (null: absent), or empty when they are not one. */
  private static Optional<Event> event(Function<String, String> field) {
    try {
      Event.Builder event = Event.builder(
              internedOrNull(field.apply("uid")), field.apply("title"), time(field.apply("start")))
          .end(Optional.ofNullable(field.apply("end")).map(EventJson::time).orElse(null))
          .recurrence(field.apply("recurrence"));
      for (EventFields.TextField text : EventFields.TEXT) {
        text.set().accept(event, field.apply(text.name()));
      }
      return Optional.of(event.build());
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
    if (text.length() == 10) {
      return EventTime.of(LocalDate.parse(text));
    }
    Matcher usual = USUAL_TIME.matcher(text);
    if (usual.matches()) {
      // The form this class writes for a time in a named zone, read without the general parser
      // (a quarter of a no-change run at 10,000 events went into it).
      LocalDateTime local = LocalDateTime.of(Integer.parseInt(usual.group(1)),
          Integer.parseInt(usual.group(2)), Integer.parseInt(usual.group(3)),
          Integer.parseInt(usual.group(4)), Integer.parseInt(usual.group(5)),
          usual.group(6) == null ? 0 : Integer.parseInt(usual.group(6)));
      ZoneOffset offset = ZoneOffset.of(usual.group(7));
      return EventTime.of(ZonedDateTime.ofInstant(local, offset, zone(usual.group(8))));
    }
    return EventTime.of(ZonedDateTime.parse(text, DateTimeFormatter.ISO_ZONED_DATE_TIME));
  }

  /** The uid as the state's records hold it ({@link String#intern()}): one copy per run. */
  private static String internedOrNull(String uid) {
    return uid == null ? null : uid.intern();
  }

  /** One object per zone: ZoneId.of makes a new one, with its own name, on every call. */
  private static ZoneId zone(String id) {
    return ZONES.computeIfAbsent(id, ZoneId::of);
  }

}
