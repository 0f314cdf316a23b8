package org.eventsync.caldav;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Set;
import org.eventsync.core.Event;
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
  /** The title of an event whose calendar object has none (SUMMARY is optional in iCalendar). */
  static final String UNTITLED = "(untitled)";
  static final Set<String> RECURRENCE = Set.of("RRULE", "RDATE", "EXDATE");
  static final DateTimeFormatter BASIC_DATE_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss", Locale.ROOT);

  private final ICalendarReader reader;
  private final ICalendarWriter writer;

  /** @param floatingZone the zone that gives floating (zone-less) times their meaning */
  ICalendarCodec(ZoneId floatingZone) {
    ObjectTimeZones.Cache zones = new ObjectTimeZones.Cache();
    this.reader = new ICalendarReader(floatingZone, zones);
    this.writer = new ICalendarWriter(zones);
  }

  /** Reads the master VEVENT of a calendar object; throws {@link InvalidEventException}. */
  Event parse(String text) {
    return reader.parse(text);
  }

  /** A complete calendar object for {@code event}. */
  String format(Event event) {
    return writer.format(event);
  }

  /**
   * {@code existing} with the master VEVENT's mapped properties replaced by {@code event}'s;
   * everything else (alarms, attendees, unknown properties, overridden instances) is kept.
   */
  String merge(String existing, Event event) {
    return writer.merge(existing, event);
  }

  /** The text with CRLF line ends, as ical4j's unfolding needs them. */
  static String prepareForParsing(String raw) {
    // XML parsers turn CRLF into LF, and ical4j unfolds only CRLF + space: bring CRLF back.
    String text = raw.startsWith("\uFEFF") ? raw.substring(1) : raw; // a byte-order mark
    return text.replaceAll("\r?\n", "\r\n");
  }
}
