package org.eventsync.cli.it;

import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.JavascriptExecutor;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.eventsync.testsupport.CalDavProbe;
import org.eventsync.testsupport.DirectusProbe;
import org.eventsync.testsupport.FaultyProxy;
import org.eventsync.testsupport.Http;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * {@code event-sync serve} as users run it, on the real Directus and Radicale: the Flow made by
 * {@code init-flow} calls the hook on every change, and the change reaches the calendar within
 * seconds; the probes, metrics and the status page (in a real headless Chromium) say what
 * happened. Polling is set to an hour, so only the hook can explain a prompt sync.
 */
class ServeIT extends RealServers {

  private static final Duration PROMPT = Duration.ofSeconds(20);
  private final String secret = HexFormat.of().formatHex(UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
  private final HttpClient client = HttpClient.newHttpClient();
  private CliRunner serving;
  private Process serve;
  private int port;

  @AfterEach
  void stopAndDropTheFlow() throws Exception {
    if (serve != null && serve.isAlive()) {
      serve.destroyForcibly();
    }
    for (JsonObject flow : flows()) {
      Http.expect(Http.send("DELETE", SERVERS.directusUrl() + "/flows/" + flow.get("id").getAsString(),
          Http.bearer(SERVERS.directusToken()), null, null), 204);
    }
  }

  @Test
  void aChangeInDirectusReachesTheCalendarWithinSecondsAndThePagesSayWhatHappened() throws Exception {
    port = freePort();
    serving = cli.with(Map.of("SERVE_ADDRESS", "127.0.0.1:" + port, "SERVE_WEBHOOK_SECRET", secret,
        "POLL_INTERVAL", "PT1H", "RECONCILE_INTERVAL", "PT2H"));

    // init-flow: a dry run creates nothing; then it creates, finds in place, and repairs.
    CliRunner.Result dry = serving.run("init-flow", "--dry-run");
    assertThat(dry.output()).contains("Would create the Flow 'event-sync: " + collection + "'");
    assertThat(flows()).isEmpty();
    assertThat(serving.run("init-flow").output()).contains("Done: create the Flow");
    assertThat(flows()).hasSize(1);
    assertThat(serving.run("init-flow").output()).contains("is in place");
    breakTheOperation();
    assertThat(serving.run("init-flow").output()).contains("Done: point the request operation at");
    assertThat(serving.run("init-flow").output()).contains("is in place");
    assertThat(dry.output() + Files.readString(work.resolve("out.log"))).doesNotContain(secret);

    serve = serving.start("serve");
    await("the first sync", () -> get("/readyz").statusCode() == 200);

    // Approving in Directus (through its API) publishes; un-approving removes.
    int id = directus.create(DirectusProbe.item("Choir night", "2027-03-04T19:00:00", false));
    JsonObject approve = new JsonObject();
    approve.addProperty("approved", true);
    long approvedAt = System.nanoTime();
    directus.update(id, approve);
    await("the approved event in the calendar", () -> calendar.summaries().contains("Choir night"));
    Duration toCalendar = Duration.ofNanos(System.nanoTime() - approvedAt);
    JsonObject unapprove = new JsonObject();
    unapprove.addProperty("approved", false);
    directus.update(id, unapprove);
    await("the un-approved event gone", () -> calendar.summaries().isEmpty());

    // Moderation through the hooks: a calendar edit (the calendar's hook called) becomes a
    // proposal; accepting it in Directus calls the Flow, and the calendar shows the new room.
    directus.update(id, approve);
    await("the event published again", () -> calendar.summaries().contains("Choir night"));
    String published = calendar.objects().get(0);
    calendar.put(uidOf(published) + ".ics",
        published.replace("SUMMARY:Choir night", "SUMMARY:Choir night\r\nLOCATION:Crypt"));
    assertThat(post("/hooks/calendar", "Bearer " + secret, new byte[0]).statusCode()).isEqualTo(202);
    await("the calendar edit proposed", () -> directus.proposals().size() == 1);
    await("the calendar back to the approved version",
        () -> !calendar.objects().get(0).contains("LOCATION:Crypt"));
    directus.decide(directus.proposals().get(0).get("id").getAsInt(), "accepted");
    await("the accepted room in the calendar",
        () -> calendar.objects().get(0).contains("LOCATION:Crypt"));
    directus.update(id, unapprove);
    await("the un-approved event gone again", () -> calendar.summaries().isEmpty());

    // An item the sync cannot read, with markup in its title: named on the page, as text.
    relaxStartDate();
    JsonObject bad = new JsonObject();
    bad.addProperty("title", "<img src=x onerror=alert(1)> Gala");
    bad.addProperty("approved", true);
    directus.create(bad);
    await("the bad item reported", () -> get("/").body().contains("Gala"));

    // Hooks without the secret, or too large, are refused and run nothing.
    assertThat(post("/hooks/directus", "Bearer wrong-secret-wrong-secret", new byte[10]).statusCode())
        .isEqualTo(401);
    assertThat(post("/hooks/calendar", "Bearer " + secret, new byte[64 * 1024 + 1]).statusCode())
        .isEqualTo(413);
    assertThat(post("/hooks/calendar", "Bearer " + secret, new byte[0]).statusCode()).isEqualTo(202);

    String metrics = get("/metrics").body();
    assertThat(metrics)
        .contains("event_sync_writes_total{kind=\"publish\"} 2.0")
        .contains("event_sync_writes_total{kind=\"unpublish\"} 2.0")
        .contains("event_sync_hook_calls_total{hook=\"directus\",status=\"401\"} 1.0")
        .containsPattern("event_sync_trigger_latency_seconds_count [1-9]")
        .containsPattern("event_sync_requests_total\\{side=\"calendar\"} [1-9]")
        .containsPattern("event_sync_requests_total\\{side=\"source\"} [1-9]")
        .containsPattern("event_sync_runs_total\\{outcome=\"partial\"} [1-9]");
    assertThat(metrics).doesNotContain(secret);

    inTheBrowser();

    serve.destroy(); // SIGTERM
    assertThat(serve.waitFor(30, TimeUnit.SECONDS)).isTrue();
    // The JVM ends a SIGTERM with 143 once its shutdown hook has stopped serving (the unit file
    // counts 143 as success).
    assertThat(serve.exitValue()).isIn(0, 143);
    String log = Files.readString(work.resolve("logs/sync.log"));
    assertThat(log).contains("Stopped serving").doesNotContain(secret);
    System.out.printf("ServeIT: approval to calendar in %d ms (through the Flow, polling hourly)%n",
        toCalendar.toMillis());
  }

  @Test
  void withoutAFlowPollsCarryCalendarChangesHookBurstsAreFewRunsAndAnOutagePasses() throws Exception {
    port = freePort();
    try (FaultyProxy directusProxy = new FaultyProxy(URI.create(SERVERS.directusUrl()), 0, 16,
        Duration.ofMillis(200))) {
      serving = cli.with(Map.of("SERVE_ADDRESS", "127.0.0.1:" + port, "SERVE_WEBHOOK_SECRET", secret,
          "POLL_INTERVAL", "PT2S", "DIRECTUS_API_URL", directusProxy.base()));
      serve = serving.start("serve");
      await("the first sync", () -> get("/readyz").statusCode() == 200);

      // A calendar-side change, no hook: the next poll imports it.
      long putAt = System.nanoTime();
      calendar.put("walk.ics", CalDavProbe.event("walk-" + suffix, "Morning walk", "20270310T080000Z"));
      await("the calendar's event in Directus", () -> directus.items().stream()
          .anyMatch(i -> "Morning walk".equals(i.get("title").getAsString())));
      Duration toDirectus = Duration.ofNanos(System.nanoTime() - putAt);
      assertThat(toDirectus).as("within POLL_INTERVAL plus one run").isLessThan(Duration.ofSeconds(10));

      // 200 hook calls in 2 seconds are a handful of runs.
      await("a quiet moment", () -> !get("/").body().contains("none: stopping"));
      double before = runs();
      for (int i = 0; i < 200; i++) {
        assertThat(post("/hooks/directus", "Bearer " + secret, new byte[0]).statusCode()).isEqualTo(202);
        Thread.sleep(10);
      }
      Thread.sleep(3000);
      double burst = runs() - before;
      assertThat(burst).as("runs for 200 calls, polls every 2 s included").isBetween(1.0, 5.0);

      // Directus failing every request: not ready, still serving; back: ready and converged.
      directusProxy.faultRate(1.0);
      await("a failed sync while Directus fails",
          () -> get("/readyz").body().startsWith("not ready: the last sync failed"));
      assertThat(get("/readyz").statusCode()).isEqualTo(503);
      assertThat(get("/healthz").statusCode()).isEqualTo(200);
      directus.create(DirectusProbe.item("After the outage", "2027-03-11T10:00:00", true));
      directusProxy.faultRate(0);
      await("ready again", () -> get("/readyz").statusCode() == 200);
      await("converged", () -> calendar.summaries().contains("After the outage"));
      assertConverged("after the outage", calendar);
      System.out.printf("ServeIT: calendar change to Directus in %d ms by polling every 2 s;"
          + " 200 hook calls in 2 s made %.0f runs%n", toDirectus.toMillis(), burst);
    }
    serve.destroy();
    assertThat(serve.waitFor(30, TimeUnit.SECONDS)).isTrue();
  }

  /** Directus itself killed (SIGKILL) for a minute under a running serve, then started again. */
  @Test
  void directusKilledForAMinuteMakesItNotReadyAndItConvergesWhenDirectusIsBack() throws Exception {
    port = freePort();
    serving = cli.with(Map.of("SERVE_ADDRESS", "127.0.0.1:" + port, "SERVE_WEBHOOK_SECRET", secret,
        "POLL_INTERVAL", "PT5S"));
    serve = serving.start("serve");
    await("the first sync", () -> get("/readyz").statusCode() == 200);

    long killed = System.nanoTime();
    servers("kill-directus");
    try {
      calendar.put("down.ics", CalDavProbe.event("down-" + suffix, "Typed while Directus was down",
          "20270312T090000Z"));
      await("a failed sync while Directus is down", Duration.ofSeconds(60),
          () -> get("/readyz").body().startsWith("not ready: the last sync failed"));
      assertThat(get("/readyz").statusCode()).isEqualTo(503);
      Thread.sleep(Math.max(0, TimeUnit.SECONDS.toMillis(60)
          - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed)));
      assertThat(serve.isAlive()).as("serve keeps running").isTrue();
      assertThat(get("/healthz").statusCode()).isEqualTo(200);
    } finally {
      servers("resume-directus");
    }
    await("ready again", Duration.ofSeconds(60), () -> get("/readyz").statusCode() == 200);
    await("the calendar's event in Directus", () -> directus.items().stream()
        .anyMatch(i -> "Typed while Directus was down".equals(i.get("title").getAsString())));
    assertConverged("after Directus was back", calendar);
    serve.destroy();
    assertThat(serve.waitFor(30, TimeUnit.SECONDS)).isTrue();
  }

  private static void servers(String command) throws Exception {
    Path script = Path.of("..").toAbsolutePath().normalize().resolve("scripts/test-servers.sh");
    Process p = new ProcessBuilder("bash", script.toString(), command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("test-servers.sh " + command).isTrue();
    assertThat(p.exitValue()).as("test-servers.sh " + command).isZero();
  }

  private double runs() {
    return get("/metrics").body().lines().filter(l -> l.startsWith("event_sync_runs_total{"))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
  }

  /** The status page in headless Chromium: what it shows, that markup stays text, a screenshot. */
  private void inTheBrowser() throws IOException {
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    Path profile = Files.createTempDirectory(work, "chromium");
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--user-data-dir=" + profile);
    // A phone's viewport (a desktop window in headless mode is at least 500 px wide).
    options.setExperimentalOption("mobileEmulation", Map.of("deviceMetrics",
        Map.of("width", 412, "height", 915, "pixelRatio", 2.0)));
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile()).usingAnyFreePort().build();
    WebDriver browser = new ChromeDriver(service, options);
    try {
      browser.get("http://127.0.0.1:" + port + "/");
      assertThat(browser.getTitle()).isEqualTo("event-sync");
      assertThat(browser.findElement(By.id("state")).getText()).startsWith("Ready");
      List<WebElement> rows = browser.findElements(By.cssSelector("#runs tbody tr"));
      assertThat(rows).hasSizeGreaterThanOrEqualTo(3);
      assertThat(browser.findElement(By.id("runs")).getText()).contains("start", "hook", "partial");
      assertThat(browser.findElement(By.id("awaiting")).getText())
          .as("Choir night, un-approved").startsWith("1 item not approved");
      assertThat(browser.findElement(By.id("moderate")).getAttribute("href"))
          .isEqualTo(SERVERS.directusUrl() + "/admin/content/" + collection);
      String problems = browser.findElement(By.id("problems")).getText();
      assertThat(problems).contains("<img src=x onerror=alert(1)> Gala");
      assertThat(browser.findElements(By.tagName("img"))).as("markup in a title stays text").isEmpty();
      assertThat(browser.findElements(By.tagName("script"))).isEmpty();
      List<?> widths = (List<?>) ((JavascriptExecutor) browser).executeScript(
          "return [window.innerWidth, document.documentElement.scrollWidth]");
      assertThat(widths.get(0)).as("the phone's viewport").isEqualTo(412L);
      assertThat((Long) widths.get(1)).as("no sideways scrolling of the page on a phone")
          .isLessThanOrEqualTo(412L);
      Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
      Path target = Path.of("target", "serve-status-page.png");
      Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
      assertThat(Files.size(target)).isPositive();
    } finally {
      browser.quit();
    }
  }

  private List<JsonObject> flows() {
    HttpResponse<String> r = Http.send("GET", SERVERS.directusUrl()
            + "/flows?fields=id,operations.id&filter[name][_eq]=event-sync:%20" + collection,
        Http.bearer(SERVERS.directusToken()), null, null);
    Http.expect(r, 200);
    JsonArray data = JsonParser.parseString(r.body()).getAsJsonObject().getAsJsonArray("data");
    return data.asList().stream().map(e -> e.getAsJsonObject()).toList();
  }

  private void breakTheOperation() {
    String operation = flows().get(0).getAsJsonArray("operations").get(0).getAsJsonObject()
        .get("id").getAsString();
    Http.expect(Http.send("PATCH", SERVERS.directusUrl() + "/operations/" + operation,
        Http.bearer(SERVERS.directusToken()),
        "{\"options\":{\"method\":\"POST\",\"url\":\"http://127.0.0.1:1/elsewhere\"}}",
        "application/json"), 200);
  }

  private void relaxStartDate() {
    Http.expect(Http.send("PATCH", SERVERS.directusUrl() + "/fields/" + collection + "/start_date",
        Http.bearer(SERVERS.directusToken()), "{\"meta\":{\"required\":false}}", "application/json"), 200);
  }

  private HttpResponse<String> get(String path) {
    return exchange(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build());
  }

  private HttpResponse<String> post(String path, String authorization, byte[] body) {
    return exchange(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Authorization", authorization)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
  }

  private HttpResponse<String> exchange(HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(request.uri() + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void await(String what, BooleanSupplier condition) throws Exception {
    await(what, PROMPT, condition);
  }

  private void await(String what, Duration within, BooleanSupplier condition) throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (condition.getAsBoolean()) {
          return;
        }
      } catch (IllegalStateException notYet) {
        // not listening yet
      }
      if (!serve.isAlive()) {
        throw new AssertionError("serve exited: " + Files.readString(work.resolve("out.log")));
      }
      Thread.sleep(100);
    }
    throw new AssertionError(what + ": not within " + within.toSeconds() + " s; serve printed:\n"
        + Files.readString(work.resolve("out.log")));
  }
}
