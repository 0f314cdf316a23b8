package org.eventsync.cli;

import java.io.UncheckedIOException;
import java.net.URI;
import com.google.inject.Guice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.logging.log4j.LogManager;
import org.eventsync.core.sync.SyncListener;
import org.eventsync.core.sync.SyncPolicy;
import org.eventsync.directus.DirectusFlow;
import org.eventsync.directus.DirectusSchema;
import org.eventsync.http.HttpTransport;
import org.eventsync.serve.PairHooks;
import org.eventsync.serve.SyncServer;
import org.eventsync.text.OneLine;
import org.eventsync.worker.SyncWorker;
import org.eventsync.worker.WorkerSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** The {@code event-sync} command: parses flags, wires the modules, runs, exits with a code. */
@Command(
    name = "event-sync",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = {
      "Two-way sync between a Directus events collection and a Nextcloud (CalDAV) calendar.",
      "Approved Directus events are published in the calendar; events added in the calendar are"
          + " imported into Directus as not approved.",
      "Settings come from the environment, then .env, then config/directus.json and"
          + " config/nextcloud.json (see .env.example)."
    },
    subcommands = {Main.InitSchema.class, Main.InitFlow.class, Main.Serve.class, Main.Worker.class,
      Main.Status.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:unexpected internal error",
      "2:bad usage or configuration (the message names the setting)",
      "3:a server refused the credentials",
      "4:a server could not be reached or kept failing",
      "5:partial: some items could not be read or written",
      "6:refused: the mass-deletion guard, or another run holds the lock"
    })
public final class Main implements Callable<Integer> {

  /** The options every command shares. */
  static final class Common {
    @Option(names = {"-v", "--verbose"}, description = "Log details, and stack traces of failures.")
    boolean verbose;

    @Option(names = {"-q", "--quiet"}, description = "Print only warnings and errors on the console.")
    boolean quiet;

    @Option(names = "--env-file", paramLabel = "FILE", defaultValue = "${env:EVENT_SYNC_ENV_FILE}",
        description = "The .env file (default: EVENT_SYNC_ENV_FILE, else ./.env when it exists).")
    Optional<Path> envFile = Optional.empty();

    @Option(names = "--config", paramLabel = "DIR",
        description = "Folder with directus.json and nextcloud.json (default: ./config).")
    Path configDir = Path.of("config");

    private ConfigLoader loader;

    /** The settings, read once; logging is set up first, as it may warn of unknown settings. */
    Settings settings() {
      List<Settings> pairs = pairs(Optional.empty());
      if (pairs.size() > 1) {
        throw new ConfigException("this command takes one pair, and PAIRS_FILE names "
            + pairs.size() + "; for several pairs run event-sync worker");
      }
      return pairs.get(0);
    }

    /**
     * The settings of every pair: those of {@code PAIRS_FILE} (only {@code only}, when given),
     * or the one pair of .env when there is no pairs file.
     */
    List<Settings> pairs(Optional<String> only) {
      configureLogging(verbose, quiet, false);
      return pairsOf(loader(), only);
    }

    /** The loader of these options' files, one per command, so each file is read once. */
    ConfigLoader loader() {
      if (loader == null) {
        // ./.env is optional (settings may all come from the environment); a file named by
        // --env-file or EVENT_SYNC_ENV_FILE is not, or a typo would run on other settings.
        envFile.filter(file -> !Files.isRegularFile(file)).ifPresent(file -> {
          throw new ConfigException("the settings file " + file + " does not exist (named by"
              + " --env-file or EVENT_SYNC_ENV_FILE); create it from .env.example");
        });
        loader = new ConfigLoader(System.getenv(), envFile.orElse(Path.of(".env")), configDir);
      }
      return loader;
    }
  }

  @Mixin Common common = new Common();

  @Option(names = "--sync-once", description = "Sync once and exit (the default).")
  boolean syncOnce;

  @Option(
      names = "--schedule",
      arity = "0..1",
      fallbackValue = "PT1H",
      paramLabel = "INTERVAL",
      description = "Keep running: sync now and then every INTERVAL (ISO-8601; default PT1H, hourly).")
  String schedule;

  @Option(names = "--clean", description = "Remove calendar events that have no counterpart in Directus.")
  boolean clean;

  @Option(names = "--dry-run", description = "Print the plan; write nothing.")
  boolean dryRun;

  @Option(names = "--force", description = "Allow a run that removes more than MAX_DELETE_SHARE of the calendar.")
  boolean force;

  @Option(names = "--json", description = "Print a JSON summary of each run on standard output.")
  boolean json;

  @Option(names = "--pair", paramLabel = "NAME",
      description = "With PAIRS_FILE: sync only the pair called NAME (default: every pair in turn).")
  Optional<String> pair = Optional.empty();

  /** The pairs' settings; a mistake in any is reported before any runs. */
  static List<Settings> pairsOf(ConfigLoader loader, Optional<String> only) {
    Optional<List<ConfigLoader>> pairs = loader.pairs();
    if (pairs.isEmpty()) {
      if (only.isPresent()) {
        throw new ConfigException("--pair needs PAIRS_FILE, the file that names the pairs");
      }
      return loader.loadAll();
    }
    List<String> mistakes = new ArrayList<>();
    List<Settings> all = new ArrayList<>();
    for (ConfigLoader pairLoader : pairs.get()) {
      try {
        all.addAll(pairLoader.loadAll());
      } catch (ConfigException e) {
        mistakes.add(e.getMessage());
      }
    }
    if (!mistakes.isEmpty()) {
      throw new ConfigException(String.join(System.lineSeparator(), mistakes));
    }
    if (only.isPresent()) {
      all = all.stream().filter(p -> p.pairName().equals(only.get())).toList();
      if (all.isEmpty()) {
        throw new ConfigException("--pair " + only.get() + ": PAIRS_FILE names no such pair");
      }
    }
    return all;
  }

  public static void main(String[] args) {
    int code;
    try {
      code = commandLine().execute(args);
    } catch (OutOfMemoryError e) {
      // An Error is not the handler's to report; this one is the machine's size, said in one line.
      log().error("Out of memory: the Java heap ({} MB) is too small for this run; give it more"
          + " with EVENT_SYNC_JAVA_OPTS=-Xmx… (docs/performance.md). The state the last complete"
          + " run saved is kept", Runtime.getRuntime().maxMemory() >> 20);
      code = ExitCode.INTERNAL.code;
    }
    LogManager.shutdown();
    System.exit(code);
  }

  static CommandLine commandLine() {
    return new CommandLine(new Main())
        .setExecutionExceptionHandler(
            (e, cmd, parsed) -> {
              boolean verbose = parsed.hasMatchedOption("--verbose") || parsed.hasMatchedOption("-v");
              return Failures.report(e, verbose).code;
            });
  }

  @Override
  public Integer call() throws InterruptedException {
    if (schedule != null && dryRun) {
      throw new ConfigException("--dry-run and --schedule do not go together");
    }
    if (syncOnce && schedule != null) {
      throw new ConfigException("--sync-once and --schedule do not go together");
    }
    Duration interval = schedule == null ? null : interval(schedule);
    boolean terminal = System.console() != null && !json;
    configureLogging(common.verbose, common.quiet, terminal);
    List<Settings> pairs = pairsOf(common.loader(), pair);
    if (interval != null && pairs.size() > 1) {
      throw new ConfigException("--schedule runs one pair; for the pairs of PAIRS_FILE run"
          + " event-sync from cron or a timer, or run event-sync worker");
    }
    SyncApp.Output output = new SyncApp.Output(json, System.out);
    AtomicReference<SyncApp> running = new AtomicReference<>();
    AtomicBoolean stopping = new AtomicBoolean();
    CountDownLatch finished = stopOnSignal(() -> {
      stopping.set(true);
      Optional.ofNullable(running.get()).ifPresent(SyncApp::requestStop);
    });
    try (StateDatabase database = StateDatabase.of(pairs)) {
      ExitCode result = ExitCode.OK;
      for (Settings settings : pairs) {
        if (stopping.get()) {
          break;
        }
        SyncPolicy policy = settings.policy().withClean(clean).withForce(force);
        SyncListener listener = SyncApp.listener(terminal && !common.quiet);
        SyncApp app = Guice.createInjector(
                new SyncModule(settings, policy, listener, database))
            .getInstance(SyncApp.class);
        running.set(app);
        if (stopping.get()) {
          app.requestStop();
        }
        log().debug("Settings: {}", settings);
        if (pairs.size() > 1) {
          log().info("Pair {}:", settings.stateKey());
        }
        ExitCode code =
            interval == null ? app.once(dryRun, output) : app.schedule(interval, output);
        result = ExitCode.worse(result, code);
      }
      return result.code;
    } finally {
      finished.countDown();
    }
  }

  /** SERVE_ADDRESS could not be bound: what to do, for serve and for a worker alike. */
  private static ConfigException addressTaken(UncheckedIOException e) {
    return new ConfigException("SERVE_ADDRESS: " + e.getCause().getMessage()
        + "; stop what listens there or choose another address");
  }

  /**
   * On SIGTERM/SIGINT: runs {@code stop} (the current item finishes and the state is saved), then
   * lets the JVM exit once the returned latch is counted down, or after 30 seconds.
   */
  private static CountDownLatch stopOnSignal(Runnable stop) {
    CountDownLatch finished = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      stop.run();
      try {
        finished.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "graceful-shutdown"));
    return finished;
  }

  private static Duration interval(String text) {
    try {
      Duration d = Duration.parse(text);
      if (d.toSeconds() < 60) {
        throw new ConfigException("--schedule must be at least one minute (PT1M): " + text);
      }
      return d;
    } catch (DateTimeParseException e) {
      throw new ConfigException(
          "--schedule takes an ISO-8601 duration such as PT1H or PT15M, not '" + text + "'");
    }
  }

  /**
   * Sets the console's levels before Log4j reads its configuration (log4j2.xml looks these
   * properties up). On a terminal the per-action lines go only to logs/sync.log, and a progress
   * line shows instead.
   */
  static void configureLogging(boolean verbose, boolean quiet, boolean terminal) {
    System.setProperty("event-sync.level", verbose ? "debug" : "info");
    System.setProperty("event-sync.console", quiet ? "warn" : verbose ? "debug" : "info");
    System.setProperty(
        "event-sync.console.actions", quiet || (terminal && !verbose) ? "warn" : "info");
  }

  private static Logger log() {
    return LoggerFactory.getLogger("event-sync");
  }

  /** Creates the Directus collection and any missing fields, or checks an existing one. */
  @Command(name = "init-schema", mixinStandardHelpOptions = true,
      description = "Create the Directus collection and any missing fields; check existing ones.")
  static final class InitSchema implements Callable<Integer> {
    @Mixin Common common = new Common();

    @Option(names = "--pair", paramLabel = "NAME",
        description = "With PAIRS_FILE: only the pair called NAME (default: every pair).")
    Optional<String> pair = Optional.empty();

    @Override
    public Integer call() throws Exception {
      boolean ready = true;
      for (Settings s : common.pairs(pair)) {
        try (HttpTransport http = new HttpTransport(s.http())) {
          DirectusSchema schema = new DirectusSchema(http, s.directus(), s.fields());
          boolean pairReady = told(schema.ensure(), s.directusCollection());
          if (pairReady && s.proposing().isPresent()) {
            pairReady = told(schema.ensureProposals(s.proposing().get()),
                s.proposing().get().name());
          }
          ready &= pairReady;
        }
      }
      return ready ? ExitCode.OK.code : ExitCode.CONFIGURATION.code;
    }

    /** Says what was made of {@code collection}; whether it is ready. */
    private static boolean told(DirectusSchema.Result result, String collection) {
      if (result.collectionCreated()) {
        log().info("Created the collection '{}'", collection);
      }
      if (!result.fieldsCreated().isEmpty()) {
        log().info("Created the fields {} of '{}'", result.fieldsCreated(), collection);
      }
      result.problems().forEach(p -> log().error("Schema: {}", p));
      if (result.problems().isEmpty()) {
        log().info("The collection '{}' is ready", collection);
        return true;
      }
      return false;
    }
  }

  /** Runs until stopped: syncs on hook calls and polls, and serves probes, metrics and a page. */
  @Command(name = "serve", mixinStandardHelpOptions = true,
      description = {"Keep running: sync when Directus or the calendar calls a hook, poll both"
          + " sides every POLL_INTERVAL, list both fully every RECONCILE_INTERVAL.",
          "Listens on SERVE_ADDRESS (default 127.0.0.1:8787): POST /hooks/directus,"
              + " POST /hooks/calendar, GET /healthz, /readyz, /metrics and / (a status page)."})
  static final class Serve implements Callable<Integer> {
    @Mixin Common common = new Common();

    @Override
    public Integer call() throws InterruptedException {
      Settings settings = common.settings();
      ConfigLoader.Serve serve = common.loader().serve(settings);
      log().debug("Settings: {}; {}", settings, serve.server());
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
      CountDownLatch finished = stopOnSignal(() -> {
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
        log().info("Stopped serving");
        return ExitCode.OK.code;
      } finally {
        finished.countDown();
      }
    }
  }

  /** Takes part in a cluster of workers that run the pairs on the shared PostgreSQL. */
  @Command(name = "worker", mixinStandardHelpOptions = true,
      description = {"Keep running as one worker of a cluster: the pairs (PAIRS_FILE, or the one"
          + " pair of .env) are tasks of db-scheduler in the state database, each run by one"
          + " worker at a time, every POLL_INTERVAL of its own.",
          "Needs STATE_DATABASE_URL; start as many workers as you like (docs/scaling.md)."})
  static final class Worker implements Callable<Integer> {
    @Mixin Common common = new Common();

    @Override
    public Integer call() throws InterruptedException {
      List<Settings> pairs = common.pairs(Optional.empty());
      if (pairs.get(0).stateDatabase().isEmpty()) {
        throw new ConfigException("event-sync worker keeps the state and the schedule in"
            + " PostgreSQL: set STATE_DATABASE_URL, STATE_DATABASE_USER and"
            + " STATE_DATABASE_PASSWORD (docs/scaling.md)");
      }
      ConfigLoader.Worker cluster = common.loader().worker();
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
        throw addressTaken(e);
      }
      CountDownLatch stopped = new CountDownLatch(1);
      CountDownLatch finished = stopOnSignal(() -> {
        hooks.ifPresent(PairHooks::close);
        running.forEach(SyncApp::requestStop);
        worker.close();
        database.close();
        stopped.countDown();
      });
      try {
        stopped.await();
        log().info("Worker {} stopped", name);
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
        } catch (java.io.IOException e) {
          log().debug("Closing the connections of {}: {}", route.stateKey(), e.getMessage());
        }
      }
    }

    /** This process's name among the workers: the host and the process id. */
    private static String workerName() {
      String host;
      try {
        host = java.net.InetAddress.getLocalHost().getHostName();
      } catch (java.io.IOException e) {
        host = "worker";
      }
      return host + "-" + ProcessHandle.current().pid();
    }
  }

  /** Creates, or checks and repairs, the Directus Flow that calls {@code serve}'s hook. */
  @Command(name = "init-flow", mixinStandardHelpOptions = true,
      description = {"Create the Directus Flow that calls serve's hook on every change of the"
          + " collection, or check it and put back what differs.",
          "The Flow calls SERVE_PUBLIC_URL/hooks/directus with SERVE_WEBHOOK_SECRET."})
  static final class InitFlow implements Callable<Integer> {
    @Mixin Common common = new Common();

    @Option(names = "--dry-run", description = "Say what would be created or changed; change nothing.")
    boolean dryRun;

    @Option(names = "--pair", paramLabel = "NAME",
        description = "With PAIRS_FILE: the Flow of the pair called NAME, calling a worker's hook"
            + " SERVE_PUBLIC_URL/hooks/directus/NAME.")
    Optional<String> pair = Optional.empty();

    @Override
    public Integer call() throws Exception {
      boolean pairs = common.loader().pairs().isPresent();
      if (pairs && pair.isEmpty()) {
        throw new ConfigException("with PAIRS_FILE, init-flow needs --pair NAME: the Flow calls"
            + " that pair's hook on the workers");
      }
      Settings s = pairs ? common.pairs(pair).get(0) : common.settings();
      ConfigLoader.Serve serve = common.loader().serve(s);
      URI hook = pairs ? URI.create(serve.directusHook() + "/" + s.pairName())
          : serve.directusHook();
      String secret = serve.server().hookSecret().orElseThrow(() -> new ConfigException(
          "SERVE_WEBHOOK_SECRET is not set: the Flow sends it so that serve can tell Directus's"
              + " calls; make one with: openssl rand -hex 32"));
      try (HttpTransport http = new HttpTransport(s.http())) {
        DirectusFlow flow = new DirectusFlow(http, s.directus(), s.proposing(), hook, secret);
        DirectusFlow.Result result = flow.ensure(dryRun);
        if (result.changes().isEmpty()) {
          log().info("The Flow '{}' is in place, calling {}", flow.name(), hook);
        }
        result.changes().forEach(c -> log().info("{}{}", dryRun ? "Would " : "Done: ", c));
        return ExitCode.OK.code;
      }
    }
  }

  /** Says what the last run did, from the state folder's files; builds no adapter. */
  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "Show what the last run did and how many events are being tracked.")
  static final class Status implements Callable<Integer> {
    @Mixin Common common = new Common();

    @Option(names = "--json", description = "Print the last run's summary as JSON.")
    boolean json;

    @Option(names = "--pair", paramLabel = "NAME",
        description = "With PAIRS_FILE: only the pair called NAME (default: every pair).")
    Optional<String> pair = Optional.empty();

    @Override
    public Integer call() {
      List<Settings> pairs = common.pairs(pair);
      try (StateDatabase database = StateDatabase.of(pairs)) {
        for (Settings s : pairs) {
          if (pairs.size() > 1 || !json) {
            show(s, database, pairs.size() > 1);
          } else {
            System.out.println(RunSummary.load(RunSummary.file(s.stateDir()))
                .map(RunSummary::toJson).orElse("null"));
          }
        }
      }
      return ExitCode.OK.code;
    }

    private void show(Settings s, StateDatabase database, boolean named) {
      if (named) {
        System.out.println((json ? "" : "Pair ") + s.stateKey() + (json ? "" : ":"));
      }
      Optional<RunSummary> last = RunSummary.load(RunSummary.file(s.stateDir()));
      if (json) {
        System.out.println(last.map(RunSummary::toJson).orElse("null"));
        return;
      }
      if (last.isEmpty()) {
        System.out.println("No run yet (state folder " + s.stateDir() + ")");
        return;
      }
      RunSummary r = last.get();
      System.out.printf("Last run: %s, %s (exit code %d), took %s%n", r.finished(), r.outcome(),
          r.exitCode(), SyncApp.human(Duration.ofMillis(r.durationMillis())));
      r.counts().forEach((k, v) -> System.out.printf("  %-16s %d%n", k, v));
      r.failed().forEach(f -> System.out.println("  failed: " + OneLine.of(f)));
      r.unreadable().forEach(f -> System.out.println("  unreadable: " + OneLine.of(f)));
      r.leftAlone().forEach(f -> System.out.println("  left alone: " + OneLine.of(f)));
      System.out.printf("Events tracked in the state: %d%n",
          database.storeOf(s).load().records().size());
    }
  }

  /** Reads the version from the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"event-sync " + (v == null ? "(development build)" : v)};
    }
  }
}
