package org.eventsync.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eventsync.testsupport.CalDavProbe;
import org.eventsync.testsupport.DirectusProbe;
import org.eventsync.testsupport.Http;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A cluster on the real servers: three worker processes and 30 pairs (one collection, 30
 * calendars on Radicale, Xandikos and sabre/dav), the state and the schedule in the local
 * PostgreSQL. Every pair converges; the runs' table shows no pair ever ran on two workers at once;
 * a worker killed with SIGKILL in the middle of a run has its pairs taken over, and they converge
 * without duplicates.
 */
class WorkerIT extends RealServers {

  private static final int PAIRS = 30;
  private static final int ITEMS = 12;
  private final List<Process> workers = new ArrayList<>();
  private final List<String> names = new ArrayList<>();
  private final Map<String, CalDavProbe> calendars = new HashMap<>();

  private Connection database() throws SQLException {
    return DriverManager.getConnection(SERVERS.get("POSTGRES_URL"), SERVERS.get("POSTGRES_USER"),
        SERVERS.get("POSTGRES_PASSWORD"));
  }

  @AfterEach
  void stopWorkersAndForgetThePairs() throws Exception {
    workers.forEach(Process::destroyForcibly);
    for (Process p : workers) {
      p.waitFor();
    }
    calendars.values().forEach(CalDavProbe::deleteCalendar);
    try (Connection c = database()) {
      for (String sql : List.of("delete from event_sync_scheduled_tasks where task_instance = any (?)",
          "delete from event_sync_pair where pair_key = any (?)",
          "delete from event_sync_runs where pair_key = any (?)",
          "delete from event_sync_triggers where pair_key = any (?)")) {
        try (PreparedStatement s = c.prepareStatement(sql)) {
          s.setArray(1, c.createArrayOf("text", names.toArray()));
          s.executeUpdate();
        }
      }
    }
  }

  /** The pairs file: {@code count} calendars of the one collection, on each CalDAV server in turn. */
  private Path pairsFile(int count, String interval) throws Exception {
    StringBuilder pairs = new StringBuilder();
    String[][] servers = {
      {SERVERS.radicaleHome(), SERVERS.radicaleHome()},
      {SERVERS.xandikosHome(), SERVERS.xandikosCalendars()},
      {SERVERS.sabreHome(), SERVERS.sabreHome()}};
    for (int i = 0; i < count; i++) {
      String name = "p" + i + "-" + suffix;
      String calendarName = "W" + i + " " + suffix;
      String[] server = servers[i % servers.length];
      names.add(name);
      calendars.put(name, new CalDavProbe(server[1], SERVERS.davUser(), SERVERS.davPassword(),
          "w" + i + "-" + suffix));
      pairs.append(i == 0 ? "" : ",\n").append("    {\"name\": \"").append(name)
          .append("\", \"NEXTCLOUD_URL\": \"").append(server[0])
          .append("\", \"NEXTCLOUD_CALENDAR_NAME\": \"").append(calendarName).append("\"}");
    }
    Path file = work.resolve("pairs.json");
    Files.writeString(file, "{\n  \"defaults\": {\"POLL_INTERVAL\": \"" + interval + "\","
        + " \"NEXTCLOUD_PASSWORD\": \"${DAV_PASSWORD}\"},\n  \"pairs\": [\n" + pairs + "\n  ]\n}\n");
    return file;
  }

  private Process startWorker(Path pairs, int n, Map<String, String> more) throws Exception {
    Path dir = work.resolve("worker-" + n);
    Files.createDirectories(dir);
    Map<String, String> env = new HashMap<>();
    env.put("PAIRS_FILE", pairs.toString());
    env.put("DAV_PASSWORD", SERVERS.davPassword());
    env.put("NEXTCLOUD_PASSWORD", null);
    env.put("NEXTCLOUD_URL", null);
    env.put("NEXTCLOUD_CALENDAR_NAME", null);
    env.put("STATE_DATABASE_URL", SERVERS.get("POSTGRES_URL"));
    env.put("STATE_DATABASE_USER", SERVERS.get("POSTGRES_USER"));
    env.put("STATE_DATABASE_PASSWORD", SERVERS.get("POSTGRES_PASSWORD"));
    env.put("WORKER_THREADS", "4");
    env.put("WORKER_HOST_BUDGET", "3");
    env.put("WORKER_HEARTBEAT", "PT1S");
    env.put("WORKER_START_SPREAD", "PT1S");
    env.putAll(more);
    Process p = new CliRunner(dir, environment()).with(env).start("worker");
    workers.add(p);
    return p;
  }

  @Test
  void thirtyPairsOnThreeWorkersConvergeNoPairRunsTwiceAtOnceAndAKilledWorkersPairsAreTakenOver()
      throws Exception {
    directus.seedApproved(ITEMS);
    Path pairs = pairsFile(PAIRS, "PT2S");
    for (int n = 1; n <= 3; n++) {
      startWorker(pairs, n, Map.of());
    }
    await("every calendar holds the approved items", Duration.ofMinutes(3), () ->
        calendars.values().stream().allMatch(c -> c.exists() && c.objects().size() == ITEMS));

    // Calendar-side events, one per calendar; while the workers import them, one is killed.
    int i = 0;
    for (CalDavProbe calendar : calendars.values()) {
      calendar.put("born-" + i + ".ics", CalDavProbe.event("born-" + i + "-" + suffix,
          "Typed in calendar " + i, "20270301T10" + String.format("%02d", i % 60) + "00Z"));
      i++;
    }
    Process victim = workers.get(0);
    String victimName = "-" + victim.pid();
    await("the first worker is in the middle of a run", Duration.ofMinutes(1),
        () -> running(victimName) > 0);
    // Its sessions' advisory locks (its host budget) go when it dies: not before the kill is sent.
    Instant killed = Instant.now();
    victim.destroyForcibly();
    victim.waitFor();

    await("every calendar-born event is in Directus", Duration.ofMinutes(3),
        () -> directus.items().size() == ITEMS + PAIRS);
    await("every pair ran since the kill", Duration.ofMinutes(2), () -> ranSinceEverywhere(killed));
    for (Map.Entry<String, CalDavProbe> e : calendars.entrySet()) {
      assertConverged(e.getKey(), e.getValue());
      assertThat(e.getValue().objects()).as(e.getKey()).hasSize(ITEMS + 1);
    }
    assertThat(directus.items()).hasSize(ITEMS + PAIRS);
    // SIGTERM: each worker finishes (or cuts short and records) the runs it has going, and exits.
    for (Process survivor : workers.subList(1, workers.size())) {
      survivor.destroy();
    }
    for (Process survivor : workers.subList(1, workers.size())) {
      assertThat(survivor.waitFor(40, java.util.concurrent.TimeUnit.SECONDS))
          .as("a worker stops within 40 s of SIGTERM").isTrue();
    }
    assertNoPairRanTwiceAtOnce(victimName, killed);
  }

  @Test
  void aHookCallRunsItsPairAtOnceAndOnlyThatPair() throws Exception {
    directus.seedApproved(2);
    int port = freePort();
    String secret = "a-webhook-secret-of-the-test-" + suffix;
    startWorker(pairsFile(2, "PT1H"), 1, Map.of("SERVE_ADDRESS", "127.0.0.1:" + port,
        "SERVE_WEBHOOK_SECRET", secret));
    CalDavProbe first = calendars.get(names.get(0));
    CalDavProbe second = calendars.get(names.get(1));
    await("both calendars hold the items", Duration.ofSeconds(60), () ->
        first.exists() && first.objects().size() == 2 && second.exists()
            && second.objects().size() == 2);

    directus.create(DirectusProbe.item("Hooked", "2027-04-01T10:00:00",
        true));
    String hooks = "http://127.0.0.1:" + port + "/hooks/directus/";
    assertThat(post(hooks + names.get(0), "Bearer wrong-secret-of-some-length")).isEqualTo(401);
    assertThat(post(hooks + "no-such-pair", "Bearer " + secret)).isEqualTo(404);
    long asked = System.nanoTime();
    assertThat(post(hooks + names.get(0), "Bearer " + secret)).isEqualTo(202);
    await("the hooked pair publishes the new item", Duration.ofSeconds(20),
        () -> first.objects().size() == 3);
    System.out.printf("hook to calendar: %.1f s%n", (System.nanoTime() - asked) / 1e9);
    assertThat(second.objects()).as("the other pair waits for its hour").hasSize(2);
    assertThat(Http.send("GET", "http://127.0.0.1:" + port + "/healthz", "None", null, null)
        .statusCode()).isEqualTo(200);
    assertThat(Http.send("GET", "http://127.0.0.1:" + port + "/readyz", "None", null, null)
        .body()).isEqualTo("ready\n");
  }

  private static int post(String url, String authorization) {
    return Http.send("POST", url, authorization, "{}",
        "application/json").statusCode();
  }

  /** Runs of the worker whose name ends with {@code nameEnd} that have not finished. */
  private int running(String nameEnd) throws SQLException {
    try (Connection c = database();
        PreparedStatement s = c.prepareStatement("select count(*) from event_sync_runs where"
            + " pair_key = any (?) and worker like ? and finished_at is null")) {
      s.setArray(1, c.createArrayOf("text", names.toArray()));
      s.setString(2, "%" + nameEnd);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getInt(1);
      }
    }
  }

  private boolean ranSinceEverywhere(Instant since) throws SQLException {
    try (Connection c = database();
        PreparedStatement s = c.prepareStatement("select count(distinct pair_key) from"
            + " event_sync_runs where pair_key = any (?) and started_at > ? and finished_at is not null")) {
      s.setArray(1, c.createArrayOf("text", names.toArray()));
      s.setTimestamp(2, Timestamp.from(since.plusSeconds(2)));
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getInt(1) == PAIRS;
      }
    }
  }

  /**
   * Per pair, in order of start: each run starts after the one before it finished; a run the
   * killed worker never finished is followed by one that started after the kill.
   */
  private void assertNoPairRanTwiceAtOnce(String victimName, Instant killed) throws SQLException {
    int runs = 0;
    int cutShort = 0;
    // Per calendar server: +1 at each start, -1 at each end, to find the most runs at once.
    Map<Integer, java.util.TreeMap<Timestamp, Integer>> load = new HashMap<>();
    try (Connection c = database();
        PreparedStatement s = c.prepareStatement("select pair_key, worker, started_at, finished_at"
            + " from event_sync_runs where pair_key = any (?) order by pair_key, started_at")) {
      s.setArray(1, c.createArrayOf("text", names.toArray()));
      try (ResultSet r = s.executeQuery()) {
        String pair = "";
        Timestamp busyUntil = null;
        while (r.next()) {
          runs++;
          String key = r.getString(1);
          Timestamp started = r.getTimestamp(3);
          Timestamp finished = r.getTimestamp(4);
          if (!key.equals(pair)) {
            pair = key;
            busyUntil = null;
          }
          if (busyUntil != null) {
            assertThat(started).as("%s: a run by %s started while the one before ran", key,
                r.getString(2)).isAfterOrEqualTo(busyUntil);
          }
          java.util.TreeMap<Timestamp, Integer> host =
              load.computeIfAbsent(names.indexOf(key) % 3, h -> new java.util.TreeMap<>());
          host.merge(started, 1, Integer::sum);
          host.merge(finished == null ? Timestamp.from(killed) : finished, -1, Integer::sum);
          if (finished == null) {
            assertThat(r.getString(2)).as("%s: only the killed worker left a run unfinished", key)
                .endsWith(victimName);
            cutShort++;
            busyUntil = Timestamp.from(killed);
          } else {
            busyUntil = finished;
          }
        }
      }
    }
    System.out.println("runs: " + runs + ", cut short by the kill: " + cutShort);
    for (Map.Entry<Integer, java.util.TreeMap<Timestamp, Integer>> host : load.entrySet()) {
      int now = 0;
      int most = 0;
      for (int change : host.getValue().values()) {
        now += change;
        most = Math.max(most, now);
      }
      System.out.println("calendar server " + host.getKey() + ": at most " + most + " runs at once");
      assertThat(most).as("the budget of 3 runs at once per calendar host").isLessThanOrEqualTo(3);
    }
    assertThat(cutShort).isPositive();
    assertThat(runs).isGreaterThan(3 * PAIRS);
  }

  private static void await(String what, Duration most, Check check) throws Exception {
    long end = System.nanoTime() + most.toNanos();
    while (!check.ok()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("not within " + most + ": " + what);
      }
      Thread.sleep(500);
    }
  }

  @FunctionalInterface
  private interface Check {
    boolean ok() throws Exception;
  }
}
