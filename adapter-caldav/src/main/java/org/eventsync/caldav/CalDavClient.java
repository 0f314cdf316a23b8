package org.eventsync.caldav;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.eventsync.core.port.SideUnavailableException;
import org.eventsync.core.port.SideUnavailableException.Check;
import org.eventsync.core.port.SideUnavailableException.Reason;
import org.eventsync.http.HttpRequest;
import org.eventsync.http.HttpResponse;
import org.eventsync.http.HttpTransport;

/** The WebDAV and CalDAV requests, with the answers every request shares (401, 507) mapped. */
final class CalDavClient {

  static final String XML = "application/xml; charset=utf-8";
  static final String ICS = "text/calendar; charset=utf-8";

  private final HttpTransport http;
  private final CalDavSettings settings;
  private final String authorization;

  CalDavClient(HttpTransport http, CalDavSettings settings) {
    this.http = http;
    this.settings = settings;
    this.authorization =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(
                    (settings.username() + ":" + settings.password())
                        .getBytes(StandardCharsets.UTF_8));
  }

  HttpResponse propfind(URI uri, int depth, String props) {
    return send(HttpRequest.of(
        "PROPFIND", uri, headers("Depth", String.valueOf(depth)), propfindBody(props), XML));
  }

  /**
   * PROPFIND depth 1 of a collection and its members, asking the server to leave out the
   * properties each lacks, which would else be listed as missing for every member: with RFC
   * 8144's {@code Prefer: return=minimal}, and {@code Brief: t}, which older servers (sabre/dav
   * 1.8) understand instead.
   */
  HttpResponse members(URI uri, String props) {
    return send(HttpRequest.of("PROPFIND", uri,
        headers("Depth", "1", "Prefer", "return=minimal", "Brief", "t"), propfindBody(props), XML));
  }

  private static String propfindBody(String props) {
    return "<?xml version=\"1.0\" encoding=\"utf-8\"?><d:propfind xmlns:d=\"DAV:\""
        + " xmlns:c=\"urn:ietf:params:xml:ns:caldav\" xmlns:cs=\"http://calendarserver.org/ns/\">"
        + "<d:prop>" + props + "</d:prop></d:propfind>";
  }

  HttpResponse report(URI uri, int depth, String body) {
    return send(
        HttpRequest.of(
            "REPORT", uri, headers("Depth", String.valueOf(depth)),
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>" + body, XML));
  }

  HttpResponse mkcalendar(URI uri, String body) {
    return send(HttpRequest.of("MKCALENDAR", uri, headers(), body, XML));
  }

  HttpResponse get(URI uri) {
    return send(HttpRequest.of("GET", uri, headers()));
  }

  /** PUT with one precondition header: {@code If-None-Match: *} or {@code If-Match: etag}. */
  HttpResponse put(URI uri, String ics, String conditionHeader, String conditionValue) {
    return send(HttpRequest.of("PUT", uri, headers(conditionHeader, conditionValue), ics, ICS));
  }

  HttpResponse delete(URI uri, String ifMatch) {
    return send(HttpRequest.of("DELETE", uri, headers("If-Match", ifMatch)));
  }

  private HttpResponse send(HttpRequest request) {
    HttpResponse response = http.send(request);
    if (response.status() == 401) {
      throw new SideUnavailableException(
          Reason.AUTHENTICATION,
          Check.CALENDAR_CREDENTIALS,
          "the CalDAV server refused user '" + settings.username() + "' at "
              + HttpTransport.describe(settings.calendarHome()) + ": wrong user or password");
    }
    if (response.status() == 507 && !"REPORT".equals(request.method())) {
      throw new SideUnavailableException(
          Reason.UNREACHABLE,
          "the CalDAV server has no space left for user '" + settings.username()
              + "' (507 Insufficient Storage): free some space or raise the quota; nothing was"
              + " lost, the next run continues");
    }
    if (response.status() == 429 && "MKCALENDAR".equals(request.method())) {
      throw new SideUnavailableException(
          Reason.UNREACHABLE,
          "the CalDAV server kept answering 429 to creating the calendar '"
              + settings.calendarName() + "': Nextcloud limits how many calendars a user may"
              + " create (by default 10 an hour, 30 in all); create it in the Calendar app, or"
              + " try again in an hour");
    }
    if (response.status() == 429 || response.status() == 503) {
      throw new SideUnavailableException(
          Reason.UNREACHABLE,
          "the CalDAV server kept answering " + response.status()
              + (response.status() == 429 ? " (too many requests: rate limit)" : " (unavailable,"
                  + " maybe maintenance mode)")
              + " for " + request.method() + " " + HttpTransport.describe(request.uri())
              + " after retries; try again later");
    }
    return response;
  }

  private Map<String, String> headers(String... pairs) {
    Map<String, String> headers = new HashMap<>();
    headers.put("Authorization", authorization);
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      headers.put(pairs[i], pairs[i + 1]);
    }
    return headers;
  }
}
