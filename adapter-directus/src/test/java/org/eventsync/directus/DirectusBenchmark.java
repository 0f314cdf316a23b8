package org.eventsync.directus;

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
import org.eventsync.testsupport.DirectusProbe;
import org.eventsync.testsupport.TestServers;

/**
 * Measures the Directus adapter on the real Directus: reading N approved events, a no-change
 * incremental read, and creating 1,000 imported events batched and one by one. Prints requests,
 * bytes and seconds. Run with {@code scripts/bench.sh directus [N]}.
 */
public final class DirectusBenchmark {

  private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    TestServers servers = TestServers.load();
    String collection = "bench_" + System.nanoTime() % 1_000_000;
    DirectusSettings settings =
        new DirectusSettings(URI.create(servers.directusUrl()), servers.directusToken(), collection, ZONE);
    Path cache = Files.createTempFile("directus-bench", ".json");
    Files.delete(cache);
    System.out.printf("Directus adapter, N = %d approved events, %s%n", n, LocalDate.now());
    System.out.printf("%-40s %9s %12s %9s%n", "step", "requests", "bytes", "seconds");
    try (HttpTransport http = new HttpTransport(HttpSettings.defaults())) {
      new DirectusSchema(http, settings, DirectusFields.defaults()).ensure();
      new DirectusProbe(servers, collection).seedApproved(n);
      Thread.sleep(2100); // let the seeding fall out of the cursor's margin
      Step step = new Step(http);

      DirectusEventSource full = new DirectusEventSource(http, settings, DirectusFields.defaults(), Optional.of(cache));
      int read = full.list().items().size();
      step.report("read all (" + read + ")");

      new DirectusEventSource(http, settings, DirectusFields.defaults(), Optional.of(cache)).list();
      step.report("incremental read, nothing changed");

      DirectusEventSource source = new DirectusEventSource(http, settings, DirectusFields.defaults(), Optional.of(cache));
      source.list();
      step.skip();
      List<Event> batch = events("batch", 1000);
      source.importEvents(batch);
      step.report("import 1,000, batched");

      for (Event e : events("single", 1000)) {
        source.importEvent(e);
      }
      step.report("import 1,000, one by one");
    } finally {
      new DirectusProbe(servers, collection).dropCollection();
    }
  }

  private static List<Event> events(String prefix, int count) {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ZonedDateTime start = ZonedDateTime.of(2027, 1, 1, 10, 0, 0, 0, ZONE).plusHours(i);
      events.add(Event.builder(prefix + "-" + i + "@bench", prefix + " " + i, EventTime.of(start))
          .end(EventTime.of(start.plusHours(1))).description("Imported " + i).build());
    }
    return events;
  }

  private static final class Step {
    private final HttpTransport http;
    private HttpTransport.Stats last;
    private long started = System.nanoTime();

    Step(HttpTransport http) {
      this.http = http;
      this.last = http.stats();
    }

    void skip() {
      last = http.stats();
      started = System.nanoTime();
    }

    void report(String what) {
      HttpTransport.Stats now = http.stats();
      System.out.printf("%-40s %9d %12d %9.2f%n", what, now.requests() - last.requests(),
          now.bytesSent() - last.bytesSent() + now.bytesReceived() - last.bytesReceived(),
          (System.nanoTime() - started) / 1e9);
      skip();
    }
  }
}
