package org.eventsync.cli;

import com.google.inject.Guice;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.logging.log4j.LogManager;
import org.eventsync.core.sync.SyncListener;
import org.eventsync.core.sync.SyncPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The {@code event-sync} command, which syncs once or on a schedule: parses flags, wires the
 * modules, runs, exits with a code. Each other command is a class of its own.
 */
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
    subcommands = {InitSchemaCommand.class, InitFlowCommand.class, ServeCommand.class,
      WorkerCommand.class, StatusCommand.class},
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

  @Mixin CommonOptions common = new CommonOptions();

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
    CommonOptions.configureLogging(common.verbose, common.quiet, terminal);
    List<Settings> pairs = CommonOptions.pairsOf(common.loader(), pair);
    if (interval != null && pairs.size() > 1) {
      throw new ConfigException("--schedule runs one pair; for the pairs of PAIRS_FILE run"
          + " event-sync from cron or a timer, or run event-sync worker");
    }
    SyncApp.Output output = new SyncApp.Output(json, System.out);
    AtomicReference<SyncApp> running = new AtomicReference<>();
    AtomicBoolean stopping = new AtomicBoolean();
    CountDownLatch finished = Signals.stopOnSignal(() -> {
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

  /** The one logger of the commands' own lines; looked up when used, after the levels are set. */
  static Logger log() {
    return LoggerFactory.getLogger("event-sync");
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
