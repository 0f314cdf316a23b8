package org.eventsync.caldav;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
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
import net.fortuna.ical4j.model.TimeZone;
import net.fortuna.ical4j.model.TimeZoneRegistry;
import net.fortuna.ical4j.model.TimeZoneRegistryFactory;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.component.VTimeZone;
import net.fortuna.ical4j.model.parameter.Cn;
import net.fortuna.ical4j.model.property.Categories;
import net.fortuna.ical4j.model.property.DateProperty;
import net.fortuna.ical4j.model.property.Description;
import net.fortuna.ical4j.model.property.DtEnd;
import net.fortuna.ical4j.model.property.DtStamp;
import net.fortuna.ical4j.model.property.DtStart;
import net.fortuna.ical4j.model.property.Location;
import net.fortuna.ical4j.model.property.Organizer;
import net.fortuna.ical4j.model.property.ProdId;
import net.fortuna.ical4j.model.property.Summary;
import net.fortuna.ical4j.model.property.Uid;
import net.fortuna.ical4j.model.property.Url;
import net.fortuna.ical4j.model.property.XProperty;
import net.fortuna.ical4j.model.property.immutable.ImmutableCalScale;
import net.fortuna.ical4j.model.property.immutable.ImmutableVersion;
import org.eventsync.core.Event;
import org.eventsync.core.EventTime;
import org.eventsync.core.InvalidEventException;

/**
 * Turns calendar objects into events and events into calendar objects, through ical4j.
 *
 * <p>Mapping: SUMMARY, DTSTART, DTEND, DESCRIPTION, LOCATION, URL and CATEGORIES are the standard
 * properties. The organizer becomes {@code ORGANIZER;CN=name:mailto:address} when it holds an
 * e-mail address, else {@code X-ORGANIZER}; the cost has no standard property and travels as
 * {@code X-COST}. Recurrence lines (RRULE, RDATE, EXDATE) are kept verbatim. Every time zone used
 * gets its VTIMEZONE (compact, see {@link CompactTimeZones}), so clients never guess offsets around
 * daylight-saving changes. ical4j
 * escapes text values, so a newline in a title cannot start a new property.
 */
final class ICalendarCodec {

  static {
    // Zone data ships in the jar; never reach out to the network for updates.
    System.setProperty("net.fortuna.ical4j.timezone.update.enabled", "false");
  }

  static final String COST = "X-COST";
  static final String ORGANIZER_NAME = "X-ORGANIZER";
  private static final Set<String> RECURRENCE = Set.of("RRULE", "RDATE", "EXDATE");
  /** The properties this codec owns; {@link #merge} replaces exactly these. */
  private static final Set<String> MAPPED =
      Set.of("DTSTAMP", "DTSTART", "DTEND", "DURATION", "SUMMARY", "DESCRIPTION", "LOCATION",
          "ORGANIZER", ORGANIZER_NAME, COST, "CATEGORIES", "URL", "X-URL", "RRULE", "RDATE",
          "EXDATE");
  private static final Pattern EMAIL = Pattern.compile("<?([^\\s<>@]+@[^\\s<>@]+\\.[^\\s<>@]+)>?");
  private static final Pattern TZID_PARAM = Pattern.compile(";TZID=(\"[^\"]*\"|[^:;\r\n]*)");
  private static final Pattern VTIMEZONE_BLOCK =
      Pattern.compile("(?s)BEGIN:VTIMEZONE\r?\n.*?END:VTIMEZONE\r?\n");
  private static final DateTimeFormatter BASIC_DATE = DateTimeFormatter.BASIC_ISO_DATE;
  private static final DateTimeFormatter BASIC_DATE_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss", Locale.ROOT);

  private final ZoneId floatingZone;
  private final TimeZoneRegistry registry = TimeZoneRegistryFactory.getInstance().createRegistry();

  /** @param floatingZone the zone that gives floating (zone-less) times their meaning */
  ICalendarCodec(ZoneId floatingZone) {
    this.floatingZone = floatingZone;
  }

  /** Reads the master VEVENT of a calendar object; throws {@link InvalidEventException}. */
  Event parse(String text) {
    Calendar calendar;
    try {
      calendar = new CalendarBuilder(registry).build(new StringReader(prepareForParsing(text)));
    } catch (ParserException e) {
      throw new InvalidEventException(
          "malformed iCalendar" + where(text, e.getLineNo()) + ": " + firstLine(e.getMessage()));
    } catch (IOException | RuntimeException e) {
      throw new InvalidEventException("malformed iCalendar: " + firstLine(e.toString()));
    }
    List<VEvent> events = calendar.getComponents(Component.VEVENT);
    long uids = events.stream().map(e -> value(e, Property.UID).orElse("")).distinct().count();
    if (uids > 1) {
      throw new InvalidEventException(
          "holds more than one event (" + uids + " UIDs); CalDAV allows one per object");
    }
    VEvent master =
        events.stream()
            .filter(e -> e.getProperty(Property.RECURRENCE_ID).isEmpty())
            .findFirst()
            .orElseThrow(() -> new InvalidEventException("no VEVENT in the calendar object"));
    EventTime start =
        time(master, Property.DTSTART)
            .orElseThrow(() -> new InvalidEventException("missing DTSTART"));
    return new Event(
        value(master, Property.UID).orElseThrow(() -> new InvalidEventException("missing UID")),
        value(master, Property.SUMMARY)
            .orElseThrow(() -> new InvalidEventException("missing SUMMARY")),
        start,
        time(master, Property.DTEND).or(() -> endFromDuration(master, start)),
        value(master, Property.DESCRIPTION),
        value(master, Property.LOCATION),
        organizer(master),
        value(master, COST),
        categories(master),
        value(master, Property.URL).or(() -> value(master, "X-URL")),
        recurrence(master));
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

  /** A complete calendar object for {@code event}. */
  String format(Event event) {
    VEvent vevent = new VEvent(false);
    vevent.add(new Uid(event.uid()));
    Set<String> zones = new LinkedHashSet<>();
    fill(vevent, event, zones);
    Calendar calendar = new Calendar();
    calendar.add(new ProdId("-//event-sync//Directus calendar sync//EN"));
    calendar.add(ImmutableVersion.VERSION_2_0);
    calendar.add(ImmutableCalScale.GREGORIAN);
    addTimeZones(calendar, zones, event);
    calendar.add(vevent);
    return calendar.toString();
  }

  /**
   * {@code existing} with the master VEVENT's mapped properties replaced by {@code event}'s;
   * everything else (alarms, attendees, unknown properties, overridden instances) is kept.
   */
  String merge(String existing, Event event) {
    Calendar calendar;
    try {
      calendar = new CalendarBuilder(registry).build(new StringReader(prepareForParsing(existing)));
    } catch (IOException | ParserException | RuntimeException e) {
      return format(event);
    }
    List<VEvent> events = calendar.getComponents(Component.VEVENT);
    VEvent master =
        events.stream().filter(e -> e.getProperty(Property.RECURRENCE_ID).isEmpty()).findFirst()
            .orElse(null);
    if (master == null) {
      return format(event);
    }
    master.removeIf(p -> MAPPED.contains(p.getName().toUpperCase(Locale.ROOT)));
    Set<String> zones = new LinkedHashSet<>();
    fill(master, event, zones);
    // Overridden instances and alarms may use zones too; their VTIMEZONEs were stripped on parsing
    // exactly when Java knows them, so the registry supplies them all again.
    Matcher used = TZID_PARAM.matcher(existing);
    while (used.find()) {
      String tzid = used.group(1).replace("\"", "");
      if (zoneOf(tzid).isPresent()) {
        zones.add(tzid);
      }
    }
    for (Component tz : calendar.getComponents(Component.VTIMEZONE)) {
      tz.getProperty(Property.TZID).ifPresent(id -> zones.remove(((Property) id).getValue()));
    }
    // VTIMEZONEs go first, as clients expect.
    List<net.fortuna.ical4j.model.component.CalendarComponent> rest =
        new ArrayList<>(calendar.getComponentList().getAll());
    calendar.setComponentList(new net.fortuna.ical4j.model.ComponentList<>());
    addTimeZones(calendar, zones, event);
    rest.forEach(calendar::add);
    return calendar.toString();
  }

  /**
   * The text with CRLF line ends, and without its VTIMEZONE blocks when every TZID it uses is a
   * zone Java knows. Building
   * ical4j time zones from VTIMEZONEs costs milliseconds per object, and ical4j draws each one a
   * synthetic zone id from a bounded pool that a long run exhausts ("Ran out of available zone
   * IDs"). Known zones are taken from Java's own rules instead; custom zones keep their VTIMEZONE.
   */
  static String prepareForParsing(String raw) {
    // XML parsers turn CRLF into LF, and ical4j unfolds only CRLF + space: bring CRLF back.
    String text = raw.replaceAll("\r?\n", "\r\n");
    if (!text.contains("BEGIN:VTIMEZONE")) {
      return text;
    }
    Matcher tzid = TZID_PARAM.matcher(text);
    while (tzid.find()) {
      String id = tzid.group(1).replace("\"", "");
      if (zoneOf(id).isEmpty()) {
        return text;
      }
    }
    return VTIMEZONE_BLOCK.matcher(text).replaceAll("");
  }

  private void fill(VEvent vevent, Event event, Set<String> zones) {
    vevent.add(new DtStamp(java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
    vevent.add(new DtStart<>(temporal(event.start(), zones)));
    event.end().ifPresent(end -> vevent.add(new DtEnd<>(temporal(end, zones))));
    vevent.add(new Summary(event.title()));
    event.description().ifPresent(d -> vevent.add(new Description(d)));
    event.location().ifPresent(l -> vevent.add(new Location(l)));
    event.organizer().ifPresent(o -> vevent.add(organizer(o)));
    event.cost().ifPresent(c -> vevent.add(new XProperty(COST, c)));
    event.category().ifPresent(c -> vevent.add(new Categories(c)));
    event.website().ifPresent(w -> vevent.add(url(w)));
    event.recurrence().ifPresent(r -> recurrenceProperties(r).forEach(vevent::add));
  }

  /**
   * A VTIMEZONE for each zone: the compact one (current rules) when it covers the object, else
   * ical4j's full history. Overridden instances may be moved a little before the series start,
   * hence the year of margin.
   */
  private void addTimeZones(Calendar calendar, Set<String> zones, Event event) {
    Instant from = startInstant(event.start()).minus(Duration.ofDays(366));
    for (String zone : zones) {
      Optional<ZoneId> java = zoneOf(zone);
      Optional<VTimeZone> compact =
          java.flatMap(z -> CompactTimeZones.of(z, from)).filter(tz -> java.get().getId().equals(zone));
      if (compact.isPresent()) {
        calendar.add(compact.get());
        continue;
      }
      TimeZone tz = registry.getTimeZone(zone);
      if (tz != null) {
        calendar.add(tz.getVTimeZone());
      }
    }
  }

  private static Instant startInstant(EventTime time) {
    return time instanceof EventTime.AllDay day
        ? day.date().atStartOfDay(ZoneOffset.UTC).toInstant()
        : ((EventTime.At) time).time().toInstant();
  }

  private Temporal temporal(EventTime time, Set<String> zones) {
    if (time instanceof EventTime.AllDay day) {
      return day.date();
    }
    ZonedDateTime at = ((EventTime.At) time).time();
    ZoneId zone = at.getZone();
    if (zone instanceof ZoneOffset || zone.getId().equals("UTC") || zone.getId().equals("Z")
        || registry.getTimeZone(zone.getId()) == null) {
      return at.toInstant();
    }
    zones.add(zone.getId());
    return at;
  }

  private Optional<EventTime> time(VEvent event, String name) {
    Optional<Property> found = event.getProperty(name);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Property property = found.get();
    String raw = property.getValue().strip();
    Optional<String> tzid = property.getParameter(Parameter.TZID).map(p -> ((Parameter) p).getValue());
    boolean isDate =
        property.getParameter(Parameter.VALUE).map(p -> ((Parameter) p).getValue())
            .map("DATE"::equalsIgnoreCase).orElse(raw.length() == 8);
    try {
      if (isDate) {
        return Optional.of(EventTime.of(LocalDate.parse(raw, BASIC_DATE)));
      }
      if (raw.endsWith("Z")) {
        LocalDateTime utc = LocalDateTime.parse(raw.substring(0, raw.length() - 1), BASIC_DATE_TIME);
        return Optional.of(EventTime.of(utc.atZone(ZoneOffset.UTC)));
      }
      LocalDateTime local = LocalDateTime.parse(raw, BASIC_DATE_TIME);
      if (tzid.isEmpty()) {
        return Optional.of(EventTime.of(local.atZone(floatingZone)));
      }
      Optional<ZoneId> zone = zoneOf(tzid.get());
      if (zone.isPresent()) {
        return Optional.of(EventTime.of(local.atZone(zone.get())));
      }
      // A zone only the object's own VTIMEZONE defines: ical4j resolved it; keep the instant.
      Object resolved = ((DateProperty<?>) property).getDate();
      if (resolved instanceof ZonedDateTime zoned) {
        ZonedDateTime instant = zoned.toInstant().atZone(ZoneOffset.UTC);
        return Optional.of(EventTime.of(instant.withZoneSameInstant(floatingZone)));
      }
      throw new InvalidEventException(name + " has an unknown time zone '" + tzid.get() + "'");
    } catch (DateTimeParseException | ClassCastException e) {
      throw new InvalidEventException(name + " is not a valid date or time: '" + raw + "'");
    } catch (DateTimeException e) {
      throw new InvalidEventException(
          name + " has an unknown time zone '" + tzid.orElse("") + "'");
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
      java.time.Duration duration =
          text.contains("W")
              ? java.time.Duration.ofDays(java.time.Period.parse(text).getDays())
              : java.time.Duration.parse(text);
      if (start instanceof EventTime.AllDay day) {
        return Optional.of(EventTime.of(day.date().plusDays(duration.toDays())));
      }
      return Optional.of(EventTime.of(((EventTime.At) start).time().plus(duration)));
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new InvalidEventException("DURATION is not valid: '" + value.get() + "'");
    }
  }

  private static Optional<ZoneId> zoneOf(String tzid) {
    try {
      return Optional.of(ZoneId.of(tzid.strip()));
    } catch (DateTimeException e) {
      try {
        return Optional.ofNullable(TimeZoneRegistry.getGlobalZoneId(tzid));
      } catch (RuntimeException unknown) {
        return Optional.empty();
      }
    }
  }

  private static Optional<String> value(VEvent event, String name) {
    return event.getProperty(name).map(p -> ((Property) p).getValue()).filter(v -> !v.isBlank());
  }

  private static Optional<String> categories(VEvent event) {
    List<Property> all = event.getProperties(Property.CATEGORIES);
    List<String> values = new ArrayList<>();
    for (Property p : all) {
      values.add(p.getValue());
    }
    return values.isEmpty() ? Optional.empty() : Optional.of(String.join(",", values));
  }

  private static Optional<String> organizer(VEvent event) {
    Optional<Property> organizer = event.getProperty(Property.ORGANIZER);
    if (organizer.isPresent()) {
      String address = organizer.get().getValue().replaceFirst("(?i)^mailto:", "");
      Optional<String> name =
          organizer.get().getParameter(Parameter.CN).map(p -> ((Parameter) p).getValue());
      return Optional.of(name.map(n -> n + " <" + address + ">").orElse(address));
    }
    return value(event, ORGANIZER_NAME);
  }

  private static Property organizer(String text) {
    Matcher email = EMAIL.matcher(text);
    if (!email.find()) {
      return new XProperty(ORGANIZER_NAME, text);
    }
    String address = email.group(1);
    String name = (text.substring(0, email.start()) + text.substring(email.end())).strip();
    try {
      Organizer organizer = new Organizer(new URI("mailto", address, null));
      if (!name.isEmpty()) {
        organizer.add(new Cn(name));
      }
      return organizer;
    } catch (URISyntaxException e) {
      return new XProperty(ORGANIZER_NAME, text);
    }
  }

  private static Property url(String website) {
    try {
      URI uri = new URI(website);
      if (uri.getScheme() != null) {
        return new Url(uri);
      }
    } catch (URISyntaxException e) {
      // not a URI: keep the text anyway
    }
    return new XProperty("X-URL", website);
  }

  private static Optional<String> recurrence(VEvent event) {
    List<String> lines = new ArrayList<>();
    for (Property p : event.getPropertyList().getAll()) {
      if (RECURRENCE.contains(p.getName().toUpperCase(Locale.ROOT))) {
        lines.add(p.toString().strip());
      }
    }
    return lines.isEmpty() ? Optional.empty() : Optional.of(String.join("\n", lines));
  }

  private List<Property> recurrenceProperties(String lines) {
    String text =
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\n"
            + lines.replace("\r\n", "\n").replace("\n", "\r\n")
            + "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    try {
      VEvent holder =
          new CalendarBuilder(registry).build(new StringReader(text))
              .<VEvent>getComponents(Component.VEVENT).get(0);
      List<Property> kept = new ArrayList<>();
      for (Property p : holder.getPropertyList().getAll()) {
        if (RECURRENCE.contains(p.getName().toUpperCase(Locale.ROOT))) {
          kept.add(p);
        }
      }
      return kept;
    } catch (IOException | ParserException | RuntimeException e) {
      throw new InvalidEventException("recurrence is not valid iCalendar: " + e.getMessage());
    }
  }
}
