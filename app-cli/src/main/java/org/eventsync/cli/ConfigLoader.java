package org.eventsync.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.github.cdimascio.dotenv.Dotenv;
import io.github.cdimascio.dotenv.DotenvException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eventsync.caldav.CalendarPaths;
import org.eventsync.core.EventFields;
import org.eventsync.core.sync.RoutedSource;
import org.eventsync.core.sync.SyncPolicy;
import org.eventsync.directus.DirectusFields;
import org.eventsync.directus.DirectusSettings;
import org.eventsync.directus.ProposalsCollection;
import org.eventsync.postgres.PostgresSettings;
import org.eventsync.serve.ServeSettings;
import org.slf4j.LoggerFactory;

/**
 * Resolves settings from, in order of precedence: the environment, a {@code .env} file, and the
 * original tool's {@code config/directus.json} and {@code config/nextcloud.json}; then defaults.
 */
final class ConfigLoader {

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
  /** The pair's name, when the settings are a pair of the pairs file. */
  private final Optional<String> pairName;
  private final Path envFile;
  private final Path configDir;
  /** The .env file's values, once read. */
  private Map<String, String> dotenv;
  /** The JSON files read so far, by name. */
  private final Map<String, JsonObject> json = new HashMap<>();

  ConfigLoader(Map<String, String> environment, Path envFile, Path configDir) {
    this(environment, Optional.of(envFile), Optional.of(configDir));
  }

  private ConfigLoader(Map<String, String> environment, Optional<Path> envFile,
      Optional<Path> configDir) {
    this.environment = environment;
    this.pair = Map.of();
    this.pairName = Optional.empty();
    this.envFile = envFile.orElse(null);
    this.configDir = configDir.orElse(null);
  }

  private ConfigLoader(ConfigLoader shared, PairsFile.Pair pair) {
    this.environment = shared.environment;
    this.pair = pair.settings();
    this.pairName = Optional.of(pair.name());
    this.envFile = shared.envFile;
    this.configDir = shared.configDir;
    this.dotenv = shared.lookupValues();
    this.json.putAll(shared.json);
  }

  /**
   * The pairs of {@code PAIRS_FILE}, each a loader of its own settings (the pair's, then the
   * file's defaults, then as without a file); empty when no pairs file is set.
   */
  Optional<List<ConfigLoader>> pairs() {
    Lookup get = lookup();
    return get.find("PAIRS_FILE").map(file -> PairsFile.read(Path.of(file), KNOWN, get::find)
        .stream().map(p -> new ConfigLoader(this, p)).toList());
  }

  private Map<String, String> lookupValues() {
    lookup();
    return dotenv;
  }

  /** Settings from {@code values} alone (named as in .env.example); no file is read. */
  static ConfigLoader of(Map<String, String> values) {
    return new ConfigLoader(values, Optional.empty(), Optional.empty());
  }

  /** Calendar writes in flight at once; 1 writes one at a time. */
  static final int DEFAULT_WRITE_CONCURRENCY = 4;

  /** Every setting this tool reads; anything else in .env is most likely a typo. */
  private static final Set<String> KNOWN =
      Set.of("DIRECTUS_API_URL", "DIRECTUS_API_TOKEN", "DIRECTUS_COLLECTION",
          "DIRECTUS_APPROVAL_FILTER", "NEXTCLOUD_URL", "NEXTCLOUD_USERNAME", "NEXTCLOUD_PASSWORD",
          "NEXTCLOUD_CALENDAR_NAME", "EVENT_TIMEZONE", "EVENT_SYNC_STATE_FILE",
          "ALLOW_INSECURE_HTTP", "HIDE_PENDING_EVENTS", "IMPORT_CALENDAR_EDITS",
          "DELETE_PENDING_ON_CALENDAR_DELETE", "MAX_DELETE_SHARE", "EVENT_SYNC_LOGS",
          "EVENT_SYNC_JAVA_OPTS", "SYNC_INTERVAL", "CRON_SCHEDULE", "EVENT_SYNC_PIDFILE",
          "TLS_UNVERIFIED_HOSTS", "WRITE_CONCURRENCY", "SERVE_ADDRESS", "SERVE_WEBHOOK_SECRET",
          "SERVE_PUBLIC_URL", "POLL_INTERVAL", "RECONCILE_INTERVAL", "CALENDAR_EDITS",
          "PROPOSALS_COLLECTION", "PROPOSED_DELETIONS", "CALENDAR_EDITS_FIELDS", "PAIRS_FILE",
          "STATE_DATABASE_URL", "STATE_DATABASE_USER", "STATE_DATABASE_PASSWORD",
          "WORKER_THREADS", "WORKER_HOST_BUDGET", "WORKER_HEARTBEAT", "WORKER_START_SPREAD", "ROUTE_FIELD",
          "ROUTE_CALENDARS");

  /** Where serve listens unless told otherwise: this machine only. */
  static final String DEFAULT_SERVE_ADDRESS = "127.0.0.1:8787";
  /** A burst of hook calls starts one run once they have paused this long. */
  static final Duration HOOK_QUIET = Duration.ofMillis(500);

  /**
   * The settings of one calendar.
   *
   * @throws ConfigException when they are wrong, or ROUTE_CALENDARS names several calendars
   */
  Settings load() {
    List<Settings> all = loadAll();
    if (all.size() > 1) {
      throw new ConfigException("ROUTE_CALENDARS names " + all.size() + " calendars: these"
          + " settings are several pairs");
    }
    return all.get(0);
  }

  /** The settings of each calendar: one, or one per route of ROUTE_CALENDARS. */
  List<Settings> loadAll() {
    try {
      Settings settings = settings();
      Lookup get = lookup();
      return routes(get).map(routes -> routes.entrySet().stream()
              .map(r -> settings.routed(r.getKey(), r.getValue())).toList())
          .orElse(List.of(settings));
    } catch (ConfigException e) {
      throw pairName.map(n -> new ConfigException("pair '" + n + "': " + e.getMessage()))
          .orElse(e);
    }
  }

  /**
   * ROUTE_FIELD and ROUTE_CALENDARS ({@code Concert:Concerts, Workshop:Workshops}): the calendar
   * of each value of the field.
   */
  private static Optional<Map<RoutedSource.Route, String>> routes(Lookup get) {
    Optional<String> calendars = get.find("ROUTE_CALENDARS");
    if (calendars.isEmpty()) {
      if (get.find("ROUTE_FIELD").isPresent()) {
        throw new ConfigException("ROUTE_FIELD needs ROUTE_CALENDARS, such as"
            + " 'Concert:Concerts, Workshop:Workshops' (value:calendar)");
      }
      return Optional.empty();
    }
    String field = get.find("ROUTE_FIELD").orElse("category").toLowerCase(Locale.ROOT);
    Map<RoutedSource.Route, String> routes = new LinkedHashMap<>();
    Set<String> names = new HashSet<>();
    Set<String> states = new HashSet<>();
    for (String entry : calendars.get().split(",")) {
      String[] parts = entry.split(":", 2);
      if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
        throw new ConfigException("ROUTE_CALENDARS: '" + entry.strip() + "' is not"
            + " value:calendar, such as 'Concert:Concerts'");
      }
      RoutedSource.Route route;
      try {
        route = new RoutedSource.Route(field, parts[0].strip());
      } catch (IllegalArgumentException e) {
        throw new ConfigException("ROUTE_FIELD/ROUTE_CALENDARS: " + e.getMessage());
      }
      String calendar = parts[1].strip();
      if (!names.add(calendar.toLowerCase(Locale.ROOT))
          || !states.add(CalendarPaths.segment(route.value()))) {
        throw new ConfigException("ROUTE_CALENDARS: '" + entry.strip() + "' repeats a calendar"
            + " or a value; each value has its own calendar");
      }
      routes.put(route, calendar);
    }
    return Optional.of(routes);
  }

  private Settings settings() {
    Lookup get = lookup();
    String name = pairName.orElse(Settings.SINGLE_PAIR);
    String defaultState = pairName.map(n -> "state/" + n + "/sync-state.json")
        .orElse("state/sync-state.json");
    return new Settings(
        name,
        url(get, "DIRECTUS_API_URL"),
        required(get, "DIRECTUS_API_TOKEN"),
        get.find("DIRECTUS_COLLECTION").orElse("events"),
        get.find("DIRECTUS_APPROVAL_FILTER").orElse(DirectusSettings.DEFAULT_APPROVAL_FILTER),
        fields(get),
        url(get, "NEXTCLOUD_URL"),
        required(get, "NEXTCLOUD_USERNAME"),
        required(get, "NEXTCLOUD_PASSWORD"),
        get.find("NEXTCLOUD_CALENDAR_NAME").orElse("events"),
        zone(get),
        Path.of(get.find("EVENT_SYNC_STATE_FILE").orElse(defaultState)),
        SyncPolicy.defaults()
            .withHidePending(flag(get, "HIDE_PENDING_EVENTS"))
            .withImportCalendarEdits(flag(get, "IMPORT_CALENDAR_EDITS"))
            .withDeletePendingOnCalendarDelete(flag(get, "DELETE_PENDING_ON_CALENDAR_DELETE"))
            .withMaxDeleteShare(share(get, "MAX_DELETE_SHARE", SyncPolicy.defaults().maxDeleteShare()))
            .withCalendarEdits(calendarEdits(get))
            .withFieldEdits(fieldEdits(get)),
        get.find("TLS_UNVERIFIED_HOSTS").map(v -> Set.of(v.split("\\s*,\\s*")))
            .orElse(Set.of()),
        count(get, "WRITE_CONCURRENCY", DEFAULT_WRITE_CONCURRENCY, 32),
        proposals(get),
        stateDatabase(get),
        duration(get, "POLL_INTERVAL", Duration.ofMinutes(1)),
        Optional.empty());
  }

  /** STATE_DATABASE_*: the state in PostgreSQL, shared by workers; absent: the state file. */
  private static Optional<PostgresSettings> stateDatabase(Lookup get) {
    Optional<String> url = get.find("STATE_DATABASE_URL");
    if (url.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new PostgresSettings(url.get(), required(get, "STATE_DATABASE_USER"),
          required(get, "STATE_DATABASE_PASSWORD"),
          2 * count(get, "WORKER_THREADS", DEFAULT_WORKER_THREADS, 64) + 4));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("STATE_DATABASE_URL: " + e.getMessage());
    }
  }

  /** Pairs one worker process syncs at once. */
  static final int DEFAULT_WORKER_THREADS = 4;
  /** Pairs that talk to one calendar host at once, across the cluster. */
  static final int DEFAULT_HOST_BUDGET = 4;

  /** WORKER_*: how this process takes part in a cluster of workers. */
  Worker worker() {
    Lookup get = lookup();
    return new Worker(count(get, "WORKER_THREADS", DEFAULT_WORKER_THREADS, 64),
        count(get, "WORKER_HOST_BUDGET", DEFAULT_HOST_BUDGET, 1000),
        duration(get, "WORKER_HEARTBEAT", Duration.ofSeconds(5)),
        duration(get, "WORKER_START_SPREAD", Duration.ofMinutes(1)),
        get.find("SERVE_ADDRESS").map(ConfigLoader::address),
        webhookSecret(get));
  }

  /**
   * How a worker takes part, and where it listens for the pairs' hooks (only when SERVE_ADDRESS
   * is set: several workers may share a machine).
   */
  record Worker(int threads, int hostBudget, Duration heartbeat, Duration startSpread,
      Optional<InetSocketAddress> hooks, Optional<String> secret) {}

  /** The settings of {@code serve} and {@code init-flow}, read only by them. */
  Serve serve(Settings settings) {
    Lookup get = lookup();
    String addressText = get.find("SERVE_ADDRESS").orElse(DEFAULT_SERVE_ADDRESS);
    InetSocketAddress address = address(addressText);
    Optional<String> secret = webhookSecret(get);
    Duration poll = settings.pollInterval();
    Duration reconcile = duration(get, "RECONCILE_INTERVAL", Duration.ofHours(1));
    URI publicUrl = get.find("SERVE_PUBLIC_URL").isPresent() ? url(get, "SERVE_PUBLIC_URL")
        : URI.create("http://" + addressText);
    URI moderation = settings.directusUrl().resolve(
        "/admin/content/" + URLEncoder.encode(settings.directusCollection(), StandardCharsets.UTF_8));
    return new Serve(new ServeSettings(address, secret, poll, reconcile, HOOK_QUIET,
        Optional.of(moderation)), publicUrl);
  }

  /** SERVE_WEBHOOK_SECRET, checked as every hook's secret is (serve's and a worker's). */
  private static Optional<String> webhookSecret(Lookup get) {
    try {
      return ServeSettings.checkedSecret(get.find("SERVE_WEBHOOK_SECRET"));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("SERVE_WEBHOOK_SECRET: " + e.getMessage()
          + "; make one with: openssl rand -hex 32");
    }
  }

  /** What {@code serve} needs, and the address Directus calls it at ({@code SERVE_PUBLIC_URL}). */
  record Serve(ServeSettings server, URI publicUrl) {
    /** The hook a Directus Flow calls. */
    URI directusHook() {
      String base = publicUrl.toString().replaceAll("/+$", "");
      return URI.create(base + "/hooks/directus");
    }
  }

  private static InetSocketAddress address(String text) {
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
      throw new ConfigException("SERVE_ADDRESS must be HOST:PORT such as " + DEFAULT_SERVE_ADDRESS
          + ", not '" + text + "'");
    }
  }

  private static Duration duration(Lookup get, String name, Duration fallback) {
    Optional<String> value = get.find(name);
    try {
      Duration d = value.map(Duration::parse).orElse(fallback);
      if (d.toMillis() < 1000) {
        throw new DateTimeParseException("shorter than a second", value.orElse(""), 0);
      }
      return d;
    } catch (DateTimeParseException e) {
      throw new ConfigException(name + " must be an ISO-8601 duration of at least a second, such"
          + " as PT1M or PT30S, not '" + value.orElse("") + "'");
    }
  }

  /** DIRECTUS_FIELD_START_DATE=begins_at renames the field that holds start_date, and so on. */
  private static DirectusFields fields(Lookup get) {
    Map<String, String> renames = new HashMap<>();
    for (String field : List.of("title", "start_date", "end_date", "all_day", "description",
        "location", "organizer", "cost", "category", "website", "approved", "ical_uid",
        "recurrence", "timezone")) {
      get.find("DIRECTUS_FIELD_" + field.toUpperCase(Locale.ROOT))
          .ifPresent(name -> renames.put(field, name));
    }
    try {
      return DirectusFields.withRenames(renames);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("DIRECTUS_FIELD_*: " + e.getMessage());
    }
  }

  private static boolean flag(Lookup get, String name) {
    Optional<String> value = get.find(name);
    if (value.isEmpty()) {
      return false;
    }
    switch (value.get().toLowerCase(Locale.ROOT)) {
      case "true": case "yes": case "1":
        return true;
      case "false": case "no": case "0":
        return false;
      default:
        throw new ConfigException(name + " must be true or false, not '" + value.get() + "'");
    }
  }

  /** CALENDAR_EDITS: what a calendar change to a published event does. */
  private static SyncPolicy.CalendarEdits calendarEdits(Lookup get) {
    return calendarEdits("CALENDAR_EDITS", get.find("CALENDAR_EDITS").orElse("propose"));
  }

  private static SyncPolicy.CalendarEdits calendarEdits(String setting, String value) {
    switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "propose":
        return SyncPolicy.CalendarEdits.PROPOSE;
      case "accept":
        return SyncPolicy.CalendarEdits.ACCEPT;
      case "ignore":
        return SyncPolicy.CalendarEdits.IGNORE;
      default:
        throw new ConfigException(setting + " must be propose (a moderator decides in"
            + " Directus), accept (the edit is copied into the item) or ignore (the approved"
            + " version is put back), not '" + value + "'");
    }
  }

  /** CALENDAR_EDITS_FIELDS: {@code location:accept, title:propose}, fields with their own policy. */
  private static Map<String, SyncPolicy.CalendarEdits> fieldEdits(Lookup get) {
    Map<String, SyncPolicy.CalendarEdits> edits = new LinkedHashMap<>();
    for (String entry : get.find("CALENDAR_EDITS_FIELDS").orElse("").split(",")) {
      if (entry.isBlank()) {
        continue;
      }
      String[] parts = entry.split(":", 2);
      String field = parts[0].strip().toLowerCase(Locale.ROOT);
      if (parts.length != 2 || !EventFields.NAMES.contains(field)) {
        throw new ConfigException("CALENDAR_EDITS_FIELDS: '" + entry.strip() + "' is not"
            + " field:policy with a field among " + String.join(", ", EventFields.NAMES));
      }
      edits.put(field, calendarEdits("CALENDAR_EDITS_FIELDS for " + field, parts[1]));
    }
    return edits;
  }

  /** PROPOSALS_COLLECTION and PROPOSED_DELETIONS: where proposals go, what an accepted deletion does. */
  private static ProposalsCollection proposals(Lookup get) {
    String name = get.find("PROPOSALS_COLLECTION").orElse(ProposalsCollection.DEFAULT_NAME);
    Optional<String> deletions = get.find("PROPOSED_DELETIONS");
    boolean delete;
    switch (deletions.orElse("unapprove").toLowerCase(Locale.ROOT)) {
      case "unapprove":
        delete = false;
        break;
      case "delete":
        delete = true;
        break;
      default:
        throw new ConfigException("PROPOSED_DELETIONS must be unapprove (an accepted deletion"
            + " un-approves the item) or delete (it deletes the item), not '" + deletions.get()
            + "'");
    }
    try {
      return new ProposalsCollection(name, delete);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("PROPOSALS_COLLECTION: " + e.getMessage());
    }
  }

  private static int count(Lookup get, String name, int fallback, int most) {
    Optional<String> value = get.find(name);
    try {
      int count = value.map(Integer::parseInt).orElse(fallback);
      if (count < 1 || count > most) {
        throw new NumberFormatException();
      }
      return count;
    } catch (NumberFormatException e) {
      throw new ConfigException(name + " must be a whole number from 1 to " + most + ", not '"
          + value.orElse("") + "'");
    }
  }

  private static double share(Lookup get, String name, double fallback) {
    Optional<String> value = get.find(name);
    try {
      double share = value.map(Double::parseDouble).orElse(fallback);
      if (share < 0 || share > 1) {
        throw new NumberFormatException();
      }
      return share;
    } catch (NumberFormatException e) {
      throw new ConfigException(name + " must be a share between 0 and 1 such as 0.5, not '"
          + value.orElse("") + "'");
    }
  }

  @FunctionalInterface
  private interface Lookup {
    Optional<String> find(String name);
  }

  /** Looks settings up; the .env file is read once per loader, each JSON file when first asked. */
  private Lookup lookup() {
    if (dotenv == null) {
      dotenv = readDotenv();
      dotenv.keySet().stream()
          .filter(k -> !KNOWN.contains(k) && !k.startsWith("DIRECTUS_FIELD_"))
          .sorted()
          .forEach(k -> LoggerFactory.getLogger("event-sync").warn(
              "Unknown setting {} in {} is ignored; .env.example lists every setting", k, envFile));
    }
    return this::first;
  }

  private Optional<String> first(String name) {
    String value = pair.get(name);
    if (value == null) {
      value = environment.get(name);
    }
    if (value == null) {
      value = dotenv.get(name);
    }
    if (value == null && JSON_KEYS.containsKey(name)) {
      String[] place = JSON_KEYS.get(name);
      JsonObject file = json.computeIfAbsent(place[0], this::readJson);
      JsonElement element = file.get(place[1]);
      value = element != null && element.isJsonPrimitive() ? element.getAsString() : null;
    }
    return Optional.ofNullable(value).map(String::strip).filter(v -> !v.isEmpty());
  }

  private Map<String, String> readDotenv() {
    if (envFile == null || !Files.isRegularFile(envFile)) {
      return Map.of();
    }
    warnIfOthersRead(envFile);
    try {
      Map<String, String> values = new HashMap<>();
      Dotenv.configure()
          .directory(envFile.toAbsolutePath().getParent().toString())
          .filename(envFile.getFileName().toString())
          .load()
          .entries(Dotenv.Filter.DECLARED_IN_ENV_FILE)
          .forEach(e -> values.put(e.getKey(), e.getValue()));
      return values;
    } catch (DotenvException e) {
      throw new ConfigException("cannot read " + envFile + ": " + e.getMessage());
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
    if (configDir == null) {
      return new JsonObject();
    }
    Path file = configDir.resolve(name);
    if (!Files.isRegularFile(file)) {
      return new JsonObject();
    }
    try {
      JsonElement parsed = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
      if (!parsed.isJsonObject()) {
        throw new ConfigException(file + " must hold a JSON object");
      }
      return parsed.getAsJsonObject();
    } catch (IOException | JsonParseException e) {
      throw new ConfigException(file + " is not valid JSON: " + e.getMessage());
    }
  }

  private static String required(Lookup get, String name) {
    return get.find(name).orElseThrow(() -> missing(name));
  }

  private static URI url(Lookup get, String name) {
    String text = required(get, name);
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw new ConfigException(name + " is not a URL: " + e.getMessage());
    }
    if (uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
      throw new ConfigException(name + " must be an http(s) URL with a host, e.g. https://example.org");
    }
    if ("http".equals(uri.getScheme()) && !loopback(uri.getHost())
        && !"true".equalsIgnoreCase(get.find("ALLOW_INSECURE_HTTP").orElse(""))) {
      throw new ConfigException(
          name + " uses plain http:// to " + uri.getHost() + ": credentials would travel in clear"
              + " text. Use https://, or set ALLOW_INSECURE_HTTP=true if you must");
    }
    return uri;
  }

  private static boolean loopback(String host) {
    if (host.equals("localhost")) {
      return true;
    }
    try {
      return host.matches("[0-9.]+|\\[?[0-9a-fA-F:]+\\]?")
          && InetAddress.getByName(host.replace("[", "").replace("]", "")).isLoopbackAddress();
    } catch (IOException e) {
      return false;
    }
  }

  private static ZoneId zone(Lookup get) {
    Optional<String> name = get.find("EVENT_TIMEZONE");
    try {
      return name.map(ZoneId::of).orElse(ZoneId.systemDefault());
    } catch (DateTimeException e) {
      throw new ConfigException(
          "EVENT_TIMEZONE '" + name.get() + "' is not a time zone; use an IANA name such as"
              + " Europe/Berlin");
    }
  }

  private static ConfigException missing(String name) {
    String where = JSON_KEYS.containsKey(name)
        ? " (or '" + JSON_KEYS.get(name)[1] + "' in config/" + JSON_KEYS.get(name)[0] + ")"
        : "";
    return new ConfigException(
        name + " is not set: set it in the environment or in .env" + where
            + "; .env.example lists every setting");
  }
}
