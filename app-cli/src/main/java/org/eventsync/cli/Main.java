package org.eventsync.cli;

import com.google.inject.Guice;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.eventsync.core.sync.SyncPolicy;
import org.eventsync.directus.DirectusSchema;
import org.eventsync.directus.DirectusSettings;
import org.eventsync.http.HttpTransport;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code event-sync} command. */
@Command(
    name = "event-sync",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = {
      "Two-way sync between a Directus events collection and a Nextcloud (CalDAV) calendar.",
      "Approved Directus events are published in the calendar; events added in the calendar are"
          + " imported into Directus as not approved.",
    },
    subcommands = {Main.InitSchema.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:unexpected internal error",
      "2:bad usage or configuration (the message names the setting)",
      "3:a server refused the credentials",
      "4:a server could not be reached or kept failing",
      "5:partial: some items could not be read or written",
      "6:refused: the mass-deletion guard stopped the run"
    })
public final class Main implements Callable<Integer> {

  @Option(names = "--sync-once", description = "Sync once and exit (the default).")
  boolean syncOnce;

  @Option(
      names = "--schedule",
      arity = "0..1",
      fallbackValue = "PT1H",
      paramLabel = "INTERVAL",
      description = "Keep running and sync every INTERVAL (ISO-8601, default PT1H = hourly).")
  String schedule;

  @Option(names = "--clean", description = "Remove calendar events that have no counterpart in Directus.")
  boolean clean;

  @Option(names = "--dry-run", description = "Print the plan; write nothing.")
  boolean dryRun;

  @Option(names = "--force", description = "Allow a run that removes more than half of the calendar.")
  boolean force;

  @Option(names = {"-v", "--verbose"}, description = "Log details, and stack traces of failures.")
  boolean verbose;

  @Option(names = {"-q", "--quiet"}, description = "Log only warnings and errors to the console.")
  boolean quiet;

  @Option(names = "--env-file", paramLabel = "FILE", description = "The .env file (default: ./.env).")
  Path envFile = Path.of(".env");

  @Option(names = "--config", paramLabel = "DIR", description = "Folder with directus.json and nextcloud.json (default: ./config).")
  Path configDir = Path.of("config");

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    return new CommandLine(new Main())
        .setExecutionExceptionHandler(
            (e, cmd, parsed) -> {
              Object command = cmd.getCommand();
              boolean verbose = command instanceof Main m && m.verbose;
              return Failures.report(e, verbose).code;
            });
  }

  @Override
  public Integer call() throws InterruptedException {
    configureLogging();
    Settings settings = new ConfigLoader(System.getenv(), envFile, configDir).load();
    if (schedule != null && dryRun) {
      throw new ConfigException("--dry-run and --schedule do not go together");
    }
    Duration interval = schedule == null ? null : interval(schedule);
    SyncApp app = Guice.createInjector(new SyncModule(settings)).getInstance(SyncApp.class);
    // On SIGTERM/SIGINT: ask the run to stop after the current item, and give it time to save.
    CountDownLatch finished = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  app.requestStop();
                  try {
                    finished.await(30, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                },
                "graceful-shutdown"));
    SyncPolicy policy = settings.policy().withClean(clean).withForce(force);
    LoggerFactory.getLogger("event-sync").debug("Settings: {}", settings);
    try {
      ExitCode result =
          interval == null ? app.once(policy, dryRun) : app.schedule(policy, interval);
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

  void configureLogging() {
    if (verbose) {
      Configurator.setLevel("event-sync", Level.DEBUG);
      Configurator.setLevel("org.eventsync", Level.DEBUG);
    }
    if (quiet) {
      Configurator.setLevel("event-sync", Level.WARN);
    }
  }

  /** Creates the Directus collection and its fields, or checks an existing one. */
  @Command(name = "init-schema", mixinStandardHelpOptions = true,
      description = "Create the Directus collection and any missing fields; check existing ones.")
  static final class InitSchema implements Callable<Integer> {
    @CommandLine.ParentCommand Main parent;

    @Override
    public Integer call() throws Exception {
      parent.configureLogging();
      Settings s = new ConfigLoader(System.getenv(), parent.envFile, parent.configDir).load();
      var log = LoggerFactory.getLogger("event-sync");
      try (HttpTransport http = new HttpTransport(org.eventsync.http.HttpSettings.defaults())) {
        DirectusSchema.Result result =
            new DirectusSchema(
                    http,
                    new DirectusSettings(s.directusUrl(), s.directusToken(), s.directusCollection(), s.zone()),
                    s.fields())
                .ensure();
        if (result.collectionCreated()) {
          log.info("Created the collection '{}'", s.directusCollection());
        }
        if (!result.fieldsCreated().isEmpty()) {
          log.info("Created the fields {}", result.fieldsCreated());
        }
        result.problems().forEach(p -> log.error("Schema: {}", p));
        if (result.problems().isEmpty()) {
          log.info("The collection '{}' is ready", s.directusCollection());
          return ExitCode.OK.code;
        }
        return ExitCode.CONFIGURATION.code;
      }
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
