package org.eventsync.directus;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.eventsync.core.EventFields;

/**
 * Which Directus field holds which event attribute. The defaults are the field names the original
 * Python tool used, plus the fields the sync needs ({@code ical_uid}, {@code all_day},
 * {@code recurrence}, {@code timezone}: the IANA zone the event was planned in). Each optional
 * text field of {@link EventFields#TEXT} is held by a field of its own name unless renamed.
 *
 * @param text the field of each optional text field, by the event field's name
 */
public record DirectusFields(
    String title,
    String startDate,
    String endDate,
    String allDay,
    Map<String, String> text,
    String approved,
    String icalUid,
    String recurrence,
    String timezone) {

  public DirectusFields {
    for (String name : List.of(title, startDate, endDate, allDay, approved, icalUid, recurrence,
        timezone)) {
      Objects.requireNonNull(name, "field name");
    }
    Map<String, String> ordered = new LinkedHashMap<>();
    for (EventFields.TextField field : EventFields.TEXT) {
      ordered.put(field.name(), Objects.requireNonNull(text.get(field.name()), field.name()));
    }
    text = Collections.unmodifiableMap(ordered);
  }

  public static DirectusFields defaults() {
    return withRenames(Map.of());
  }

  /**
   * The defaults with some fields renamed: keys are the default names ({@code start_date}),
   * values the names in the user's collection ({@code begins_at}).
   *
   * @throws IllegalArgumentException for a key that is not a default field name
   */
  public static DirectusFields withRenames(Map<String, String> renames) {
    Map<String, String> names = new LinkedHashMap<>();
    for (String name : defaultNames()) {
      names.put(name, name);
    }
    for (Map.Entry<String, String> rename : renames.entrySet()) {
      if (!names.containsKey(rename.getKey())) {
        throw new IllegalArgumentException(
            "there is no event field '" + rename.getKey() + "'; the fields are " + names.keySet());
      }
      if (!rename.getValue().matches("[A-Za-z0-9_]+")) {
        throw new IllegalArgumentException(
            "'" + rename.getValue() + "' is not a Directus field name (letters, digits, _)");
      }
      names.put(rename.getKey(), rename.getValue());
    }
    Map<String, String> text = new LinkedHashMap<>();
    EventFields.TEXT.forEach(f -> text.put(f.name(), names.get(f.name())));
    return new DirectusFields(
        names.get("title"), names.get("start_date"), names.get("end_date"), names.get("all_day"),
        text, names.get("approved"), names.get("ical_uid"), names.get("recurrence"),
        names.get("timezone"));
  }

  /** The default name of every field, in order: what a rename names. */
  public static List<String> defaultNames() {
    List<String> names = new ArrayList<>(List.of("title", "start_date", "end_date", "all_day"));
    EventFields.TEXT.forEach(f -> names.add(f.name()));
    names.addAll(List.of("approved", "ical_uid", "recurrence", "timezone"));
    return names;
  }

  /** The field that holds the optional text field {@code name} of {@link EventFields#TEXT}. */
  public String text(String name) {
    String field = text.get(name);
    if (field == null) {
      throw new IllegalArgumentException("no text field: " + name);
    }
    return field;
  }

  /** Every mapped field plus the primary key, for {@code fields=} in reads. */
  List<String> all() {
    List<String> all = new ArrayList<>(List.of("id", title, startDate, endDate, allDay));
    all.addAll(text.values());
    all.addAll(List.of(approved, icalUid, recurrence, timezone));
    return all;
  }
}
