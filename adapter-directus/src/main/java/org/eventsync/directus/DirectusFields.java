package org.eventsync.directus;

import java.util.List;
import java.util.Objects;

/**
 * Which Directus field holds which event attribute. The defaults are the field names the original
 * Python tool used, plus the fields the sync needs ({@code ical_uid}, {@code all_day},
 * {@code recurrence}).
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
    String recurrence) {

  public DirectusFields {
    for (String name : List.of(title, startDate, endDate, allDay, description, location, organizer,
        cost, category, website, approved, icalUid, recurrence)) {
      Objects.requireNonNull(name, "field name");
    }
  }

  public static DirectusFields defaults() {
    return new DirectusFields(
        "title", "start_date", "end_date", "all_day", "description", "location", "organizer",
        "cost", "category", "website", "approved", "ical_uid", "recurrence");
  }

  /** Every mapped field plus the primary key, for {@code fields=} in reads. */
  List<String> all() {
    return List.of("id", title, startDate, endDate, allDay, description, location, organizer, cost,
        category, website, approved, icalUid, recurrence);
  }
}
