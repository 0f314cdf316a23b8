package org.eventsync.caldav;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eventsync.core.CalendarEntry;
import org.eventsync.core.port.SideUnavailableException;
import org.eventsync.http.HttpSettings;
import org.eventsync.http.HttpTransport;
import org.eventsync.testsupport.CalDavProbe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * sync-collection as Nextcloud answers it (no local server offers both traps): a {@code <limit>}
 * on an initial sync is refused with 507 (UnsupportedLimitOnInitialSyncException), and a large
 * result comes in parts, each marked truncated with 507 on the collection itself (RFC 6578 3.6).
 * The client sends no limit and asks again from each part's token until the result is whole.
 */
class NextcloudSyncCollectionTest {

  private static final int OBJECTS = 5;
  private static final int PART = 3;
  private static final Pattern TOKEN = Pattern.compile("<d:sync-token>([^<]*)</d:sync-token>");
  private static final Pattern HREF = Pattern.compile("<d:href>([^<]*)</d:href>");

  @TempDir Path temp;
  private HttpServer server;
  private final List<String> syncRequests = new ArrayList<>();
  private final List<String> otherRequests = new ArrayList<>();
  private volatile boolean busy;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/cal/", this::answer);
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void anInitialSyncSendsNoLimitAndReadsEveryTruncatedPart() throws IOException {
    URI calendar = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/cal/");
    try (HttpTransport http = new HttpTransport(HttpSettings.defaults())) {
      CalDavEventSink sink = new CalDavEventSink(http,
          new CalDavSettings(calendar, "u", "p", "cal", ZoneId.of("Europe/Berlin")),
          Optional.of(temp.resolve("cache.json")));
      sink.prepare(false);

      List<CalendarEntry> entries = sink.list().items();

      assertThat(entries).extracting(CalendarEntry::uid)
          .containsExactlyInAnyOrder("n-1", "n-2", "n-3", "n-4", "n-5");
      assertThat(syncRequests).hasSize(2);
      assertThat(syncRequests).noneMatch(body -> body.contains("limit"));
      assertThat(syncRequests.get(0)).contains("<d:sync-token></d:sync-token>");
      assertThat(syncRequests.get(1)).contains("<d:sync-token>part-1</d:sync-token>");
      assertThat(otherRequests).as("no fallback to an ETag listing").noneMatch(r -> r.startsWith("PROPFIND 1"));
    }
  }

  @Test
  void aBusyServerIsNotTakenForOneWithoutSyncCollection() throws IOException {
    URI calendar = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/cal/");
    busy = true;
    try (HttpTransport http = new HttpTransport(HttpSettings.defaults().withMaxAttempts(1))) {
      CalDavSettings settings =
          new CalDavSettings(calendar, "u", "p", "cal", ZoneId.of("Europe/Berlin"));
      Optional<Path> cache = Optional.of(temp.resolve("c.json"));
      CalDavEventSink during = new CalDavEventSink(http, settings, cache);
      during.prepare(false);
      assertThatThrownBy(during::list).isInstanceOf(SideUnavailableException.class)
          .hasMessageContaining("kept answering 504 to sync-collection");

      busy = false;
      CalDavEventSink after = new CalDavEventSink(http, settings, cache);
      after.prepare(false);
      assertThat(after.list().items()).hasSize(OBJECTS);
      assertThat(otherRequests).as("no fallback to an ETag listing")
          .noneMatch(r -> r.startsWith("PROPFIND 1"));
    }
  }

  private void answer(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String method = exchange.getRequestMethod();
    String depth = exchange.getRequestHeaders().getFirst("Depth");
    if (method.equals("REPORT") && body.contains("sync-collection")) {
      syncRequests.add(body);
      if (busy) {
        send(exchange, 504, "<html>Gateway Time-out</html>"); // a proxy tired of a long sync
        return;
      }
      if (body.contains("limit")) {
        send(exchange, 507, error("Sabre\\DAV\\Exception\\InsufficientStorage",
            "Support for limit on initial sync not implemented"));
        return;
      }
      Matcher token = TOKEN.matcher(body);
      boolean first = token.find() && token.group(1).isEmpty();
      StringBuilder xml = new StringBuilder(multistatusStart());
      for (int i = first ? 1 : PART + 1; i <= (first ? PART : OBJECTS); i++) {
        xml.append("<d:response><d:href>/cal/n-").append(i).append(".ics</d:href><d:propstat>")
            .append("<d:prop><d:getetag>\"e").append(i).append("\"</d:getetag></d:prop>")
            .append("<d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>");
      }
      if (first) {
        xml.append("<d:response><d:href>/cal/</d:href>")
            .append("<d:status>HTTP/1.1 507 Insufficient Storage</d:status></d:response>");
      }
      xml.append("<d:sync-token>").append(first ? "part-1" : "part-2").append("</d:sync-token>")
          .append("</d:multistatus>");
      send(exchange, 207, xml.toString());
      return;
    }
    otherRequests.add(method + " " + depth);
    if (method.equals("PROPFIND") && "0".equals(depth)) {
      send(exchange, 207, multistatusStart() + "<d:response><d:href>/cal/</d:href><d:propstat><d:prop>"
          + "<d:resourcetype><d:collection/><c:calendar/></d:resourcetype><d:displayname>cal"
          + "</d:displayname><d:sync-token>part-2</d:sync-token><cs:getctag>7</cs:getctag>"
          + "</d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>"
          + "</d:multistatus>");
    } else if (method.equals("REPORT") && body.contains("calendar-multiget")) {
      StringBuilder xml = new StringBuilder(multistatusStart());
      Matcher href = HREF.matcher(body);
      while (href.find()) {
        String name = href.group(1).replaceAll(".*/|\\.ics$", "");
        xml.append("<d:response><d:href>").append(href.group(1)).append("</d:href><d:propstat>")
            .append("<d:prop><d:getetag>\"e").append(name.substring(2)).append("\"</d:getetag>")
            .append("<c:calendar-data>")
            .append(CalDavProbe.event(name, "Event " + name, "20261201T100000Z").replace("\r", "&#13;"))
            .append("</c:calendar-data></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat>")
            .append("</d:response>");
      }
      send(exchange, 207, xml.append("</d:multistatus>").toString());
    } else {
      send(exchange, 405, error("Sabre\\DAV\\Exception\\MethodNotAllowed", "not here"));
    }
  }

  private static String multistatusStart() {
    return "<?xml version=\"1.0\"?><d:multistatus xmlns:d=\"DAV:\" "
        + "xmlns:c=\"urn:ietf:params:xml:ns:caldav\" xmlns:cs=\"http://calendarserver.org/ns/\">";
  }

  private static String error(String exception, String message) {
    return "<?xml version=\"1.0\"?><d:error xmlns:d=\"DAV:\" xmlns:s=\"http://sabredav.org/ns\">"
        + "<s:exception>" + exception + "</s:exception><s:message>" + message + "</s:message>"
        + "</d:error>";
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/xml; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }
}
