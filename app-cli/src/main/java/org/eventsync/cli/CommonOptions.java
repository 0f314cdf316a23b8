package org.eventsync.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The options every command shares, and the settings they lead to. */
final class CommonOptions {
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
}
