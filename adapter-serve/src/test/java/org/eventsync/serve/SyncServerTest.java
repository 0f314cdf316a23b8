package org.eventsync.serve;

import java.io.UncheckedIOException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import org.eventsync.core.port.ItemProblem;
import org.eventsync.core.sync.SyncPlan;
import org.eventsync.core.sync.SyncReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The endpoints over real HTTP, on a port of 127.0.0.1, with runs that touch no server. */
class SyncServerTest {

  private static final String SECRET = "0123456789abcdef0123";
  private final HttpClient client = HttpClient.newHttpClient();
  private final AtomicInteger runs = new AtomicInteger();
  private volatile SyncRuns.Result next = SyncRuns.Result.OK;
  private SyncServer server;

  private SyncServer start(Optional<String> secret) {
    ServeSettings settings = new ServeSettings(new InetSocketAddress("127.0.0.1", 0), secret,
        Duration.ofHours(1), Duration.ofHours(2), Duration.ofMillis(20),
        Optional.of(URI.create("http://127.0.0.1:1/admin/content/events")));
    server = SyncServer.start(settings, reconcile -> {
      runs.incrementAndGet();
      SyncPlan plan = new SyncPlan(false, List.of(), List.of(),
          List.of(new ItemProblem("item 7 \"<b>Gala</b>\"", "start_date is missing")), Map.of(),
          Optional.empty(), OptionalInt.of(3));
      SyncReport report = new SyncReport(plan, plan.inSync().size(), false, List.of(), List.of(), false, false,
          Duration.ofMillis(12));
      return new SyncRuns.Outcome(next, Optional.of(report),
          next == SyncRuns.Result.OK ? Optional.empty() : Optional.of("Directus refused the token"),
          Map.of("source", 2L, "calendar", 1L));
    });
    return server;
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (server != null) {
      server.close();
    }
  }

  private HttpResponse<String> get(String path) throws Exception {
    return client.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String authorization, byte[] body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  private void awaitRuns(int n) throws InterruptedException {
    for (int i = 0; i < 500 && runs.get() < n; i++) {
      Thread.sleep(10);
    }
    Thread.sleep(50); // the observers record the run just after it returns
  }

  @Test
  void aHookCallWithTheSecretIsAcceptedAtOnceAndRunsASync() throws Exception {
    start(Optional.of(SECRET));
    awaitRuns(1);

    HttpResponse<String> accepted = post("/hooks/directus", "Bearer " + SECRET, "{}".getBytes());
    awaitRuns(2);

    assertThat(accepted.statusCode()).isEqualTo(202);
    assertThat(runs.get()).isEqualTo(2);
    assertThat(post("/hooks/calendar", "Bearer " + SECRET, new byte[0]).statusCode()).isEqualTo(202);
    assertThat(server.address().getAddress().isLoopbackAddress()).isTrue();
  }

  @Test
  void callsWithoutTheSecretOrTooLargeOrWithTheWrongMethodAreRefusedAndRunNothing() throws Exception {
    start(Optional.of(SECRET));
    awaitRuns(1);

    HttpResponse<String> wrong = post("/hooks/directus", "Bearer nope-nope-nope-nope", new byte[0]);
    HttpResponse<String> none = post("/hooks/directus", null, new byte[0]);
    HttpResponse<String> large = post("/hooks/directus", "Bearer " + SECRET,
        new byte[HookGate.MAX_BODY_BYTES + 1]);
    HttpResponse<String> method = get("/hooks/directus");
    Thread.sleep(200);

    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(large.statusCode()).isEqualTo(413);
    // Its body left unread, the connection closes, and the client is told (ServeIT once sent
    // its next call into the closed connection).
    assertThat(large.headers().firstValue("Connection")).hasValue("close");
    assertThat(method.statusCode()).isEqualTo(405);
    assertThat(get("/nothing-here").statusCode()).isEqualTo(404);
    assertThat(runs.get()).as("only the start run").isEqualTo(1);
    assertThat(get("/metrics").body())
        .contains("event_sync_hook_calls_total{hook=\"directus\",status=\"401\"} 2.0")
        .contains("event_sync_hook_calls_total{hook=\"directus\",status=\"413\"} 1.0");
  }

  @Test
  void withoutASecretTheHooksAreOffAndSaySo() throws Exception {
    start(Optional.empty());

    HttpResponse<String> refused = post("/hooks/directus", "Bearer ", new byte[0]);

    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.body()).contains("SERVE_WEBHOOK_SECRET");
  }

  @Test
  void probesSayAliveAndWhetherTheLastSyncWentThrough() throws Exception {
    next = SyncRuns.Result.FAILED;
    start(Optional.of(SECRET));
    assertThat(get("/healthz").statusCode()).isEqualTo(200);
    awaitRuns(1);

    HttpResponse<String> failed = get("/readyz");
    assertThat(failed.statusCode()).isEqualTo(503);
    assertThat(failed.body()).isEqualTo("not ready: the last sync failed: Directus refused the token\n");

    next = SyncRuns.Result.PARTIAL;
    post("/hooks/directus", "Bearer " + SECRET, new byte[0]);
    awaitRuns(2);
    assertThat(get("/readyz").statusCode()).isEqualTo(200);
  }

  @Test
  void metricsAreInPrometheusTextFormat() throws Exception {
    start(Optional.of(SECRET));
    awaitRuns(1);
    post("/hooks/directus", "Bearer " + SECRET, new byte[0]);
    awaitRuns(2);

    HttpResponse<String> metrics = get("/metrics");

    assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(
        t -> assertThat(t).startsWith("text/plain; version=0.0.4"));
    assertThat(metrics.body())
        .contains("event_sync_runs_total{outcome=\"ok\"} 2.0")
        .contains("event_sync_runs_total{outcome=\"failed\"} 0.0")
        .contains("event_sync_writes_total{kind=\"publish\"} 0.0")
        .contains("event_sync_requests_total{side=\"source\"} 4.0")
        .contains("event_sync_failed_items_total 2.0")
        .contains("event_sync_awaiting_moderation 3.0")
        .contains("event_sync_trigger_latency_seconds_count 1")
        .contains("event_sync_run_duration_seconds_count 2")
        .containsPattern("event_sync_last_success_seconds [1-9]");
  }

  @Test
  void thePageShowsTheRunsWhatAwaitsModerationAndTheProblemsEscaped() throws Exception {
    start(Optional.of(SECRET));
    awaitRuns(1);

    HttpResponse<String> page = get("/");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
        c -> assertThat(c).contains("default-src 'none'"));
    assertThat(page.body())
        .contains("<strong>3</strong> items not approved")
        .contains("href=\"http://127.0.0.1:1/admin/content/events\"")
        .contains("item 7 &quot;&lt;b&gt;Gala&lt;/b&gt;&quot;")
        .doesNotContain("<b>Gala</b>")
        .doesNotContain(SECRET)
        .doesNotContain("src=");
  }

  @Test
  void anAddressInUseIsOneClearFailure() {
    SyncServer first = start(Optional.empty());
    ServeSettings same = new ServeSettings(new InetSocketAddress("127.0.0.1", first.port()),
        Optional.empty(), Duration.ofHours(1), Duration.ofHours(2), Duration.ZERO, Optional.empty());

    assertThatThrownBy(() -> SyncServer.start(same, r -> null))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("cannot listen on 127.0.0.1:" + first.port());
  }
}
