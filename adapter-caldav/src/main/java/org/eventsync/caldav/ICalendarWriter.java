package org.eventsync.caldav;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.fortuna.ical4j.data.CalendarOutputter;
import net.fortuna.ical4j.data.ParserException;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.ParameterList;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.TextList;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.component.VTimeZone;
import net.fortuna.ical4j.model.parameter.Cn;
import net.fortuna.ical4j.model.parameter.TzId;
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
 * Writes events as calendar objects: a whole new object ({@link #format}), or an existing one with
 * exactly the master's mapped lines replaced ({@link #merge}). Every time zone used gets its
 * VTIMEZONE (compact, see {@link CompactTimeZones}); zones equal to UTC are written as plain UTC.
 */
final class ICalendarWriter {

  /** The properties this codec owns; {@link #merge} replaces exactly these. */
  private static final Set<String> MAPPED =
      Set.of("DTSTAMP", "DTSTART", "DTEND", "DURATION", "SUMMARY", "DESCRIPTION", "LOCATION",
          "ORGANIZER", ICalendarCodec.ORGANIZER_NAME, ICalendarCodec.COST, "CATEGORIES", "URL",
          "X-URL", "RRULE", "RDATE", "EXDATE");
  private static final String ADDRESS = "[A-Za-z0-9._%+\\-]+@[A-Za-z0-9.\\-]+\\.[A-Za-z]{2,}";
  private static final Pattern ORGANIZER_FORM =
      Pattern.compile("(?:([^<>]*[^<>\\s]) <(" + ADDRESS + ")>)|(" + ADDRESS + ")");
  private static final Pattern TZID_PARAM = Pattern.compile(";TZID=(\"[^\"]*\"|[^:;\r\n]*)");

  private final ObjectTimeZones.Cache zoneCache;

  ICalendarWriter(ObjectTimeZones.Cache zoneCache) {
    this.zoneCache = zoneCache;
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
    String prepared = ICalendarCodec.prepareForParsing(existing);
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
    for (String tzid : tzidsIn(existing)) {
      if (!zones.containsKey(tzid)) {
        vtimezone(tzid, event).ifPresent(tz -> zones.put(tzid, tz.toString()));
      }
    }
    zones.keySet().removeIf(theirs::defines);
    return object.withMaster(MAPPED, lines, List.copyOf(zones.values()));
  }

  /** The calendar as text with lines folded at 75 octets (RFC 5545 3.1); toString() folds none. */
  private static String folded(Calendar calendar) {
    StringWriter out = new StringWriter();
    try {
      new CalendarOutputter(false).output(calendar, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    return out.toString();
  }

  /** Adds the mapped properties; {@code zones} receives a VTIMEZONE for each TZID they use. */
  private void fill(VEvent vevent, Event event, Map<String, VTimeZone> zones) {
    vevent.add(new DtStamp(Instant.now().truncatedTo(ChronoUnit.SECONDS)));
    vevent.add(dated(event.start(), zones, event, DtStart::new, DtStart::new));
    event.end().ifPresent(end -> vevent.add(dated(end, zones, event, DtEnd::new, DtEnd::new)));
    vevent.add(new Summary(event.title()));
    event.description().ifPresent(d -> vevent.add(new Description(d)));
    event.location().ifPresent(l -> vevent.add(new Location(l)));
    event.organizer().ifPresent(o -> vevent.add(organizer(o)));
    event.cost().ifPresent(c -> vevent.add(new XProperty(ICalendarCodec.COST, c)));
    event.category().ifPresent(c -> vevent.add(categories(c)));
    event.website().ifPresent(w -> vevent.add(url(w)));
    event.recurrence().ifPresent(r -> {
      recurrenceProperties(r).forEach(vevent::add);
      for (String tzid : tzidsIn(r)) {
        if (!zones.containsKey(tzid)) {
          vtimezone(tzid, event).ifPresent(tz -> zones.put(tzid, tz));
        }
      }
    });
  }

  /** The TZIDs that the lines of {@code text} name, in order, each once. */
  private static Set<String> tzidsIn(String text) {
    Set<String> tzids = new LinkedHashSet<>();
    Matcher used = TZID_PARAM.matcher(text);
    while (used.find()) {
      tzids.add(ObjectTimeZones.unquote(used.group(1)));
    }
    return tzids;
  }

  /**
   * A VTIMEZONE for a zone Java knows, stating its rules from the object's first time on.
   * Overridden instances may be moved a little before the series start, hence the year of margin.
   */
  private Optional<VTimeZone> vtimezone(String tzid, Event event) {
    Instant from = startInstant(event.start()).minus(Duration.ofDays(366));
    return ObjectTimeZones.javaZone(tzid).flatMap(java -> CompactTimeZones.of(java, tzid, from));
  }

  private static Instant startInstant(EventTime time) {
    return time instanceof EventTime.AllDay day
        ? day.date().atStartOfDay(ZoneOffset.UTC).toInstant()
        : ((EventTime.At) time).time().toInstant();
  }

  /**
   * A date property for {@code time}: a date, a UTC time, or a local time with its TZID. The local
   * time is Java's, not ical4j's: ical4j formats a zoned time by its own zone data, which puts
   * some zones an hour off (America/Costa_Rica in 2010).
   */
  private <P extends Property> P dated(EventTime time, Map<String, VTimeZone> zones, Event event,
      Function<Temporal, P> plain, BiFunction<ParameterList, Temporal, P> zoned) {
    if (time instanceof EventTime.AllDay day) {
      return plain.apply(day.date());
    }
    ZonedDateTime at = ((EventTime.At) time).time();
    ZoneId zone = at.getZone();
    if (zone.getRules().isFixedOffset()) {
      ZoneOffset offset = zone.getRules().getOffset(at.toInstant());
      if (offset.getTotalSeconds() == 0) {
        return plain.apply(at.toInstant()); // Etc/UTC, GMT, Z, …: plain UTC, which every client reads alike
      }
      zone = ZoneId.ofOffset("UTC", offset);
      at = at.withZoneSameInstant(zone);
    }
    String tzid = zone.getId();
    if (!zones.containsKey(tzid)) {
      Optional<VTimeZone> written = vtimezone(tzid, event);
      if (written.isEmpty()) {
        return plain.apply(at.toInstant()); // a zone no VTIMEZONE can be written for: the instant is kept
      }
      zones.put(tzid, written.get());
    }
    return zoned.apply(new ParameterList(List.of(new TzId(tzid))), at.toLocalDateTime());
  }

  /** Each comma-separated value becomes one category; ical4j escapes what each holds. */
  private static Categories categories(String list) {
    List<String> values = new ArrayList<>();
    for (String v : list.split(",")) {
      if (!v.isBlank()) {
        values.add(v.strip());
      }
    }
    return new Categories(new TextList(values));
  }

  /**
   * {@code ORGANIZER;CN=Name:mailto:address} for "Name &lt;address&gt;" or a bare address, the forms
   * it reads back as; any other text (with or without an address in it) stays {@code X-ORGANIZER},
   * so that what is written reads back unchanged.
   */
  private static Property organizer(String text) {
    Matcher form = ORGANIZER_FORM.matcher(text);
    if (!form.matches()) {
      return new XProperty(ICalendarCodec.ORGANIZER_NAME, text);
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
      return new XProperty(ICalendarCodec.ORGANIZER_NAME, text);
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

  private List<Property> recurrenceProperties(String lines) {
    String text =
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\n"
            + lines.replace("\r\n", "\n").replace("\n", "\r\n")
            + "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    try {
      VEvent holder =
          ICalendarReader.build(text).<VEvent>getComponents(Component.VEVENT).get(0);
      List<Property> kept = new ArrayList<>();
      for (Property p : holder.getPropertyList().getAll()) {
        if (ICalendarCodec.RECURRENCE.contains(p.getName().toUpperCase(Locale.ROOT))) {
          kept.add(p);
        }
      }
      return kept;
    } catch (IOException | ParserException | RuntimeException e) {
      throw new InvalidEventException("recurrence is not valid iCalendar: " + e.getMessage());
    }
  }
}
