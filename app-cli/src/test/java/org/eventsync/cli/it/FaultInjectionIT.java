package org.eventsync.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.eventsync.caldav.CalDavEventSink;
import org.eventsync.caldav.CalDavSettings;
import org.eventsync.caldav.CalendarPaths;
import org.eventsync.core.port.SideUnavailableException;
import org.eventsync.core.sync.SyncListener;
import org.eventsync.core.sync.SyncPolicy;
import org.eventsync.core.sync.SyncReport;
import org.eventsync.core.sync.Synchronizer;
import org.eventsync.directus.DirectusEventSource;
import org.eventsync.directus.DirectusFields;
import org.eventsync.directus.DirectusSettings;
import org.eventsync.http.HttpSettings;
import org.eventsync.http.HttpTransport;
import org.eventsync.statefile.JsonFileSyncStateStore;
import org.eventsync.testsupport.CalDavProbe;
import org.eventsync.testsupport.DirectusProbe;
import org.eventsync.testsupport.FaultyProxy;
import org.eventsync.testsupport.Http;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Syncs through proxies that fail 10% of requests (500, 503, 429, connections closed before or
 * after the server acted, stalls past the timeout), with random edits on both sides between
 * syncs. After a final sync without faults, both sides hold exactly what the rules say: no
 * duplicates, nothing lost. 50 randomized runs; the seed of a failing run is in its message.
 */
class FaultInjectionIT extends RealServers {

  private static final int RUNS = Integer.getInteger("faults.runs", 50);
  private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
  private static final HttpSettings IMPATIENT =
      new HttpSettings(Duration.ofSeconds(2), Duration.ofMillis(800), 4, Duration.ofMillis(5),
          Duration.ofMillis(50), Duration.ofSeconds(1), 4, 64 * 1024 * 1024, "event-sync-test",
          Set.of());

  @TempDir Path runs;

  @Test
  void syncsConvergeThroughFaults() throws Exception {
    long base = Long.getLong("faults.seed", new Random().nextLong());
    int faults = 0;
    int aborted = 0;
    for (int run = 0; run < RUNS; run++) {
      long seed = base + run;
      int[] counts = oneRun(seed, runs.resolve("run-" + run));
      faults += counts[0];
      aborted += counts[1];
    }
    System.out.printf("%d runs, %d injected faults, %d syncs stopped by a fault%n", RUNS, faults, aborted);
    assertThat(faults).as("faults were injected").isGreaterThan(RUNS);
  }

  /** One randomized run; returns {faults injected, syncs aborted}. */
  private int[] oneRun(long seed, Path dir) throws Exception {
    Random random = new Random(seed);
    String calendarName = "Faults " + Long.toHexString(seed);
    clearCollection();
    int aborted = 0;
    try (FaultyProxy directusProxy = new FaultyProxy(URI.create(SERVERS.directusUrl()), 0.1, seed, Duration.ofMillis(1200));
        FaultyProxy davProxy = new FaultyProxy(URI.create(SERVERS.radicaleHome()).resolve("/"), 0.1, ~seed, Duration.ofMillis(1200));
        HttpTransport http = new HttpTransport(IMPATIENT)) {
      String davPath = URI.create(SERVERS.radicaleHome()).getPath();
      CalDavProbe cal = new CalDavProbe(SERVERS.radicaleHome(), SERVERS.davUser(), SERVERS.davPassword(),
          CalendarPaths.segment(calendarName));
      for (int i = 0; i < 4; i++) {
        directus.create(DirectusProbe.item("Seed " + i, "2026-12-0" + (i + 1) + "T10:00:00", random.nextBoolean()));
      }
      for (int round = 0; round < 3; round++) {
        edit(random, cal, round);
        try {
          synchronizer(http, directusProxy.base(), davProxy.base() + davPath, calendarName, dir)
              .run(() -> false);
        } catch (SideUnavailableException e) {
          aborted++; // a fault outlasted the retries: the run stops, the next one resumes
        }
      }
      // The final run goes the same way, without faults: the caches stay valid, as in real life.
      directusProxy.faultRate(0);
      davProxy.faultRate(0);
      String directusUrl = directusProxy.base();
      String davHome = davProxy.base() + davPath;
      SyncReport last = synchronizer(http, directusUrl, davHome, calendarName, dir).run(() -> false);
      assertThat(last.failed()).as("seed %d: final run failures", seed).isEmpty();
      assertConverged("seed " + seed, cal);
      SyncReport again = synchronizer(http, directusUrl, davHome, calendarName, dir).dryRun();
      assertThat(again.plan().actions()).as("seed %d: a further run plans nothing", seed).isEmpty();
      return new int[] {directusProxy.faults() + davProxy.faults(), aborted};
    } finally {
      new CalDavProbe(SERVERS.radicaleHome(), SERVERS.davUser(), SERVERS.davPassword(),
          CalendarPaths.segment(calendarName)).deleteCalendar();
    }
  }

  private void edit(Random random, CalDavProbe cal, int round) {
    List<JsonObject> items = directus.items();
    if (!items.isEmpty()) {
      JsonObject pick = items.get(random.nextInt(items.size()));
      JsonObject change = new JsonObject();
      switch (random.nextInt(3)) {
        case 0 -> change.addProperty("approved", !pick.get("approved").getAsBoolean());
        case 1 -> change.addProperty("title", "Edited " + random.nextInt(100));
        default -> change.addProperty("approved", true);
      }
      directus.update(pick.get("id").getAsInt(), change);
    }
    if (random.nextBoolean() && items.size() > 1) {
      directus.delete(items.get(random.nextInt(items.size())).get("id").getAsInt());
    }
    directus.create(DirectusProbe.item("New " + round, "2026-12-1" + round + "T10:00:00", random.nextBoolean()));
    if (round > 0 && cal.exists()) {
      cal.put("typed-" + round + ".ics",
          CalDavProbe.event("typed-" + round + "-" + random.nextInt(1000), "Typed " + round, "2026121" + round + "T150000Z"));
    }
  }

  private Synchronizer synchronizer(HttpTransport http, String directusUrl, String davHome, String calendarName, Path dir) {
    DirectusEventSource source = new DirectusEventSource(http, directusSettings(directusUrl),
        DirectusFields.defaults(), Optional.of(dir.resolve("directus-cache.json")));
    CalDavEventSink sink = new CalDavEventSink(http,
        new CalDavSettings(URI.create(davHome), SERVERS.davUser(), SERVERS.davPassword(), calendarName, ZONE),
        Optional.of(dir.resolve("calendar-cache.json")));
    return new Synchronizer(source, sink, new JsonFileSyncStateStore(dir.resolve("state.json")),
        SyncPolicy.defaults(), SyncListener.silent());
  }

  private DirectusSettings directusSettings(String url) {
    return new DirectusSettings(URI.create(url), SERVERS.directusToken(), collection, ZONE);
  }

  private void clearCollection() {
    JsonArray ids = new JsonArray();
    directus.items().forEach(i -> ids.add(i.get("id")));
    if (!ids.isEmpty()) {
      Http.send("DELETE", SERVERS.directusUrl() + "/items/" + collection,
          Http.bearer(SERVERS.directusToken()), ids.toString(), "application/json");
    }
  }


}
