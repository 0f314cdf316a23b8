package org.eventsync.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.github.cdimascio.dotenv.Dotenv;
import io.github.cdimascio.dotenv.DotenvException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.LoggerFactory;

/**
 * Where a setting's value comes from, first found first: a pair's own settings (from the pairs
 * file), the environment, the {@code .env} file, and the original tool's
 * {@code config/directus.json} and {@code config/nextcloud.json}. The readers of the settings
 * ({@link ConfigLoader}, {@link ServeCommand}, {@link WorkerCommand}) each declare the names
 * they read; a key of {@code .env} that none declares is warned of.
 */
final class SettingSources {

  /** Read by the wrapper scripts (bin/event-sync, run-event-system.sh), which .env may hold. */
  static final Set<String> SCRIPTS = Set.of("EVENT_SYNC_LOGS", "EVENT_SYNC_JAVA_OPTS",
      "SYNC_INTERVAL", "CRON_SCHEDULE", "EVENT_SYNC_PIDFILE");

  /** Every setting a .env or a pair may hold. */
  static final Set<String> KNOWN = Stream.of(ConfigLoader.SETTINGS, ServeCommand.SETTINGS,
          WorkerCommand.SETTINGS, SCRIPTS)
      .flatMap(Set::stream).collect(Collectors.toUnmodifiableSet());

  /** Renames of the event fields: DIRECTUS_FIELD_ and the field's name in capitals. */
  static final String FIELD_PREFIX = "DIRECTUS_FIELD_";

  /** The JSON files and keys the original tool read, mapped to our variable names. */
  private static final Map<String, String[]> JSON_KEYS =
      Map.of(
          "DIRECTUS_API_URL", new String[] {"directus.json", "url"},
          "DIRECTUS_API_TOKEN", new String[] {"directus.json", "token"},
          "DIRECTUS_COLLECTION", new String[] {"directus.json", "collection"},
          "NEXTCLOUD_URL", new String[] {"nextcloud.json", "url"},
          "NEXTCLOUD_USERNAME", new String[] {"nextcloud.json", "username"},
          "NEXTCLOUD_PASSWORD", new String[] {"nextcloud.json", "password"},
          "NEXTCLOUD_CALENDAR_NAME", new String[] {"nextcloud.json", "calendar_name"});

  private final Map<String, String> environment;
  /** A pair's own settings, from the pairs file: before the environment. */
  private final Map<String, String> pair;
  private final Optional<Path> envFile;
  private final Optional<Path> configDir;
  /** The .env file's values, once read. */
  private Map<String, String> dotenv;
  /** The JSON files read so far, by name. */
  private final Map<String, JsonObject> json = new HashMap<>();

  SettingSources(Map<String, String> environment, Optional<Path> envFile,
      Optional<Path> configDir) {
    this.environment = environment;
    this.pair = Map.of();
    this.envFile = envFile;
    this.configDir = configDir;
  }

  private SettingSources(SettingSources shared, Map<String, String> pair) {
    this.environment = shared.environment;
    this.pair = pair;
    this.envFile = shared.envFile;
    this.configDir = shared.configDir;
    this.dotenv = shared.dotenv();
    this.json.putAll(shared.json);
  }

  /** These sources with a pair's own settings first; the files are not read again. */
  SettingSources withPair(Map<String, String> pairSettings) {
    return new SettingSources(this, pairSettings);
  }

  /** The value of {@code name}, stripped; empty when no source has it or it is blank. */
  Optional<String> find(String name) {
    String value = pair.get(name);
    if (value == null) {
      value = environment.get(name);
    }
    if (value == null) {
      value = dotenv().get(name);
    }
    if (value == null && JSON_KEYS.containsKey(name)) {
      String[] place = JSON_KEYS.get(name);
      JsonObject file = json.computeIfAbsent(place[0], this::readJson);
      JsonElement element = file.get(place[1]);
      value = element != null && element.isJsonPrimitive() ? element.getAsString() : null;
    }
    return Optional.ofNullable(value).map(String::strip).filter(v -> !v.isEmpty());
  }

  String required(String name) {
    return find(name).orElseThrow(() -> missing(name));
  }

  private static ConfigException missing(String name) {
    String where = JSON_KEYS.containsKey(name)
        ? " (or '" + JSON_KEYS.get(name)[1] + "' in config/" + JSON_KEYS.get(name)[0] + ")"
        : "";
    return new ConfigException(
        name + " is not set: set it in the environment or in .env" + where
            + "; .env.example lists every setting");
  }

  /** The .env file's values, read once, its unknown keys warned of then. */
  private Map<String, String> dotenv() {
    if (dotenv == null) {
      dotenv = readDotenv();
      dotenv.keySet().stream()
          .filter(k -> !KNOWN.contains(k) && !k.startsWith(FIELD_PREFIX))
          .sorted()
          .forEach(k -> LoggerFactory.getLogger("event-sync").warn(
              "Unknown setting {} in {} is ignored; .env.example lists every setting", k,
              envFile.orElseThrow()));
    }
    return dotenv;
  }

  private Map<String, String> readDotenv() {
    if (envFile.isEmpty() || !Files.isRegularFile(envFile.get())) {
      return Map.of();
    }
    Path file = envFile.get();
    warnIfOthersRead(file);
    try {
      Map<String, String> values = new HashMap<>();
      Dotenv.configure()
          .directory(file.toAbsolutePath().getParent().toString())
          .filename(file.getFileName().toString())
          .load()
          .entries(Dotenv.Filter.DECLARED_IN_ENV_FILE)
          .forEach(e -> values.put(e.getKey(), e.getValue()));
      return values;
    } catch (DotenvException e) {
      throw new ConfigException("cannot read " + file + ": " + e.getMessage());
    }
  }

  /** The file holds the passwords; group-readable is a choice (root:event-sync 640), world is not. */
  private static void warnIfOthersRead(Path file) {
    try {
      Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
      if (mode.contains(PosixFilePermission.OTHERS_READ)) {
        LoggerFactory.getLogger("event-sync").warn("{} can be read by every user of this machine"
            + " (mode {}), and it holds the passwords: chmod 600 {}", file,
            PosixFilePermissions.toString(mode), file);
      }
    } catch (UnsupportedOperationException | IOException notPosix) {
      // No POSIX modes to judge (another file system); reading the file says the rest.
    }
  }

  private JsonObject readJson(String name) {
    Optional<Path> file = configDir.map(dir -> dir.resolve(name)).filter(Files::isRegularFile);
    if (file.isEmpty()) {
      return new JsonObject();
    }
    try {
      JsonElement parsed =
          JsonParser.parseString(Files.readString(file.get(), StandardCharsets.UTF_8));
      if (!parsed.isJsonObject()) {
        throw new ConfigException(file.get() + " must hold a JSON object");
      }
      return parsed.getAsJsonObject();
    } catch (IOException | JsonParseException e) {
      throw new ConfigException(file.get() + " is not valid JSON: " + e.getMessage());
    }
  }
}
