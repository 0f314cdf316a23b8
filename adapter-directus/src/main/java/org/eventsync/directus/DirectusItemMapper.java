package org.eventsync.directus;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eventsync.core.Event;
import org.eventsync.core.EventFields;
import org.eventsync.core.EventTime;
import org.eventsync.core.InvalidEventException;
import org.eventsync.core.Origin;
import org.eventsync.core.SourceEvent;

/**
 * Turns Directus items into events and back.
 *
 * <p>Times: a value with an offset ({@code timestamp} fields, returned in UTC) is an instant; a
 * zone-less value ({@code dateTime} fields) is a wall-clock time in the item's zone. The item's
 * zone is its {@code timezone} field (an IANA name, filled when an event is imported or written),
 * else the configured zone; so an event planned in Europe/Berlin stays in Berlin, and its weekly
 * occurrences stay at their hour, whatever zone the sync is configured with. Written times are
 * zone-less wall-clock times in the event's zone when the collection has the field, else in the
 * configured zone. An all-day event stores its last day as the
 * end date (as people enter it); iCalendar's end is the day after, so one day is added on reading.
 *
 * <p>Identity: an item's uid is its {@code ical_uid} when set (a calendar-born event keeps the
 * uid it was typed with); otherwise it is minted from the collection, the item id and the
 * Directus host name ({@code events-12@cms.example.org.directus}), so it stays the same across
 * runs, machines, ports and lost state files.
 */
final class DirectusItemMapper {

  private static final DateTimeFormatter WALL_CLOCK =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss", Locale.ROOT);

  private final DirectusFields fields;
  private final Map<String, String> types;
  private final ZoneId zone;
  private final String uidPrefix;
  private final String uidSuffix;

  /**
   * @param types the collection's field types by name; only fields that exist are written, and a
   *     {@code timestamp} field is written as a UTC instant, any other time field as wall-clock time
   */
  DirectusItemMapper(DirectusFields fields, DirectusSettings settings, Map<String, String> types) {
    this.fields = fields;
    this.types = Map.copyOf(types);
    this.zone = settings.zone();
    this.uidPrefix = settings.collection() + "-";
    // The host without the port: moving Directus behind a proxy or to https keeps the uids.
    this.uidSuffix = "@" + settings.baseUrl().getHost().toLowerCase(Locale.ROOT) + ".directus";
  }

  String mintUid(String id) {
    return uidPrefix + id + uidSuffix;
  }

  boolean minted(String uid) {
    return uid.startsWith(uidPrefix) && uid.endsWith(uidSuffix);
  }

  /** The uid an item has, as far as it can be told from an item that cannot be read. */
  Optional<String> uidOf(JsonObject item) {
    try {
      Optional<String> icalUid = text(item, fields.icalUid());
      return icalUid.isPresent() ? icalUid : text(item, "id").map(this::mintUid);
    } catch (RuntimeException unreadable) {
      return Optional.empty();
    }
  }

  /**
   * Reads one item; {@code approved} comes from the approval filter, which Directus evaluates.
   * Throws {@link InvalidEventException} naming the problem.
   */
  SourceEvent read(JsonObject item, boolean approved) {
    String id = text(item, "id").orElseThrow(() -> new InvalidEventException("item without id"));
    Optional<String> icalUid = text(item, fields.icalUid());
    boolean allDay = bool(item, fields.allDay()).orElse(false);
    ZoneId itemZone = zoneOf(item);
    EventTime start =
        time(item, fields.startDate(), allDay, false, itemZone)
            .orElseThrow(() -> new InvalidEventException("missing " + fields.startDate()));
    Optional<EventTime> end = time(item, fields.endDate(), allDay, true, itemZone);
    Event.Builder event =
        Event.builder(icalUid.orElseGet(() -> mintUid(id)), text(item, fields.title()).orElse(null),
                start)
            .end(end.orElse(null))
            .recurrence(text(item, fields.recurrence()).orElse(null));
    for (EventFields.TextField field : EventFields.TEXT) {
      field.set().accept(event, text(item, fields.text(field.name())).orElse(null));
    }
    return of(id, event.build(), approved);
  }

  /**
   * Item {@code id} holding {@code event}: born in the calendar when its uid is not one this
   * collection mints (an item without a stored uid gets a minted one).
   */
  SourceEvent of(String id, Event event, boolean approved) {
    return new SourceEvent(id, event, approved, minted(event.uid()) ? Origin.SOURCE : Origin.CALENDAR);
  }

  /** The fields of an item holding {@code event}'s content. */
  JsonObject content(Event event) {
    JsonObject item = new JsonObject();
    item.addProperty(fields.title(), event.title());
    if (types.containsKey(fields.allDay())) {
      item.addProperty(fields.allDay(), event.start().isAllDay());
    }
    ZoneId eventZone = eventZone(event);
    item.add(fields.startDate(), write(fields.startDate(), event.start(), false, eventZone));
    put(item, fields.endDate(), event.end().map(e -> write(fields.endDate(), e, true, eventZone)));
    put(item, fields.timezone(),
        event.start().isAllDay() ? Optional.empty() : Optional.of(zoneName(eventZone)));
    for (EventFields.TextField field : EventFields.TEXT) {
      put(item, fields.text(field.name()), field.value().apply(event));
    }
    put(item, fields.recurrence(), event.recurrence());
    return item;
  }

  /** A new item for a calendar-born event: its content, its uid, not approved. */
  JsonObject imported(Event event) {
    JsonObject item = content(event);
    item.addProperty(fields.icalUid(), event.uid());
    if (types.containsKey(fields.approved())) {
      item.addProperty(fields.approved(), false);
    }
    return item;
  }

  /** The zone an item's times are in: its {@code timezone} field, else the configured zone. */
  private ZoneId zoneOf(JsonObject item) {
    Optional<String> name = text(item, fields.timezone());
    if (name.isEmpty()) {
      return zone;
    }
    try {
      return ZoneId.of(name.get().strip());
    } catch (DateTimeException e) {
      throw new InvalidEventException(fields.timezone() + " '" + shorten(name.get())
          + "' is not a time zone (an IANA name such as Europe/Berlin)");
    }
  }

  /** The zone to store an event's times in: its own when the collection can keep it. */
  private ZoneId eventZone(Event event) {
    if (!types.containsKey(fields.timezone()) || !(event.start() instanceof EventTime.At at)) {
      return zone;
    }
    ZoneId own = at.time().getZone();
    return own.getRules().isFixedOffset() && own.getRules().getOffset(Instant.EPOCH).getTotalSeconds() == 0
        ? ZoneId.of("UTC")
        : own;
  }

  private static String zoneName(ZoneId zone) {
    return zone instanceof ZoneOffset offset ? "UTC" + offset.getId() : zone.getId();
  }

  private JsonPrimitive write(String field, EventTime time, boolean isEnd, ZoneId zone) {
    String type = types.getOrDefault(field, "dateTime");
    if (time instanceof EventTime.AllDay day) {
      LocalDate date = isEnd ? day.date().minusDays(1) : day.date();
      return new JsonPrimitive(
          type.equals("date") ? date.toString() : date.atStartOfDay().format(WALL_CLOCK));
    }
    ZonedDateTime at = ((EventTime.At) time).time();
    if (type.equals("timestamp")) {
      return new JsonPrimitive(at.toInstant().toString());
    }
    return new JsonPrimitive(at.withZoneSameInstant(zone).toLocalDateTime().format(WALL_CLOCK));
  }

  private Optional<EventTime> time(
      JsonObject item, String field, boolean allDay, boolean isEnd, ZoneId zone) {
    Optional<String> value = text(item, field);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    String v = value.get();
    try {
      if (allDay) {
        LocalDate date = LocalDate.parse(v.length() >= 10 ? v.substring(0, 10) : v);
        return Optional.of(EventTime.of(isEnd ? date.plusDays(1) : date));
      }
      if (v.length() == 10) {
        return Optional.of(EventTime.of(LocalDate.parse(v).atStartOfDay(zone)));
      }
      if (v.endsWith("Z") || v.matches(".*[+-]\\d\\d:?\\d\\d$")) {
        return Optional.of(EventTime.of(OffsetDateTime.parse(v).atZoneSameInstant(zone)));
      }
      return Optional.of(EventTime.of(LocalDateTime.parse(v).atZone(zone)));
    } catch (DateTimeParseException e) {
      throw new InvalidEventException(field + " is not a date: '" + shorten(v) + "'");
    }
  }

  /** Sets a field that exists in the collection; fields the collection lacks are left out. */
  private void put(JsonObject item, String field, Optional<? extends Object> value) {
    if (!types.containsKey(field)) {
      return;
    }
    item.add(
        field,
        value.<JsonElement>map(v -> v instanceof JsonElement e ? e : new JsonPrimitive(v.toString()))
            .orElse(JsonNull.INSTANCE));
  }

  /** A string field; numbers are accepted as text, objects and arrays are a wrong type. */
  static Optional<String> text(JsonObject item, String field) {
    JsonElement value = item.get(field);
    if (value == null || value.isJsonNull()) {
      return Optional.empty();
    }
    if (!value.isJsonPrimitive()) {
      throw new InvalidEventException(field + " should be text but is " + kind(value));
    }
    String text = value.getAsString();
    return text.isBlank() ? Optional.empty() : Optional.of(text);
  }

  /** A boolean field; SQLite gives 1/0 unless the field casts, so both are accepted. */
  static Optional<Boolean> bool(JsonObject item, String field) {
    JsonElement value = item.get(field);
    if (value == null || value.isJsonNull()) {
      return Optional.empty();
    }
    if (value.isJsonPrimitive()) {
      JsonPrimitive p = value.getAsJsonPrimitive();
      if (p.isBoolean()) {
        return Optional.of(p.getAsBoolean());
      }
      String s = p.getAsString().strip().toLowerCase(Locale.ROOT);
      if (s.equals("1") || s.equals("true")) {
        return Optional.of(true);
      }
      if (s.equals("0") || s.equals("false") || s.isEmpty()) {
        return Optional.of(false);
      }
    }
    throw new InvalidEventException(field + " should be true or false but is " + shorten(value.toString()));
  }

  private static String kind(JsonElement value) {
    return value.isJsonObject() ? "an object" : value.isJsonArray() ? "a list" : value.toString();
  }

  private static String shorten(String s) {
    return s.length() > 60 ? s.substring(0, 60) + "…" : s;
  }
}
