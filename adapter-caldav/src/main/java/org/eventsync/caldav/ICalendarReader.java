package org.eventsync.caldav;

import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.data.ParserException;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Parameter;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VEvent;
import org.eventsync.core.Event;
import org.eventsync.core.EventTime;
import org.eventsync.core.InvalidEventException;

/**
 * Reads the master VEVENT of a calendar object as an event. Text values come from the content
 * lines ({@link ObjectText}); ical4j reads only the properties that need more, and each object's
 * own VTIMEZONEs define its TZIDs ({@link ObjectTimeZones}).
 */
final class ICalendarReader {

  /** What ical4j is asked to read: the master's properties that need more than text. */
  private static final Set<String> READ =
      Set.of("UID", "DTSTART", "DTEND", "DURATION", "ORGANIZER", "URL", "RRULE", "RDATE", "EXDATE");
  private static final Pattern RENAMED_TZID =
      Pattern.compile(";" + ObjectText.TZID + "=(\"[^\"]*\"|[^;:]*)");
  private static final Pattern RULE_LINE = Pattern.compile("(?m)^(RRULE(?:;[^:\\r\\n]*)?:)([^\\r\\n]*)");
  private static final DateTimeFormatter BASIC_DATE = DateTimeFormatter.BASIC_ISO_DATE;

  private final ZoneId floatingZone;
  private final ObjectTimeZones.Cache zoneCache;

  ICalendarReader(ZoneId floatingZone, ObjectTimeZones.Cache zoneCache) {
    this.floatingZone = floatingZone;
    this.zoneCache = zoneCache;
  }

  /** Reads the master VEVENT of a calendar object; throws {@link InvalidEventException}. */
  Event parse(String text) {
    String prepared = ICalendarCodec.prepareForParsing(text);
    ObjectTimeZones zones = ObjectTimeZones.of(prepared, zoneCache);
    ObjectText object = ObjectText.of(zones.withoutBlocks());
    object.problem().ifPresent(p -> {
      throw new InvalidEventException("malformed iCalendar: " + p);
    });
    if (object.events().isEmpty()) {
      throw new InvalidEventException("no VEVENT in the calendar object");
    }
    if (object.uids().size() > 1) {
      throw new InvalidEventException("holds more than one event (" + object.uids().size()
          + " UIDs); CalDAV allows one per object");
    }
    if (object.master().isEmpty()) {
      throw new InvalidEventException("holds " + object.events().size()
          + " overridden instances (RECURRENCE-ID) of a series that is not in the calendar;"
          + " such an occurrence is imported only when it is alone in its object");
    }
    String mapped = unescapedRules(object.masterOnly(READ));
    VEvent master;
    try {
      master = build(mapped).<VEvent>getComponents(Component.VEVENT).get(0);
    } catch (ParserException e) {
      throw new InvalidEventException(
          "malformed iCalendar" + where(mapped, e.getLineNo()) + ": " + firstLine(e.getMessage()));
    } catch (IOException | RuntimeException e) {
      throw new InvalidEventException("malformed iCalendar: " + firstLine(e.toString()));
    }
    EventTime start =
        time(master, Property.DTSTART, zones, floatingZone)
            .orElseThrow(() -> new InvalidEventException("missing DTSTART" + notAnEvent(object)));
    // A floating DTEND beside a zoned DTSTART is read in DTSTART's zone, as clients show it.
    ZoneId endFloating = start instanceof EventTime.At at ? at.time().getZone() : floatingZone;
    Optional<EventTime> end =
        time(master, Property.DTEND, zones, endFloating).or(() -> endFromDuration(master, start));
    return Event.builder(
            value(master, Property.UID).orElseThrow(() -> new InvalidEventException(
                "missing UID; a calendar app gives an event one when it is imported or saved"
                    + " again")),
            object.text(Property.SUMMARY).orElse(ICalendarCodec.UNTITLED),
            start)
        .end(end.map(e -> sameKind(e, start)).orElse(null))
        .description(object.text(Property.DESCRIPTION).orElse(null))
        .location(object.text(Property.LOCATION).orElse(null))
        .organizer(organizer(master, object).orElse(null))
        .cost(object.text(ICalendarCodec.COST).orElse(null))
        .category(categories(object).orElse(null))
        .website(value(master, Property.URL).or(() -> object.text("X-URL")).orElse(null))
        .recurrence(recurrence(master, zones).orElse(null))
        .build();
  }

  /**
   * RRULE values with their separators TEXT-escaped ({@code FREQ=DAILY\;COUNT=10}, as a Ruby
   * library writes them), read as the rule they spell: a RECUR value holds no backslash (RFC 5545
   * 3.3.10), so the escape can mean nothing else.
   */
  private static String unescapedRules(String text) {
    return RULE_LINE.matcher(text).replaceAll(rule -> Matcher.quoteReplacement(
        rule.group(1) + rule.group(2).replace("\\;", ";").replace("\\,", ",")));
  }

  /**
   * Why an object without DTSTART is no event to import: a METHOD line makes it a scheduling
   * message (iTIP, RFC 5546: a reply, a cancellation) that a mail client sends, kept in the
   * calendar as it came.
   */
  private static String notAnEvent(ObjectText object) {
    return object.lines().stream().filter(l -> l.name().equals("METHOD")).findFirst()
        .map(l -> ": a scheduling message (METHOD:" + l.value().strip()
            + ", RFC 5546) about an event, not the event")
        .orElse("");
  }

  /**
   * An end of the other kind than the start, as some clients write it (an all-day start with a
   * DTEND of 23:59, a timed start with a date end), read as the end it stands for: the day after
   * a time that is not midnight, or midnight of a date in the start's zone.
   */
  private static EventTime sameKind(EventTime end, EventTime start) {
    if (start instanceof EventTime.AllDay && end instanceof EventTime.At at) {
      LocalDateTime local = at.time().toLocalDateTime();
      LocalDate day = local.toLocalDate();
      return EventTime.of(local.toLocalTime().equals(LocalTime.MIDNIGHT) ? day : day.plusDays(1));
    }
    if (start instanceof EventTime.At at && end instanceof EventTime.AllDay day) {
      return EventTime.of(day.date().atStartOfDay(at.time().getZone()));
    }
    return end;
  }

  /** " at line N (PROPERTY)" for a parser error, naming the property a person has to fix. */
  private static String where(String text, int line) {
    String[] lines = text.split("\r?\n");
    if (line < 1 || line > lines.length) {
      return "";
    }
    String name = lines[line - 1].split("[:;]", 2)[0].strip();
    return " at line " + line + (name.isEmpty() || name.length() > 40 ? "" : " (" + name + ")");
  }

  private static String firstLine(String message) {
    String m = message == null ? "" : message.strip();
    int newline = m.indexOf('\n');
    m = newline < 0 ? m : m.substring(0, newline);
    return m.length() > 200 ? m.substring(0, 200) + "…" : m;
  }

  /** Parses without building a single ical4j zone (see {@link ObjectTimeZones}). */
  static Calendar build(String text) throws IOException, ParserException {
    return new CalendarBuilder(ObjectTimeZones.NoRegistry.INSTANCE).build(new StringReader(text));
  }

  private Optional<EventTime> time(VEvent event, String name, ObjectTimeZones zones, ZoneId floating) {
    Optional<Property> found = event.getProperty(name);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Property property = found.get();
    String raw = property.getValue().strip();
    Optional<String> tzid = property.getParameter(ObjectText.TZID).map(p -> ((Parameter) p).getValue());
    boolean isDate =
        property.getParameter(Parameter.VALUE).map(p -> ((Parameter) p).getValue())
            .map("DATE"::equalsIgnoreCase).orElse(raw.length() == 8);
    try {
      if (isDate) {
        return Optional.of(EventTime.of(LocalDate.parse(raw, BASIC_DATE)));
      }
      if (raw.endsWith("Z")) {
        LocalDateTime utc = LocalDateTime.parse(raw.substring(0, raw.length() - 1), ICalendarCodec.BASIC_DATE_TIME);
        return Optional.of(EventTime.of(utc.atZone(ZoneOffset.UTC)));
      }
      LocalDateTime local = LocalDateTime.parse(raw, ICalendarCodec.BASIC_DATE_TIME);
      if (tzid.isEmpty()) {
        return Optional.of(EventTime.of(local.atZone(floating)));
      }
      return Optional.of(EventTime.of(local.atZone(zones.zone(tzid.get(), local, name))));
    } catch (DateTimeParseException e) {
      throw new InvalidEventException(name + " is not a valid date or time: '" + raw + "'");
    }
  }

  /** DTSTART plus DURATION, for objects that give a duration instead of DTEND. */
  private static Optional<EventTime> endFromDuration(VEvent event, EventTime start) {
    Optional<String> value = value(event, Property.DURATION);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    try {
      String text = value.get().strip();
      // RFC 5545 durations: weeks (P2W) or days and times (P1DT2H); java.time splits the two.
      Duration duration =
          text.contains("W")
              ? Duration.ofDays(Period.parse(text).getDays())
              : Duration.parse(text);
      if (start instanceof EventTime.AllDay day) {
        return Optional.of(EventTime.of(day.date().plusDays(duration.toDays())));
      }
      return Optional.of(EventTime.of(((EventTime.At) start).time().plus(duration)));
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new InvalidEventException("DURATION is not valid: '" + value.get() + "'");
    }
  }

  private static Optional<String> value(VEvent event, String name) {
    return event.getProperty(name).map(p -> ((Property) p).getValue()).filter(v -> !v.isBlank());
  }

  /** All CATEGORIES values, unescaped, joined by commas (the event's list separator). */
  private static Optional<String> categories(ObjectText raw) {
    List<String> values = raw.list(Property.CATEGORIES);
    return values.isEmpty() ? Optional.empty() : Optional.of(String.join(",", values));
  }

  private static Optional<String> organizer(VEvent event, ObjectText raw) {
    Optional<Property> organizer = event.getProperty(Property.ORGANIZER);
    if (organizer.isPresent()) {
      String address = organizer.get().getValue().replaceFirst("(?i)^mailto:", "");
      Optional<String> name =
          organizer.get().getParameter(Parameter.CN).map(p -> ((Parameter) p).getValue());
      return Optional.of(name.map(n -> n + " <" + address + ">").orElse(address));
    }
    return raw.text(ICalendarCodec.ORGANIZER_NAME);
  }

  /**
   * The master's RRULE, RDATE and EXDATE lines. A TZID on a date list is renamed to the zone it
   * resolves to (see {@link ObjectTimeZones}), so the lines mean the same outside this object;
   * UTC-equivalent ones become plain UTC times.
   */
  private static Optional<String> recurrence(VEvent event, ObjectTimeZones zones) {
    List<String> lines = new ArrayList<>();
    for (Property p : event.getPropertyList().getAll()) {
      if (!ICalendarCodec.RECURRENCE.contains(p.getName().toUpperCase(Locale.ROOT))) {
        continue;
      }
      String line = p.toString().strip();
      Optional<String> tzid = p.getParameter(ObjectText.TZID).map(t -> ((Parameter) t).getValue());
      lines.add(tzid.isPresent() ? withResolvedZone(line, p, tzid.get(), zones) : line);
    }
    return lines.isEmpty() ? Optional.empty() : Optional.of(String.join("\n", lines));
  }

  private static String withResolvedZone(String line, Property p, String tzid, ObjectTimeZones zones) {
    LocalDateTime local;
    try {
      local = LocalDateTime.parse(p.getValue().split("[,/]")[0].strip(), ICalendarCodec.BASIC_DATE_TIME);
    } catch (DateTimeParseException e) {
      // Whole dates: the zone does not change what they say.
      return RENAMED_TZID.matcher(line).replaceFirst("");
    }
    ZoneId zone = zones.zone(tzid, local, p.getName());
    String head = RENAMED_TZID.matcher(line.substring(0, line.length() - p.getValue().length() - 1))
        .replaceFirst("");
    if (zone.getRules().isFixedOffset()
        && zone.getRules().getOffset(Instant.EPOCH).getTotalSeconds() == 0) {
      return head + ":" + p.getValue().replaceAll("(\\d{8}T\\d{6})(?=,|/|$)", "$1Z");
    }
    String id = zone.getId();
    return head + ";TZID=" + (id.matches("[^:;,\"]*") ? id : "\"" + id + "\"") + ":" + p.getValue();
  }
}
