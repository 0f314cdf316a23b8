package org.eventsync.directus;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which Directus field holds which event attribute. The defaults are the field names the original
 * Python tool used, plus the fields the sync needs ({@code ical_uid}, {@code all_day},
 * {@code recurrence}, {@code timezone}: the IANA zone the event was planned in).
 */
public record DirectusFields(
    String title,
    String startDate,
    String endDate,
    String allDay,
    String description,
    String location,
    String organizer,
    String cost,
    String category,
    String website,
    String approved,
    String icalUid,
    String recurrence,
    String timezone) {

  public DirectusFields {
    for (String name : List.of(title, startDate, endDate, allDay, description, location, organizer,
        cost, category, website, approved, icalUid, recurrence, timezone)) {
      Objects.requireNonNull(name, "field name");
    }
  }

  public static DirectusFields defaults() {
    return new DirectusFields(
        "title", "start_date", "end_date", "all_day", "description", "location", "organizer",
        "cost", "category", "website", "approved", "ical_uid", "recurrence", "timezone");
  }

  /**
   * The defaults with some fields renamed: keys are the default names ({@code start_date}),
   * values the names in the user's collection ({@code begins_at}).
   *
   * @throws IllegalArgumentException for a key that is not a default field name
   */
  public static DirectusFields withRenames(Map<String, String> renames) {
    DirectusFields d = defaults();
    Map<String, String> names = new LinkedHashMap<>();
    for (String name : d.all().subList(1, d.all().size())) {
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
    return new DirectusFields(
        names.get("title"), names.get("start_date"), names.get("end_date"), names.get("all_day"),
        names.get("description"), names.get("location"), names.get("organizer"), names.get("cost"),
        names.get("category"), names.get("website"), names.get("approved"), names.get("ical_uid"),
        names.get("recurrence"), names.get("timezone"));
  }

  /** Every mapped field plus the primary key, for {@code fields=} in reads. */
  List<String> all() {
    return List.of("id", title, startDate, endDate, allDay, description, location, organizer, cost,
        category, website, approved, icalUid, recurrence, timezone);
  }
}
