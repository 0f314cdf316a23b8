package org.eventsync.caldav;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.eventsync.core.CalendarEntry;
import org.eventsync.core.Event;
import org.eventsync.core.InvalidEventException;
import org.eventsync.core.port.ConflictException;
import org.eventsync.core.port.EventSink;
import org.eventsync.core.port.ItemFailedException;
import org.eventsync.core.port.ItemProblem;
import org.eventsync.core.port.Listing;
import org.eventsync.core.port.SideUnavailableException;
import org.eventsync.core.port.SideUnavailableException.Reason;
import org.eventsync.http.HttpRequest;
import org.eventsync.http.HttpResponse;
import org.eventsync.http.HttpTransport;

/**
 * The published side: one calendar collection on a CalDAV server (RFC 4791), such as Nextcloud's.
 * Creates use {@code If-None-Match: *}, updates and deletes {@code If-Match}, so a write never
 * replaces a version it has not seen.
 */
public final class CalDavEventSink implements EventSink {

  private static final String XML = "application/xml; charset=utf-8";
  private static final String ICS = "text/calendar; charset=utf-8";

  private final HttpTransport http;
  private final CalDavSettings settings;
  private final ICalendarCodec codec;
  private final String authorization;
  private URI calendar;

  public CalDavEventSink(HttpTransport http, CalDavSettings settings) {
    this.http = Objects.requireNonNull(http, "http");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.codec = new ICalendarCodec(settings.floatingZone());
    this.authorization =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(
                    (settings.username() + ":" + settings.password())
                        .getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public CalendarState prepare(boolean mayCreate) {
    Optional<URI> found = findCalendar();
    if (found.isPresent()) {
      calendar = found.get();
      return CalendarState.EXISTS;
    }
    if (!mayCreate) {
      return CalendarState.MISSING;
    }
    calendar = settings.calendarHome().resolve(segment(settings.calendarName()) + "/");
    String body =
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
            + "<c:mkcalendar xmlns:d=\"DAV:\" xmlns:c=\"urn:ietf:params:xml:ns:caldav\">"
            + "<d:set><d:prop><d:displayname>" + DavXml.escape(settings.calendarName())
            + "</d:displayname><c:supported-calendar-component-set><c:comp name=\"VEVENT\"/>"
            + "</c:supported-calendar-component-set></d:prop></d:set></c:mkcalendar>";
    HttpResponse response = send(HttpRequest.of("MKCALENDAR", calendar, headers(), body, XML));
    if (response.status() != 201) {
      throw new SideUnavailableException(
          Reason.CONFIGURATION,
          "could not create the calendar '" + settings.calendarName() + "' at "
              + HttpTransport.describe(calendar) + " (" + response.status() + " "
              + response.excerpt() + ")");
    }
    return CalendarState.CREATED;
  }

  @Override
  public Listing<CalendarEntry> list() {
    String query =
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
            + "<c:calendar-query xmlns:d=\"DAV:\" xmlns:c=\"urn:ietf:params:xml:ns:caldav\">"
            + "<d:prop><d:getetag/><c:calendar-data/></d:prop>"
            + "<c:filter><c:comp-filter name=\"VCALENDAR\"><c:comp-filter name=\"VEVENT\"/>"
            + "</c:comp-filter></c:filter></c:calendar-query>";
    HttpResponse response =
        send(HttpRequest.of("REPORT", calendar(), headers("Depth", "1"), query, XML));
    expectMultistatus(response, "list the calendar");
    List<CalendarEntry> entries = new ArrayList<>();
    List<ItemProblem> problems = new ArrayList<>();
    for (DavXml.Response r : DavXml.multistatus(response.body())) {
      Optional<String> data = r.text(DavXml.CALDAV, "calendar-data");
      if (data.isEmpty()) {
        continue; // the collection itself, or an object the server could not render
      }
      String href = path(r.href());
      try {
        entries.add(new CalendarEntry(href, r.text(DavXml.DAV, "getetag"), codec.parse(data.get())));
      } catch (InvalidEventException e) {
        problems.add(new ItemProblem("calendar object " + href, e.getMessage()));
      }
    }
    return new Listing<>(entries, problems);
  }

  @Override
  public CalendarEntry create(Event event) {
    URI target = calendar().resolve(objectName(event.uid()));
    HttpResponse response =
        send(HttpRequest.of("PUT", target, headers("If-None-Match", "*"), codec.format(event), ICS));
    if (response.status() == 412) {
      throw new ConflictException(
          "an object already exists at " + target.getRawPath() + "; the next run reads it");
    }
    expectWritten(response, event);
    return new CalendarEntry(target.getRawPath(), etag(response), event);
  }

  @Override
  public CalendarEntry update(CalendarEntry current, Event event) {
    URI target = calendar().resolve(current.href());
    HttpResponse response =
        send(HttpRequest.of("PUT", target, ifMatch(current), codec.format(event), ICS));
    if (response.status() == 412) {
      throw new ConflictException(
          "changed in the calendar since it was read; not overwritten, the next run re-plans it");
    }
    expectWritten(response, event);
    return new CalendarEntry(current.href(), etag(response), event);
  }

  @Override
  public void delete(CalendarEntry current) {
    URI target = calendar().resolve(current.href());
    HttpResponse response = send(HttpRequest.of("DELETE", target, ifMatch(current)));
    if (response.status() == 412) {
      throw new ConflictException(
          "changed in the calendar since it was read; not deleted, the next run re-plans it");
    }
    if (response.status() == 404 || response.status() == 410) {
      return; // already gone: the goal is reached
    }
    if (!response.ok()) {
      throw new ItemFailedException(
          "the server refused to delete it (" + response.status() + " " + response.excerpt() + ")");
    }
  }

  private Optional<URI> findCalendar() {
    String body =
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
            + "<d:propfind xmlns:d=\"DAV:\"><d:prop><d:resourcetype/><d:displayname/></d:prop>"
            + "</d:propfind>";
    URI home = settings.calendarHome();
    HttpResponse response = send(HttpRequest.of("PROPFIND", home, headers("Depth", "1"), body, XML));
    if (response.status() == 404) {
      throw new SideUnavailableException(
          Reason.CONFIGURATION,
          "no calendar home at " + HttpTransport.describe(home) + " (404): check NEXTCLOUD_URL;"
              + " for Nextcloud it is https://HOST/remote.php/dav/calendars/USER/");
    }
    expectMultistatus(response, "find the calendars in " + HttpTransport.describe(home));
    String wanted = settings.calendarName();
    for (DavXml.Response r : DavXml.multistatus(response.body())) {
      boolean isCalendar =
          r.prop(DavXml.DAV, "resourcetype")
              .flatMap(t -> DavXml.child(t, DavXml.CALDAV, "calendar"))
              .isPresent();
      if (!isCalendar) {
        continue;
      }
      String path = path(r.href());
      String segment = lastSegment(path);
      Optional<String> name = r.text(DavXml.DAV, "displayname");
      if (name.map(wanted::equalsIgnoreCase).orElse(false) || segment.equalsIgnoreCase(wanted)
          || segment.equalsIgnoreCase(segment(wanted))) {
        return Optional.of(home.resolve(path.endsWith("/") ? path : path + "/"));
      }
    }
    return Optional.empty();
  }

  private HttpResponse send(HttpRequest request) {
    HttpResponse response = http.send(request);
    if (response.status() == 401) {
      throw new SideUnavailableException(
          Reason.AUTHENTICATION,
          "the CalDAV server refused user '" + settings.username() + "' at "
              + HttpTransport.describe(settings.calendarHome())
              + ": wrong user or app password (NEXTCLOUD_USERNAME / NEXTCLOUD_PASSWORD)");
    }
    if (response.status() == 507) {
      throw new SideUnavailableException(
          Reason.UNREACHABLE,
          "the CalDAV server has no space left for user '" + settings.username()
              + "' (507 Insufficient Storage): free some space or raise the quota");
    }
    return response;
  }

  private void expectMultistatus(HttpResponse response, String what) {
    if (response.status() == 403) {
      throw new SideUnavailableException(
          Reason.CONFIGURATION,
          "the CalDAV server forbids user '" + settings.username() + "' to " + what + " (403)");
    }
    if (response.status() != 207) {
      throw new SideUnavailableException(
          Reason.CONFIGURATION,
          "cannot " + what + ": expected a WebDAV answer (207) but got " + response.status()
              + "; check NEXTCLOUD_URL");
    }
  }

  private static void expectWritten(HttpResponse response, Event event) {
    if (response.ok()) {
      return;
    }
    String text = response.text();
    boolean uidClash =
        response.status() == 409 && text.contains("no-uid-conflict")
            || response.status() == 400 && text.contains("uid already exists")
            || text.contains("no-uid-conflict");
    if (uidClash) {
      throw new ConflictException(
          "the calendar already holds an object with uid " + event.uid() + " at another address");
    }
    if (response.status() == 413) {
      throw new ItemFailedException("the server finds the event too large (413)");
    }
    throw new ItemFailedException(
        "the server refused it (" + response.status() + " " + response.excerpt() + ")");
  }

  private URI calendar() {
    if (calendar == null) {
      throw new IllegalStateException("prepare() must find the calendar first");
    }
    return calendar;
  }

  private Map<String, String> headers(String... pairs) {
    Map<String, String> headers = new HashMap<>();
    headers.put("Authorization", authorization);
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      headers.put(pairs[i], pairs[i + 1]);
    }
    return headers;
  }

  private Map<String, String> ifMatch(CalendarEntry current) {
    // Without an ETag the object was listed by a server that gave none; '*' still refuses to
    // resurrect an object that was deleted meanwhile.
    return headers("If-Match", current.etag().orElse("*"));
  }

  private static Optional<String> etag(HttpResponse response) {
    return response.header("etag").filter(e -> !e.isBlank());
  }

  /** The path part of an href, which servers give as a path or as an absolute URL. */
  private static String path(String href) {
    URI uri = URI.create(href.strip().replace(" ", "%20"));
    return uri.getRawPath();
  }

  private static String lastSegment(String path) {
    String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    return URLDecoder.decode(trimmed.substring(trimmed.lastIndexOf('/') + 1), StandardCharsets.UTF_8);
  }

  /** A URL segment for a calendar name: lower case, letters, digits and dashes. */
  static String segment(String name) {
    String slug = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    return slug.isEmpty() ? "events" : slug;
  }

  /** The object's file name: its uid where that is URL-safe, percent-encoded otherwise. */
  static String objectName(String uid) {
    StringBuilder name = new StringBuilder();
    for (byte b : uid.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if (c < 128 && (Character.isLetterOrDigit(c) || "-_.@".indexOf(c) >= 0)) {
        name.append(c);
      } else {
        name.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return name + ".ics";
  }
}
