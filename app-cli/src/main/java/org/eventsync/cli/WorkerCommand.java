package org.eventsync.cli;

import com.google.inject.Guice;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.eventsync.http.HttpTransport;
import org.eventsync.serve.PairHooks;
import org.eventsync.worker.SyncWorker;
import org.eventsync.worker.WorkerSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Takes part in a cluster of workers that run the pairs on the shared PostgreSQL. */
@Command(name = "worker", mixinStandardHelpOptions = true,
    description = {"Keep running as one worker of a cluster: the pairs (PAIRS_FILE, or the one"
        + " pair of .env) are tasks of db-scheduler in the state database, each run by one"
        + " worker at a time, every POLL_INTERVAL of its own.",
        "Needs STATE_DATABASE_URL; start as many workers as you like (docs/scaling.md)."})
final class WorkerCommand implements Callable<Integer> {

  /** How this process takes part in the cluster (its hooks take serve's address and secret). */
  static final Set<String> SETTINGS = Set.of("WORKER_THREADS", "WORKER_HOST_BUDGET",
      "WORKER_HEARTBEAT", "WORKER_START_SPREAD");
  /** Pairs one worker process syncs at once. */
  static final int DEFAULT_THREADS = 4;
  /** Pairs that talk to one calendar host at once, across the cluster. */
  static final int DEFAULT_HOST_BUDGET = 4;

  @Mixin CommonOptions common = new CommonOptions();

  /**
   * How a worker takes part, and where it listens for the pairs' hooks (only when SERVE_ADDRESS
   * is set: several workers may share a machine).
   */
  record Cluster(int threads, int hostBudget, Duration heartbeat, Duration startSpread,
      Optional<InetSocketAddress> hooks, Optional<String> secret) {}

  static Cluster cluster(SettingSources get) {
    return new Cluster(SettingValues.count(get, "WORKER_THREADS", DEFAULT_THREADS, 64),
        SettingValues.count(get, "WORKER_HOST_BUDGET", DEFAULT_HOST_BUDGET, 1000),
        SettingValues.duration(get, "WORKER_HEARTBEAT", Duration.ofSeconds(5)),
        SettingValues.duration(get, "WORKER_START_SPREAD", Duration.ofMinutes(1)),
        get.find("SERVE_ADDRESS").map(ServeCommand::address),
        ServeCommand.webhookSecret(get));
  }

  @Override
  public Integer call() throws InterruptedException {
    List<Settings> pairs = common.pairs(Optional.empty());
    if (pairs.get(0).stateDatabase().isEmpty()) {
      throw new ConfigException("event-sync worker keeps the state and the schedule in"
          + " PostgreSQL: set STATE_DATABASE_URL, STATE_DATABASE_USER and"
          + " STATE_DATABASE_PASSWORD (docs/scaling.md)");
    }
    Cluster cluster = cluster(common.loader().sources());
    String name = workerName();
    StateDatabase database = StateDatabase.of(pairs);
    Set<SyncApp> running = ConcurrentHashMap.newKeySet();
    // A pair with routes is one task: its calendars are synced one after the other in one run,
    // so an item that changes route is never in both calendars (or neither) past that run.
    Map<String, List<Settings>> routes = new LinkedHashMap<>();
    pairs.forEach(p -> routes.computeIfAbsent(p.pairName(), n -> new ArrayList<>()).add(p));
    SyncApp.Output output = new SyncApp.Output(false, System.out);
    SyncWorker worker = SyncWorker.start(database.dataSource().orElseThrow(),
        new WorkerSettings(name, cluster.threads(), routes.values().stream()
            .map(r -> r.get(0))
            .map(p -> new WorkerSettings.Pair(p.pairName(), p.pollInterval(),
                p.calendarHome().getHost()
                + (p.calendarHome().getPort() < 0 ? "" : ":" + p.calendarHome().getPort())))
            .toList(), cluster.hostBudget(), cluster.heartbeat(), cluster.startSpread()),
        pair -> {
          ExitCode worst = ExitCode.OK;
          for (Settings route : routes.get(pair)) {
            worst = ExitCode.worse(worst, once(route, database, running, output));
          }
          return worst.name().toLowerCase(Locale.ROOT);
        });
    Optional<PairHooks> hooks;
    try {
      hooks = cluster.hooks().map(address -> PairHooks.start(address, cluster.secret(), pair -> {
        if (!routes.containsKey(pair)) {
          return false;
        }
        worker.trigger(pair);
        return true;
      }, database::unreachable));
    } catch (UncheckedIOException e) {
      worker.close();
      throw ServeCommand.addressTaken(e);
    }
    CountDownLatch stopped = new CountDownLatch(1);
    CountDownLatch finished = Signals.stopOnSignal(() -> {
      hooks.ifPresent(PairHooks::close);
      running.forEach(SyncApp::requestStop);
      worker.close();
      database.close();
      stopped.countDown();
    });
    try {
      stopped.await();
      Main.log().info("Worker {} stopped", name);
      return ExitCode.OK.code;
    } finally {
      finished.countDown();
    }
  }

  /**
   * One run of one calendar, wired afresh and let go after: a worker of a thousand pairs keeps
   * no connections, caches or events of the pairs it is not running.
   */
  private static ExitCode once(Settings route, StateDatabase database, Set<SyncApp> running,
      SyncApp.Output output) {
    var injector = Guice.createInjector(
        new SyncModule(route, route.policy(), SyncApp.listener(false), database));
    SyncApp app = injector.getInstance(SyncApp.class);
    running.add(app);
    try {
      return app.once(false, output);
    } finally {
      running.remove(app);
      try {
        injector.getInstance(HttpTransport.class).close();
      } catch (IOException e) {
        Main.log().debug("Closing the connections of {}: {}", route.stateKey(), e.getMessage());
      }
    }
  }

  /** This process's name among the workers: the host and the process id. */
  private static String workerName() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      host = "worker";
    }
    return host + "-" + ProcessHandle.current().pid();
  }
}
