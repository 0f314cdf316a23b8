package org.eventsync.cli.it;

import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.Temporal;
import java.time.temporal.TemporalAmount;
import java.time.temporal.TemporalField;
import java.time.temporal.TemporalUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.property.Categories;
import net.fortuna.ical4j.model.property.DateListProperty;
import net.fortuna.ical4j.model.property.DateProperty;

/**
 * What a calendar object means, read by ical4j independently of the tool (a fresh parser per
 * object, so that each object's VTIMEZONEs define its own zones): the aspects a sync must keep,
 * each as comparable text. Two objects mean the same when their aspects are equal.
 */
final class Meaning {

  private Meaning() {}

  /** Aspect name → value, for the event {@code uid} in {@code ics}. */
  static Map<String, String> of(String ics, String uid, ZoneId floating) throws Exception {
    Calendar calendar = new CalendarBuilder().build(new StringReader(compared(ics)));
    List<VEvent> events = new ArrayList<>();
    for (VEvent e : calendar.<VEvent>getComponents(Component.VEVENT)) {
      if (e.getProperty(Property.UID).map(p -> ((Property) p).getValue().strip().equals(uid)).orElse(false)) {
        events.add(e);
      }
    }
    // An occurrence shared without its series is its own master (as the tool reads it).
    VEvent master = events.stream().filter(e -> e.getProperty(Property.RECURRENCE_ID).isEmpty())
        .findFirst().orElseGet(() -> events.size() == 1 ? events.get(0) : null);
    if (master == null) {
      throw new IllegalArgumentException(events.size() + " VEVENTs with uid " + uid + ", none the series");
    }
    Map<String, String> aspects = new LinkedHashMap<>();
    Optional<Temporal> start = date(master, Property.DTSTART);
    aspects.put("start", start.map(t -> key(t, floating)).orElse(""));
    // A floating end beside a zoned start is read in the start's zone, as clients show it.
    ZoneId endZone = start.filter(ZonedDateTime.class::isInstance)
        .map(t -> ((ZonedDateTime) t).getZone()).orElse(floating);
    aspects.put("end", end(master, start, endZone));
    aspects.put("zone", start.map(t -> offsets(t, floating)).orElse(""));
    aspects.put("rrule", master.getProperties(Property.RRULE).stream()
        .map(p -> sortedParts(((Property) p).getValue())).sorted().toList().toString());
    aspects.put("rdate", dates(master, Property.RDATE, floating));
    aspects.put("exdate", dates(master, Property.EXDATE, floating));
    TreeSet<String> overrides = new TreeSet<>();
    for (VEvent o : events) {
      if (o != master) {
        overrides.add("RID " + date(o, Property.RECURRENCE_ID).map(t -> key(t, floating)).orElse("")
            + " start " + date(o, Property.DTSTART).map(t -> key(t, floating)).orElse("")
            + " status " + value(o, Property.STATUS) + " summary " + value(o, Property.SUMMARY));
      }
    }
    aspects.put("overrides", overrides.toString());
    TreeSet<String> alarms = new TreeSet<>();
    master.getAlarms().forEach(a -> alarms.add(value(a, Property.ACTION).toUpperCase(Locale.ROOT)
        + " " + value(a, Property.TRIGGER)));
    aspects.put("alarms", alarms.toString());
    TreeSet<String> attendees = new TreeSet<>();
    master.getProperties(Property.ATTENDEE)
        .forEach(p -> attendees.add(((Property) p).getValue().toLowerCase(Locale.ROOT)));
    aspects.put("attendees", attendees.toString());
    TreeSet<String> categories = new TreeSet<>();
    master.getProperties(Property.CATEGORIES).forEach(
        p -> ((Categories) p).getCategories().getTexts().forEach(t -> categories.add(t.strip())));
    categories.remove("");
    aspects.put("categories", categories.toString());
    aspects.put("url", value(master, Property.URL));
    aspects.put("geo", value(master, Property.GEO));
    TreeSet<String> x = new TreeSet<>();
    for (Property p : master.getPropertyList().getAll()) {
      String name = p.getName().toUpperCase(Locale.ROOT);
      if (name.startsWith("X-") && !List.of("X-COST", "X-ORGANIZER", "X-URL").contains(name)) {
        x.add(name + "=" + p.getValue());
      }
    }
    aspects.put("x-properties", x.toString());
    return aspects;
  }

  /**
   * The object without the properties no aspect reads (DTSTAMP, CREATED, …): ical4j refuses some
   * of their real-world forms (a floating DTSTAMP), which say nothing about the event.
   */
  private static String compared(String ics) {
    List<String> kept = List.of("BEGIN", "END", "VERSION", "PRODID", "UID", "DTSTART", "DTEND",
        "DURATION", "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID", "STATUS", "SUMMARY", "ATTENDEE",
        "CATEGORIES", "URL", "GEO", "ACTION", "TRIGGER", "TZID", "TZOFFSETFROM", "TZOFFSETTO");
    StringBuilder out = new StringBuilder();
    StringBuilder zone = null;
    for (String line : CorpusObjects.unfolded(ics).split("\r\n")) {
      String name = line.split("[;:]", 2)[0].toUpperCase(Locale.ROOT);
      if (line.equalsIgnoreCase("BEGIN:VTIMEZONE")) {
        zone = new StringBuilder();
      }
      StringBuilder into = zone == null ? out : zone;
      if (line.equalsIgnoreCase("END:VTIMEZONE") && zone != null) {
        // A VTIMEZONE without a TZID or without rules defines nothing (ical4j fails on it).
        String block = zone.toString().toUpperCase(Locale.ROOT);
        if (block.contains("\r\nTZID:") && block.matches("(?s).*BEGIN:(STANDARD|DAYLIGHT).*")) {
          out.append(zone).append(line).append("\r\n");
        }
        zone = null;
        continue;
      }
      if (name.equals("RRULE")) {
        line = line.replace("\\;", ";").replace("\\,", ","); // TEXT escapes in a rule mean nothing
      }
      if (kept.contains(name) || name.startsWith("X-")) {
        // A TZID beside VALUE=DATE says nothing (ical4j fails on it): left out.
        String head = line.split(":", 2)[0];
        into.append(head.toUpperCase(Locale.ROOT).contains("VALUE=DATE;") || head.toUpperCase(Locale.ROOT).endsWith("VALUE=DATE")
            ? line.replaceFirst(";TZID=[^;:]*", "") : line).append("\r\n");
      }
    }
    return out.toString();
  }

  private static Optional<Temporal> date(Component c, String name) {
    return c.getProperty(name).map(p -> {
      try {
        return (Temporal) ((DateProperty<?>) p).getDate();
      } catch (RuntimeException unusual) {
        String raw = ((Property) p).getValue().strip();
        // A UTC time with a TZID beside it (Radicale's copy of Etc/GMT): the instant it names.
        return raw.matches("\\d{8}T\\d{6}Z")
            ? Instant.from(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssX").parse(raw))
            : new RawValue(raw);
      }
    });
  }

  /** A value ical4j cannot read as a date (VALUE=DATE with a TZID): compared as written. */
  private record RawValue(String text) implements Temporal {
    public boolean isSupported(TemporalUnit unit) {
      return false;
    }

    public Temporal with(TemporalField field, long newValue) {
      return this;
    }

    public Temporal plus(long amountToAdd, TemporalUnit unit) {
      return this;
    }

    public long until(Temporal endExclusive, TemporalUnit unit) {
      return 0;
    }

    public boolean isSupported(TemporalField field) {
      return false;
    }

    public long getLong(TemporalField field) {
      return 0;
    }
  }

  private static String end(VEvent master, Optional<Temporal> start, ZoneId floating) {
    Optional<Temporal> end = date(master, Property.DTEND);
    if (end.isEmpty() && master.getProperty(Property.DURATION).isPresent() && start.isPresent()) {
      TemporalAmount d = master.getDuration().getDuration();
      Temporal s = start.get();
      end = Optional.of(s instanceof LocalDate day && d instanceof Duration exact
          ? day.plusDays(exact.toDays()) : s.plus(d));
    }
    if (end.isEmpty()) {
      return "";
    }
    // An end of the other kind than the start means the day it stands for (see the codec).
    if (start.isPresent() && start.get() instanceof LocalDate && !(end.get() instanceof LocalDate)
        && !(end.get() instanceof RawValue)) {
      LocalDateTime local = end.get() instanceof ZonedDateTime z ? z.toLocalDateTime()
          : end.get() instanceof LocalDateTime l ? l : LocalDateTime.ofInstant(Instant.from(end.get()), ZoneOffset.UTC);
      return key(local.toLocalTime().equals(LocalTime.MIDNIGHT)
          ? local.toLocalDate() : local.toLocalDate().plusDays(1), floating);
    }
    return key(end.get(), floating);
  }

  /**
   * The start's offsets a month apart over a year: what the zone means for the series. A floating
   * time means the configured zone (the tool publishes it there).
   */
  private static String offsets(Temporal start, ZoneId floating) {
    ZonedDateTime zoned;
    if (start instanceof ZonedDateTime z) {
      zoned = z;
    } else if (start instanceof LocalDateTime local) {
      zoned = local.atZone(floating);
    } else if (start instanceof Instant || start instanceof OffsetDateTime) {
      zoned = Instant.from(start).atZone(ZoneOffset.UTC);
    } else {
      return "";
    }
    List<String> offsets = new ArrayList<>();
    for (int m = 0; m <= 12; m++) {
      offsets.add(zoned.getZone().getRules().getOffset(zoned.toInstant().plus(Duration.ofDays(30L * m))).getId());
    }
    return offsets.toString();
  }

  private static String dates(VEvent master, String name, ZoneId floating) {
    TreeSet<String> all = new TreeSet<>();
    for (Object p : master.getProperties(name)) {
      try {
        for (Object t : ((DateListProperty<?>) p).getDates()) {
          all.add(key((Temporal) t, floating));
        }
      } catch (RuntimeException periods) {
        all.add(((Property) p).getValue());
      }
    }
    return all.toString();
  }

  static String key(Temporal t, ZoneId floating) {
    if (t instanceof LocalDate d) {
      return "D" + d;
    }
    if (t instanceof ZonedDateTime z) {
      return "T" + z.toInstant();
    }
    if (t instanceof OffsetDateTime o) {
      return "T" + o.toInstant();
    }
    if (t instanceof Instant i) {
      return "T" + i;
    }
    if (t instanceof LocalDateTime l) {
      return "T" + l.atZone(floating).toInstant();
    }
    if (t instanceof RawValue r) {
      // A date written without VALUE=DATE (ical4j refuses it): the date it is.
      return r.text().matches("\\d{8}")
          ? "D" + LocalDate.parse(r.text(), DateTimeFormatter.BASIC_ISO_DATE)
          : "R" + r.text();
    }
    return t.toString();
  }

  private static String sortedParts(String rule) {
    TreeSet<String> parts = new TreeSet<>();
    for (String part : rule.toUpperCase(Locale.ROOT).split(";")) {
      if (!part.isBlank()) {
        parts.add(part.strip());
      }
    }
    return String.join(";", parts);
  }

  private static String value(Component c, String name) {
    return c.getProperty(name).map(p -> ((Property) p).getValue().strip()).orElse("");
  }
}
