package org.eventsync.caldav;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eventsync.core.Event;
import org.eventsync.core.EventTime;
import org.eventsync.http.HttpSettings;
import org.eventsync.http.HttpTransport;
import org.eventsync.testsupport.Http;
import org.eventsync.testsupport.PutFloor;
import org.eventsync.testsupport.TestServers;

/**
 * Measures the CalDAV adapter on the real servers: N creates through the adapter, a full read, a
 * no-change read, and the floor — N bare PUTs with the JDK's keep-alive client. Prints requests,
 * bytes and seconds. Run with {@code scripts/bench.sh caldav [N]}.
 */
public final class CalDavBenchmark {

  private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
  private static final ICalendarCodec CODEC = new ICalendarCodec(ZONE);

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    TestServers servers = TestServers.load();
    System.out.printf("CalDAV adapter, N = %d events, %s%n", n, LocalDate.now());
    System.out.printf("%-14s %-26s %9s %12s %9s%n", "server", "step", "requests", "bytes", "seconds");
    for (String[] server : List.of(
        new String[] {"Radicale", servers.radicaleHome()},
        new String[] {"Xandikos", servers.xandikosHome()},
        new String[] {"sabre-dav-1.8", servers.sabreHome()})) {
      run(server[0], server[1], n, servers);
    }
  }

  private static void run(String name, String home, int n, TestServers servers) throws Exception {
    String calendarName = "bench-" + System.nanoTime();
    Path cache = Files.createTempFile("bench-cache", ".json");
    Files.delete(cache);
    CalDavSettings settings =
        new CalDavSettings(URI.create(home), servers.davUser(), servers.davPassword(), calendarName, ZONE);
    try (HttpTransport http = new HttpTransport(HttpSettings.defaults())) {
      Step step = new Step(name, http);
      CalDavEventSink sink = new CalDavEventSink(http, settings, Optional.of(cache));
      sink.prepare(true);
      for (int i = 0; i < n; i++) {
        sink.create(event(i));
      }
      step.report("create N via the adapter");

      CalDavEventSink reader = new CalDavEventSink(http, settings, Optional.of(cache));
      reader.prepare(false);
      int listed = reader.list().items().size();
      step.report("full read (" + listed + ")");

      CalDavEventSink again = new CalDavEventSink(http, settings, Optional.of(cache));
      again.prepare(false);
      again.list();
      step.report("no-change read");

      String calendarUrl = calendarUrlOf(home, calendarName);
      Http.send("DELETE", calendarUrl, Http.basic(servers.davUser(), servers.davPassword()), null, null);
      floor(name, home, n, servers);
    }
  }

  /** N bare PUTs of the same bodies with a minimal keep-alive client: the least a client can do. */
  private static void floor(String name, String home, int n, TestServers servers) throws Exception {
    List<String> bodies = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      bodies.add(CODEC.format(event(i)));
    }
    PutFloor.Result floor = PutFloor.measure(home, servers.davUser(), servers.davPassword(), bodies);
    System.out.printf("%-14s %-26s %9d %12d %9.2f%n", name, "floor: N bare PUTs", floor.requests(),
        floor.bytes(), floor.seconds());
  }

  private static String calendarUrlOf(String home, String calendarName) {
    // Every server here puts new calendars directly under the home, except Xandikos' calendars/.
    return home + (home.contains(":15233/") ? "calendars/" : "") + calendarName + "/";
  }

  private static Event event(int i) {
    ZonedDateTime start = ZonedDateTime.of(2026, 1, 1, 10, 0, 0, 0, ZONE).plusHours(7L * i);
    return Event.builder("bench-" + i + "@example.org", "Event " + i, EventTime.of(start))
        .end(EventTime.of(start.plusHours(2)))
        .description("Benchmark event number " + i)
        .location("Room " + (i % 10))
        .build();
  }

  /** Prints the counters accumulated since the previous report. */
  private static final class Step {
    private final String server;
    private final HttpTransport http;
    private HttpTransport.Stats last;
    private long started = System.nanoTime();

    Step(String server, HttpTransport http) {
      this.server = server;
      this.http = http;
      this.last = http.stats();
    }

    void report(String what) {
      HttpTransport.Stats now = http.stats();
      System.out.printf("%-14s %-26s %9d %12d %9.2f%n", server, what,
          now.requests() - last.requests(),
          now.bytesSent() - last.bytesSent() + now.bytesReceived() - last.bytesReceived(),
          (System.nanoTime() - started) / 1e9);
      last = now;
      started = System.nanoTime();
    }
  }
}
