package org.eventsync.cli;

import com.google.inject.Guice;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.eventsync.http.HttpTransport;
import org.eventsync.serve.ServeSettings;
import org.eventsync.serve.SyncServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Runs until stopped: syncs on hook calls and polls, and serves probes, metrics and a page. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {"Keep running: sync when Directus or the calendar calls a hook, poll both"
        + " sides every POLL_INTERVAL, list both fully every RECONCILE_INTERVAL.",
        "Listens on SERVE_ADDRESS (default 127.0.0.1:8787): POST /hooks/directus,"
            + " POST /hooks/calendar, GET /healthz, /readyz, /metrics and / (a status page)."})
final class ServeCommand implements Callable<Integer> {

  /** The settings of serve, read only by serve, init-flow and a worker's hooks. */
  static final Set<String> SETTINGS = Set.of("SERVE_ADDRESS", "SERVE_WEBHOOK_SECRET",
      "SERVE_PUBLIC_URL", "RECONCILE_INTERVAL");
  /** Where serve listens unless told otherwise: this machine only. */
  static final String DEFAULT_ADDRESS = "127.0.0.1:8787";
  /** A burst of hook calls starts one run once they have paused this long. */
  static final Duration HOOK_QUIET = Duration.ofMillis(500);

  @Mixin CommonOptions common = new CommonOptions();

  @Override
  public Integer call() throws InterruptedException {
    Settings settings = common.settings();
    Config serve = config(common.loader().sources(), settings);
    Main.log().debug("Settings: {}; {}", settings, serve.server());
    StateDatabase database = StateDatabase.of(List.of(settings));
    var injector = Guice.createInjector(new SyncModule(settings, settings.policy(),
        SyncApp.listener(false), database));
    SyncApp app = injector.getInstance(SyncApp.class);
    SyncServer server;
    try {
      server = SyncServer.start(serve.server(),
          new ServeRuns(app, injector.getInstance(HttpTransport.class), settings));
    } catch (UncheckedIOException e) {
      throw addressTaken(e);
    }
    CountDownLatch stopped = new CountDownLatch(1);
    CountDownLatch finished = Signals.stopOnSignal(() -> {
      app.requestStop();
      try {
        server.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      database.close();
      stopped.countDown();
    });
    try {
      stopped.await();
      Main.log().info("Stopped serving");
      return ExitCode.OK.code;
    } finally {
      finished.countDown();
    }
  }

  /** What {@code serve} needs, and the address Directus calls it at ({@code SERVE_PUBLIC_URL}). */
  record Config(ServeSettings server, URI publicUrl) {
    /** The hook a Directus Flow calls. */
    URI directusHook() {
      String base = publicUrl.toString().replaceAll("/+$", "");
      return URI.create(base + "/hooks/directus");
    }
  }

  /** The settings of {@code serve} and {@code init-flow} for the pair of {@code settings}. */
  static Config config(SettingSources get, Settings settings) {
    String addressText = get.find("SERVE_ADDRESS").orElse(DEFAULT_ADDRESS);
    InetSocketAddress address = address(addressText);
    Optional<String> secret = webhookSecret(get);
    Duration poll = settings.pollInterval();
    Duration reconcile =
        SettingValues.duration(get, "RECONCILE_INTERVAL", Duration.ofHours(1));
    URI publicUrl = get.find("SERVE_PUBLIC_URL").isPresent()
        ? SettingValues.url(get, "SERVE_PUBLIC_URL")
        : URI.create("http://" + addressText);
    URI moderation = settings.directusUrl().resolve(
        "/admin/content/" + URLEncoder.encode(settings.directusCollection(), StandardCharsets.UTF_8));
    return new Config(new ServeSettings(address, secret, poll, reconcile, HOOK_QUIET,
        Optional.of(moderation)), publicUrl);
  }

  /** SERVE_WEBHOOK_SECRET, checked as every hook's secret is (serve's and a worker's). */
  static Optional<String> webhookSecret(SettingSources get) {
    try {
      return ServeSettings.checkedSecret(get.find("SERVE_WEBHOOK_SECRET"));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("SERVE_WEBHOOK_SECRET: " + e.getMessage()
          + "; make one with: openssl rand -hex 32");
    }
  }

  /** SERVE_ADDRESS, HOST:PORT. */
  static InetSocketAddress address(String text) {
    int colon = text.lastIndexOf(':');
    try {
      if (colon <= 0) {
        throw new NumberFormatException();
      }
      String host = text.substring(0, colon).replace("[", "").replace("]", "");
      int port = Integer.parseInt(text.substring(colon + 1));
      if (port < 0 || port > 65535 || host.isEmpty()) {
        throw new NumberFormatException();
      }
      return InetSocketAddress.createUnresolved(host, port);
    } catch (NumberFormatException e) {
      throw new ConfigException("SERVE_ADDRESS must be HOST:PORT such as " + DEFAULT_ADDRESS
          + ", not '" + text + "'");
    }
  }

  /** SERVE_ADDRESS could not be bound: what to do, for serve and for a worker alike. */
  static ConfigException addressTaken(UncheckedIOException e) {
    return new ConfigException("SERVE_ADDRESS: " + e.getCause().getMessage()
        + "; stop what listens there or choose another address");
  }
}
