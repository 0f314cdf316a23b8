package org.eventsync.caldav;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import org.eventsync.core.port.SideUnavailableException;
import org.eventsync.http.HttpSettings;
import org.eventsync.http.HttpTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Discovery answers no local server gives: a principal that names no calendar home. (A path that
 * does not exist, answered with a 207 wrapping a 404, is Xandikos' own answer: CommandLineIT.)
 */
class DiscoveryTest {

  private HttpServer server;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/principals/sync/", this::principalWithoutHome);
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void aPrincipalWithoutCalendarHomeSetIsNotTakenForTheHome() throws IOException {
    URI principal = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/principals/sync/");
    try (HttpTransport http = new HttpTransport(HttpSettings.defaults())) {
      CalDavEventSink sink = new CalDavEventSink(http,
          new CalDavSettings(principal, "u", "p", "Events", ZoneId.of("Europe/Berlin")));

      assertThatThrownBy(() -> sink.prepare(true))
          .isInstanceOf(SideUnavailableException.class)
          .hasMessageContaining("names no calendar home")
          .satisfies(e -> assertThat(((SideUnavailableException) e).check())
              .hasValue(SideUnavailableException.Check.CALENDAR_ADDRESS));
    }
  }

  private void principalWithoutHome(HttpExchange exchange) throws IOException {
    exchange.getRequestBody().readAllBytes();
    byte[] body = ("<?xml version=\"1.0\"?><d:multistatus xmlns:d=\"DAV:\"><d:response>"
        + "<d:href>/principals/sync/</d:href><d:propstat><d:prop><d:resourcetype><d:principal/>"
        + "<d:collection/></d:resourcetype><d:current-user-principal><d:href>/principals/sync/"
        + "</d:href></d:current-user-principal></d:prop><d:status>HTTP/1.1 200 OK</d:status>"
        + "</d:propstat></d:response></d:multistatus>").getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/xml");
    exchange.sendResponseHeaders(207, body.length);
    exchange.getResponseBody().write(body);
    exchange.close();
  }
}
