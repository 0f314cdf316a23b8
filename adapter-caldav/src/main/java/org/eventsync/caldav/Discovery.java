package org.eventsync.caldav;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.eventsync.core.port.SideUnavailableException;
import org.eventsync.core.port.SideUnavailableException.Check;
import org.eventsync.core.port.SideUnavailableException.Reason;
import org.eventsync.http.HttpResponse;
import org.eventsync.http.HttpTransport;

/**
 * Finds the calendar from whatever address a user has (RFC 6764 and RFC 4791 6.2.1): a server
 * base ({@code https://host}, tried with {@code /.well-known/caldav}), the DAV root, a principal,
 * the calendar home, or the calendar itself. Each step asks for {@code calendar-home-set} and
 * {@code current-user-principal} and follows whichever is there.
 */
final class Discovery {

  private static final String PROPS =
      "<d:resourcetype/><d:displayname/><d:current-user-principal/><c:calendar-home-set/>";

  private final CalDavClient client;

  Discovery(CalDavClient client) {
    this.client = client;
  }

  /** Where calendars live, or the calendar itself when the address names one. */
  record Found(URI home, Optional<URI> calendar) {}

  Found locate(URI given) {
    // Only a host is known: bootstrap from the well-known address (RFC 6764 5).
    URI current = isServerRoot(given) ? given.resolve("/.well-known/caldav") : given;
    boolean atPrincipal = false;
    for (int step = 0; step < 6; step++) {
      HttpResponse response = client.propfind(current, 0, PROPS);
      if (isRedirect(response)) {
        current = current.resolve(response.header("location").orElseThrow());
        continue;
      }
      if (response.status() == 404 || response.status() == 405 || response.status() == 200) {
        throw notFound(given, response.status());
      }
      if (response.status() == 403) {
        throw new SideUnavailableException(
            Reason.CONFIGURATION,
            Check.CALENDAR_OWNER,
            "the CalDAV server forbids reading " + HttpTransport.describe(current) + " (403)");
      }
      if (response.status() != 207) {
        throw notFound(given, response.status());
      }
      List<DavXml.Response> parts = DavXml.multistatus(response.body());
      if (parts.isEmpty()) {
        throw notFound(given, response.status());
      }
      DavXml.Response self = parts.get(0);
      if (!exists(self)) {
        // Xandikos answers a path that does not exist with a 207 wrapping a 404.
        throw notFound(given, self.status().map(Discovery::statusCode).orElse(404));
      }
      if (isCalendar(self)) {
        URI calendar = withSlash(current);
        return new Found(calendar.resolve(".."), Optional.of(calendar));
      }
      Optional<String> home =
          self.href(DavXml.CALDAV, "calendar-home-set");
      if (home.isPresent()) {
        return new Found(withSlash(current.resolve(home.get())), Optional.empty());
      }
      Optional<String> principal =
          self.href(DavXml.DAV, "current-user-principal");
      URI here = withSlash(current);
      boolean isPrincipal =
          atPrincipal || principal.map(p -> withSlash(here.resolve(p)).equals(here)).orElse(false);
      if (isPrincipal) {
        throw new SideUnavailableException(
            Reason.CONFIGURATION,
            Check.CALENDAR_ADDRESS,
            "the CalDAV principal " + HttpTransport.describe(current) + " names no calendar home"
                + " (calendar-home-set): the address must be the calendar home itself");
      }
      if (principal.isPresent()) {
        current = current.resolve(principal.get());
        atPrincipal = true;
        continue;
      }
      // No pointers at all (an old server): the address is taken to be the calendar home itself.
      return new Found(withSlash(current), Optional.empty());
    }
    throw notFound(given, 0);
  }

  /** The calendar in {@code home} whose display name or last URL segment is {@code name}. */
  Optional<URI> findCalendar(URI home, String name) {
    HttpResponse response = client.propfind(home, 1, "<d:resourcetype/><d:displayname/>");
    if (response.status() != 207) {
      throw notFound(home, response.status());
    }
    for (DavXml.Response r : DavXml.multistatus(response.body())) {
      if (!isCalendar(r)) {
        continue;
      }
      String path = URI.create(r.href().strip().replace(" ", "%20")).getRawPath();
      String segment = lastSegment(path);
      Optional<String> display = r.text(DavXml.DAV, "displayname");
      if (display.map(name::equalsIgnoreCase).orElse(false)
          || segment.equalsIgnoreCase(name)
          || segment.equalsIgnoreCase(CalendarPaths.segment(name))) {
        return Optional.of(withSlash(home.resolve(path)));
      }
    }
    return Optional.empty();
  }

  /** A resource that exists answers 2xx for itself and has a resource type. */
  private static boolean exists(DavXml.Response r) {
    boolean failed = r.status().map(s -> statusCode(s) >= 300).orElse(false);
    return !failed && r.has(DavXml.DAV, "resourcetype");
  }

  private static int statusCode(String statusLine) {
    String[] parts = statusLine.strip().split("\\s+");
    try {
      return parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  static boolean isCalendar(DavXml.Response r) {
    return r.holds(DavXml.DAV, "resourcetype", DavXml.CALDAV, "calendar");
  }

  private static boolean isRedirect(HttpResponse response) {
    int s = response.status();
    return (s == 301 || s == 302 || s == 303 || s == 307 || s == 308)
        && response.header("location").isPresent();
  }

  private static boolean isServerRoot(URI uri) {
    String path = uri.getPath();
    return path == null || path.isEmpty() || path.equals("/");
  }

  private static SideUnavailableException notFound(URI given, int status) {
    return new SideUnavailableException(
        Reason.CONFIGURATION,
        Check.CALENDAR_ADDRESS,
        "no CalDAV calendar home at " + HttpTransport.describe(given)
            + (status > 0 ? " (" + status + ")" : ""));
  }

  static URI withSlash(URI uri) {
    String text = uri.toString();
    return text.endsWith("/") ? uri : URI.create(text + "/");
  }

  static String lastSegment(String path) {
    String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    return URLDecoder.decode(
        trimmed.substring(trimmed.lastIndexOf('/') + 1).replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
