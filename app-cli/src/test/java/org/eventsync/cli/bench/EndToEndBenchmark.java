package org.eventsync.cli.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.eventsync.caldav.CalDavEventSink;
import org.eventsync.caldav.CalDavSettings;
import org.eventsync.caldav.CalendarPaths;
import org.eventsync.core.sync.SyncListener;
import org.eventsync.core.sync.SyncPolicy;
import org.eventsync.core.sync.SyncReport;
import org.eventsync.core.sync.Synchronizer;
import org.eventsync.directus.DirectusEventSource;
import org.eventsync.directus.DirectusFields;
import org.eventsync.directus.DirectusSchema;
import org.eventsync.directus.DirectusSettings;
import org.eventsync.http.HttpSettings;
import org.eventsync.http.HttpTransport;
import org.eventsync.statefile.JsonFileSyncStateStore;
import org.eventsync.testsupport.CalDavProbe;
import org.eventsync.testsupport.DirectusProbe;
import org.eventsync.testsupport.Http;
import org.eventsync.testsupport.PutFloor;
import org.eventsync.testsupport.TestServers;

/**
 * The whole engine on the real servers: N approved events published into an empty calendar, a
 * resync with nothing changed, and a resync after 100 changes spread over both sides. Prints
 * requests, bytes, seconds and peak heap. Run with {@code scripts/bench.sh e2e [N]}.
 */
public final class EndToEndBenchmark {

  private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
  /** Above this N the floor (step 4) is left out: its bodies alone would crowd a small heap. */
  private static final int FLOOR_MAX = 10_000;

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    if (n < 50) {
      throw new IllegalArgumentException("N must be at least 50: step 3 edits 50 of the events");
    }
    TestServers servers = TestServers.load();
    System.out.printf("End to end, N = %d, %s, max heap %d MB%n", n, LocalDate.now(),
        Runtime.getRuntime().maxMemory() >> 20);
    System.out.printf("%-10s %-34s %9s %12s %9s %9s%n", "calendar", "step", "requests", "bytes",
        "seconds", "heap MB");
    // BENCH_SERVERS picks the calendar servers: radicale, xandikos, sabre (sabre/dav 1.8).
    String only = System.getenv().getOrDefault("BENCH_SERVERS", "radicale,xandikos");
    if (only.contains("radicale")) {
      run("Radicale", servers.radicaleHome(), n, servers);
    }
    if (only.contains("xandikos")) {
      run("Xandikos", servers.xandikosHome(), n, servers);
    }
    if (only.contains("sabre")) {
      run("sabre/dav", servers.sabreHome(), n, servers); // no sync-collection: ETag listings
    }
  }

  private static void run(String name, String davHome, int n, TestServers servers) throws Exception {
    String collection = "bench_" + Long.toHexString(System.nanoTime()).substring(6);
    String calendarName = "bench " + collection;
    Path dir = Files.createTempDirectory("e2e-bench");
    DirectusSettings directus = new DirectusSettings(URI.create(servers.directusUrl()),
        servers.directusToken(), collection, ZONE);
    try (HttpTransport http = new HttpTransport(HttpSettings.defaults())) {
      new DirectusSchema(http, directus, DirectusFields.defaults()).ensure();
      new DirectusProbe(servers, collection).seedApproved(n);
      Thread.sleep(2100); // outside the incremental cursor's margin
      Step step = new Step(name, http);
      report(step, "1. publish N into an empty calendar", synchronizer(http, directus, davHome, calendarName, dir, servers).run(() -> false));
      if (n <= FLOOR_MAX && !"0".equals(System.getenv("BENCH_FLOOR"))) {
        floor(name, davHome, calendar(davHome, calendarName, servers).objects(), servers);
        step.reset();
      }
      report(step, "2. resync, nothing changed", synchronizer(http, directus, davHome, calendarName, dir, servers).run(() -> false));
      changeBothSides(servers, collection, davHome, calendarName);
      Thread.sleep(1100);
      step.reset();
      report(step, "3. resync after k = 100 changes", synchronizer(http, directus, davHome, calendarName, dir, servers).run(() -> false));
    } finally {
      new DirectusProbe(servers, collection).dropCollection();
      calendar(davHome, calendarName, servers).deleteCalendar();
    }
  }

  /** Step 4, the floor for step 1: the bodies the tool published, as N bare PUTs. */
  private static void floor(String name, String davHome, List<String> bodies, TestServers servers)
      throws Exception {
    PutFloor.Result floor = PutFloor.measure(calendarHome(davHome), servers.davUser(),
        servers.davPassword(), bodies);
    System.out.printf("%-10s %-34s %9d %12d %9.2f %9s%n", name, "4. floor: N bare PUTs of (1)",
        floor.requests(), floor.bytes(), floor.seconds(), "-");
  }

  private static Synchronizer synchronizer(HttpTransport http, DirectusSettings directus,
      String davHome, String calendarName, Path dir, TestServers servers) {
    return new Synchronizer(
        new DirectusEventSource(http, directus, DirectusFields.defaults(), Optional.of(dir.resolve("directus.json"))),
        new CalDavEventSink(http, new CalDavSettings(URI.create(davHome), servers.davUser(),
            servers.davPassword(), calendarName, ZONE), Optional.of(dir.resolve("calendar.json"))),
        new JsonFileSyncStateStore(dir.resolve("state.json")),
        SyncPolicy.defaults(), SyncListener.silent());
  }

  /** 50 changes in Directus (25 edits, 15 un-approvals, 10 deletions), 50 new calendar events. */
  private static void changeBothSides(TestServers servers, String collection, String davHome,
      String calendarName) {
    String auth = Http.bearer(servers.directusToken());
    JsonArray items = JsonParser.parseString(Http.send("GET", servers.directusUrl() + "/items/"
        + collection + "?fields=id&limit=50&sort=id", auth, null, null).body())
        .getAsJsonObject().getAsJsonArray("data");
    for (int i = 0; i < 40; i++) {
      JsonObject change = new JsonObject();
      if (i < 25) {
        change.addProperty("title", "Edited " + i);
      } else {
        change.addProperty("approved", false);
      }
      Http.send("PATCH", servers.directusUrl() + "/items/" + collection + "/" + id(items.get(i)),
          auth, change.toString(), "application/json");
    }
    JsonArray gone = new JsonArray();
    for (int i = 40; i < 50; i++) {
      gone.add(items.get(i).getAsJsonObject().get("id"));
    }
    Http.send("DELETE", servers.directusUrl() + "/items/" + collection, auth, gone.toString(), "application/json");
    CalDavProbe cal = calendar(davHome, calendarName, servers);
    for (int i = 0; i < 50; i++) {
      cal.put("typed-" + i + ".ics", CalDavProbe.event("bench-typed-" + i, "Typed " + i, "20280101T1" + (i % 10) + "0000Z"));
    }
  }

  private static CalDavProbe calendar(String davHome, String calendarName, TestServers servers) {
    return new CalDavProbe(calendarHome(davHome), servers.davUser(), servers.davPassword(),
        CalendarPaths.segment(calendarName));
  }

  /** Where new calendars go: under the home, except Xandikos' calendars/. */
  private static String calendarHome(String davHome) {
    return davHome.contains(":15233/") ? davHome + "calendars/" : davHome;
  }

  private static String id(JsonElement item) {
    return item.getAsJsonObject().get("id").getAsString();
  }

  private static void report(Step step, String what, SyncReport report) {
    if (!report.failed().isEmpty() || report.refused()) {
      System.out.println("  (" + report.failed().size() + " failures, refused " + report.refused() + ")");
    }
    step.report(what);
  }

  /** Counters since the last report, and the heap's peak meanwhile. */
  private static final class Step {
    private final String server;
    private final HttpTransport http;
    private HttpTransport.Stats last;
    private long started;

    Step(String server, HttpTransport http) {
      this.server = server;
      this.http = http;
      reset();
    }

    void reset() {
      last = http.stats();
      started = System.nanoTime();
      System.gc();
      heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    void report(String what) {
      HttpTransport.Stats now = http.stats();
      long peak = heapPools().stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
      System.out.printf("%-10s %-34s %9d %12d %9.2f %9d%n", server, what,
          now.requests() - last.requests(),
          now.bytesSent() - last.bytesSent() + now.bytesReceived() - last.bytesReceived(),
          (System.nanoTime() - started) / 1e9, peak >> 20);
      reset();
    }

    private static List<MemoryPoolMXBean> heapPools() {
      return ManagementFactory.getMemoryPoolMXBeans().stream()
          .filter(p -> p.getType() == MemoryType.HEAP).toList();
    }
  }
}
