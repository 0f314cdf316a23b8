package org.eventsync.caldav;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URISyntaxException;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 * Turns calendar objects into events and events into calendar objects.
 *
 * <p>Mapping: SUMMARY, DTSTART, DTEND, DESCRIPTION, LOCATION, URL and CATEGORIES are the standard
 * properties. The organizer becomes {@code ORGANIZER;CN=name:mailto:address} when it is "name
 * &lt;address&gt;" or an address, else {@code X-ORGANIZER}; the cost has no standard property and
 * travels as {@code X-COST}. Recurrence lines (RRULE, RDATE, EXDATE) travel in the core's canonical
 * form. Every time zone used gets its VTIMEZONE (compact, see {@link CompactTimeZones}); zones
 * equal to UTC are written as plain UTC.
 *
 * <p>Reading takes text values from the content lines ({@link ObjectText}) and asks ical4j only
 * about the properties that need more; each object's own VTIMEZONEs define its TZIDs ({@link
 * ObjectTimeZones}). An update replaces exactly the master's mapped lines of the object as the
 * server served it ({@link #merge}), so nothing else is rewritten. The event's text is already
 * clean (the core's rules), and ical4j escapes what it writes, so no value becomes structure.
 */
final class ICalendarCodec {

  static {
    // Zone data ships in the jar; never reach out to the network for updates.
    System.setProperty("net.fortuna.ical4j.timezone.update.enabled", "false");
  }

  static final String COST = "X-COST";
  static final String ORGANIZER_NAME = "X-ORGANIZER";
  private static final Set<String> RECURRENCE = Set.of("RRULE", "RDATE", "EXDATE");
  /** What ical4j is asked to read: the master's properties that need more than text. */
  private static final Set<String> READ =
      Set.of("UID", "DTSTART", "DTEND", "DURATION", "ORGANIZER", "URL", "RRULE", "RDATE", "EXDATE");
  /** The title of an event whose calendar object has none (SUMMARY is optional in iCalendar). */
  static final String UNTITLED = "(untitled)";
  /** The properties this codec owns; {@link #merge} replaces exactly these. */
  private static final Set<String> MAPPED =
      Set.of("DTSTAMP", "DTSTART", "DTEND", "DURATION", "SUMMARY", "DESCRIPTION", "LOCATION",
          "ORGANIZER", ORGANIZER_NAME, COST, "CATEGORIES", "URL", "X-URL", "RRULE", "RDATE",
          "EXDATE");
  private static final String ADDRESS = "[A-Za-z0-9._%+\\-]+@[A-Za-z0-9.\\-]+\\.[A-Za-z]{2,}";
  private static final Pattern ORGANIZER_FORM =
      Pattern.compile("(?:([^<>]*[^<>\\s]) <(" + ADDRESS + ")>)|(" + ADDRESS + ")");
  private static final Pattern RENAMED_TZID =
      Pattern.compile(";" + ObjectText.TZID + "=(\"[^\"]*\"|[^;:]*)");
  private static final Pattern TZID_PARAM = Pattern.compile(";TZID=(\"[^\"]*\"|[^:;\r\n]*)");
  private static final DateTimeFormatter BASIC_DATE = DateTimeFormatter.BASIC_ISO_DATE;
  private static final DateTimeFormatter BASIC_DATE_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss", Locale.ROOT);

  private final ZoneId floatingZone;
  /** ical4j's built-in zones, for the full-history VTIMEZONEs it writes; never fed parsed ones. */
  private final TimeZoneRegistry registry = TimeZoneRegistryFactory.getInstance().createRegistry();
  private final ObjectTimeZones.Cache zoneCache = new ObjectTimeZones.Cache();

  /** @param floatingZone the zone that gives floating (zone-less) times their meaning */
  ICalendarCodec(ZoneId floatingZone) {
    this.floatingZone = floatingZone;
  }

  /** Reads the master VEVENT of a calendar object; throws {@link InvalidEventException}. */
  Event parse(String text) {
    String prepared = prepareForParsing(text);
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
      throw new InvalidEventException(
          "holds only overridden instances (RECURRENCE-ID) of an event, not the event itself");
    }
    String mapped = object.masterOnly(READ);
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
            .orElseThrow(() -> new InvalidEventException("missing DTSTART"));
    // A floating DTEND beside a zoned DTSTART is read in DTSTART's zone, as clients show it.
    ZoneId endFloating = start instanceof EventTime.At at ? at.time().getZone() : floatingZone;
    Optional<EventTime> end =
        time(master, Property.DTEND, zones, endFloating).or(() -> endFromDuration(master, start));
    return new Event(
        value(master, Property.UID).orElseThrow(() -> new InvalidEventException("missing UID")),
        object.text(Property.SUMMARY).orElse(UNTITLED),
        start,
        end.map(e -> sameKind(e, start)),
        object.text(Property.DESCRIPTION),
        object.text(Property.LOCATION),
        organizer(master, object),
        object.text(COST),
        categories(object),
        value(master, Property.URL).or(() -> object.text("X-URL")),
        recurrence(master, zones));
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
      return EventTime.of(local.toLocalTime().equals(java.time.LocalTime.MIDNIGHT) ? day : day.plusDays(1));
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

  /** A complete calendar object for {@code event}. */
  String format(Event event) {
    VEvent vevent = new VEvent(false);
    vevent.add(new Uid(event.uid()));
    Map<String, VTimeZone> zones = new LinkedHashMap<>();
    fill(vevent, event, zones);
    Calendar calendar = new Calendar();
    calendar.add(new ProdId("-//event-sync//Directus calendar sync//EN"));
    calendar.add(ImmutableVersion.VERSION_2_0);
    calendar.add(ImmutableCalScale.GREGORIAN);
    zones.values().forEach(calendar::add);
    calendar.add(vevent);
    return folded(calendar);
  }

  /**
   * {@code existing} with the master VEVENT's mapped properties replaced by {@code event}'s;
   * everything else (alarms, attendees, unknown properties, overridden instances) is kept.
   */
  String merge(String existing, Event event) {
    String prepared = prepareForParsing(existing);
    ObjectText object = ObjectText.of(prepared);
    if (object.problem().isPresent() || object.master().isEmpty()) {
      return format(event);
    }
    String fresh = format(event);
    ObjectText ours = ObjectText.of(fresh);
    List<String> lines = ours.master().orElseThrow().lines().stream()
        .filter(l -> MAPPED.contains(l.name()))
        .flatMap(l -> ours.physical(l).stream())
        .toList();
    // Every TZID the result uses gets a VTIMEZONE: the object's own, else ours (overridden
    // instances may name a zone they never defined).
    ObjectTimeZones theirs = ObjectTimeZones.of(prepared, zoneCache);
    Map<String, String> zones = new LinkedHashMap<>(ObjectTimeZones.of(fresh, zoneCache).blocks());
    Matcher used = TZID_PARAM.matcher(existing);
    while (used.find()) {
      String tzid = ObjectTimeZones.unquote(used.group(1));
      if (!zones.containsKey(tzid)) {
        vtimezone(tzid, event).ifPresent(tz -> zones.put(tzid, tz.toString()));
      }
    }
    zones.keySet().removeIf(theirs::defines);
    return object.withMaster(MAPPED, lines, List.copyOf(zones.values()));
  }

  /** The calendar as text with lines folded at 75 octets (RFC 5545 3.1); toString() folds none. */
  private static String folded(Calendar calendar) {
    java.io.StringWriter out = new java.io.StringWriter();
    try {
      new net.fortuna.ical4j.data.CalendarOutputter(false).output(calendar, out);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e); // a StringWriter does not fail
    }
    return out.toString();
  }

  /** The text with CRLF line ends, as ical4j's unfolding needs them. */
  static String prepareForParsing(String raw) {
    // XML parsers turn CRLF into LF, and ical4j unfolds only CRLF + space: bring CRLF back.
    String text = raw.startsWith("\uFEFF") ? raw.substring(1) : raw; // a byte-order mark
    return text.replaceAll("\r?\n", "\r\n");
  }

  /** Parses without building a single ical4j zone (see {@link ObjectTimeZones}). */
  private static Calendar build(String text) throws IOException, ParserException {
    return new CalendarBuilder(ObjectTimeZones.NoRegistry.INSTANCE).build(new StringReader(text));
  }

  /** Adds the mapped properties; {@code zones} receives a VTIMEZONE for each TZID they use. */
  private void fill(VEvent vevent, Event event, Map<String, VTimeZone> zones) {
    vevent.add(new DtStamp(java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
    vevent.add(new DtStart<>(temporal(event.start(), zones, event)));
    event.end().ifPresent(end -> vevent.add(new DtEnd<>(temporal(end, zones, event))));
    vevent.add(new Summary(event.title()));
    event.description().ifPresent(d -> vevent.add(new Description(d)));
    event.location().ifPresent(l -> vevent.add(new Location(l)));
    event.organizer().ifPresent(o -> vevent.add(organizer(o)));
    event.cost().ifPresent(c -> vevent.add(new XProperty(COST, c)));
    event.category().ifPresent(c -> vevent.add(categories(c)));
    event.website().ifPresent(w -> vevent.add(url(w)));
    event.recurrence().ifPresent(r -> {
      recurrenceProperties(r).forEach(vevent::add);
      Matcher used = TZID_PARAM.matcher(r);
      while (used.find()) {
        String tzid = ObjectTimeZones.unquote(used.group(1));
        if (!zones.containsKey(tzid)) {
          vtimezone(tzid, event).ifPresent(tz -> zones.put(tzid, tz));
        }
      }
    });
  }

  /**
   * A VTIMEZONE for a zone Java knows: the compact one (current rules) when it covers the object,
   * else ical4j's full history. Overridden instances may be moved a little before the series
   * start, hence the year of margin.
   */
  private Optional<VTimeZone> vtimezone(String tzid, Event event) {
    Optional<ZoneId> java = ObjectTimeZones.javaZone(tzid);
    if (java.isEmpty()) {
      return Optional.empty();
    }
    Instant from = startInstant(event.start()).minus(Duration.ofDays(366));
    Optional<VTimeZone> compact =
        CompactTimeZones.of(java.get(), from).filter(tz -> java.get().getId().equals(tzid));
    if (compact.isPresent()) {
      return compact;
    }
    TimeZone tz = registry.getTimeZone(tzid);
    return tz == null ? Optional.empty() : Optional.of(tz.getVTimeZone());
  }

  private static Instant startInstant(EventTime time) {
    return time instanceof EventTime.AllDay day
        ? day.date().atStartOfDay(ZoneOffset.UTC).toInstant()
        : ((EventTime.At) time).time().toInstant();
  }

  private Temporal temporal(EventTime time, Map<String, VTimeZone> zones, Event event) {
    if (time instanceof EventTime.AllDay day) {
      return day.date();
    }
    ZonedDateTime at = ((EventTime.At) time).time();
    ZoneId zone = at.getZone();
    if (zone.getRules().isFixedOffset()) {
      ZoneOffset offset = zone.getRules().getOffset(at.toInstant());
      if (offset.getTotalSeconds() == 0) {
        return at.toInstant(); // Etc/UTC, GMT, Z, …: plain UTC, which every client reads alike
      }
      zone = ZoneId.ofOffset("UTC", offset);
      at = at.withZoneSameInstant(zone);
    }
    String tzid = zone.getId();
    if (!zones.containsKey(tzid)) {
      Optional<VTimeZone> written = vtimezone(tzid, event);
      if (written.isEmpty()) {
        return at.toInstant(); // a zone no VTIMEZONE can be written for: the instant is kept
      }
      zones.put(tzid, written.get());
    }
    return at;
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
        LocalDateTime utc = LocalDateTime.parse(raw.substring(0, raw.length() - 1), BASIC_DATE_TIME);
        return Optional.of(EventTime.of(utc.atZone(ZoneOffset.UTC)));
      }
      LocalDateTime local = LocalDateTime.parse(raw, BASIC_DATE_TIME);
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

  private static Optional<String> value(VEvent event, String name) {
    return event.getProperty(name).map(p -> ((Property) p).getValue()).filter(v -> !v.isBlank());
  }

  /** All CATEGORIES values, unescaped, joined by commas (the event's list separator). */
  private static Optional<String> categories(ObjectText raw) {
    List<String> values = raw.list(Property.CATEGORIES);
    return values.isEmpty() ? Optional.empty() : Optional.of(String.join(",", values));
  }

  /** Each comma-separated value becomes one category; ical4j escapes what each holds. */
  private static Categories categories(String list) {
    List<String> values = new ArrayList<>();
    for (String v : list.split(",")) {
      if (!v.isBlank()) {
        values.add(v.strip());
      }
    }
    return new Categories(new net.fortuna.ical4j.model.TextList(values));
  }

  private static Optional<String> organizer(VEvent event, ObjectText raw) {
    Optional<Property> organizer = event.getProperty(Property.ORGANIZER);
    if (organizer.isPresent()) {
      String address = organizer.get().getValue().replaceFirst("(?i)^mailto:", "");
      Optional<String> name =
          organizer.get().getParameter(Parameter.CN).map(p -> ((Parameter) p).getValue());
      return Optional.of(name.map(n -> n + " <" + address + ">").orElse(address));
    }
    return raw.text(ORGANIZER_NAME);
  }

  /**
   * {@code ORGANIZER;CN=Name:mailto:address} for "Name &lt;address&gt;" or a bare address, the forms
   * it reads back as; any other text (with or without an address in it) stays {@code X-ORGANIZER},
   * so that what is written reads back unchanged.
   */
  private static Property organizer(String text) {
    Matcher form = ORGANIZER_FORM.matcher(text);
    if (!form.matches()) {
      return new XProperty(ORGANIZER_NAME, text);
    }
    String name = form.group(1) == null ? "" : form.group(1).strip();
    String address = form.group(2) != null ? form.group(2) : form.group(3);
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

  /**
   * URL when the text is a URI that reads back as itself (clients also write ones without a
   * scheme, such as {@code www.example.org}), else {@code X-URL}.
   */
  private static Property url(String website) {
    try {
      URI uri = new URI(website);
      if (uri.toString().equals(website)) {
        return new Url(uri);
      }
    } catch (URISyntaxException e) {
      // not a URI: kept as text
    }
    return new XProperty("X-URL", website);
  }

  /**
   * The master's RRULE, RDATE and EXDATE lines. A TZID on a date list is renamed to the zone it
   * resolves to (see {@link ObjectTimeZones}), so the lines mean the same outside this object;
   * UTC-equivalent ones become plain UTC times.
   */
  private static Optional<String> recurrence(VEvent event, ObjectTimeZones zones) {
    List<String> lines = new ArrayList<>();
    for (Property p : event.getPropertyList().getAll()) {
      if (!RECURRENCE.contains(p.getName().toUpperCase(Locale.ROOT))) {
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
      local = LocalDateTime.parse(p.getValue().split("[,/]")[0].strip(), BASIC_DATE_TIME);
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

  private List<Property> recurrenceProperties(String lines) {
    String text =
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\n"
            + lines.replace("\r\n", "\n").replace("\n", "\r\n")
            + "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    try {
      VEvent holder =
          build(text).<VEvent>getComponents(Component.VEVENT).get(0);
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
