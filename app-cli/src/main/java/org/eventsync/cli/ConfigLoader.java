package org.eventsync.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
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

/**
 * The settings of a sync pair, read from {@link SettingSources}; a mistake is one line naming the
 * setting. {@code serve} and {@code worker} read their own settings beside their commands.
 */
final class ConfigLoader {

  /** The settings read here (and PAIRS_FILE, the pairs these settings may be several of). */
  static final Set<String> SETTINGS = Set.of("DIRECTUS_API_URL", "DIRECTUS_API_TOKEN",
      "DIRECTUS_COLLECTION", "DIRECTUS_APPROVAL_FILTER", "NEXTCLOUD_URL", "NEXTCLOUD_USERNAME",
      "NEXTCLOUD_PASSWORD", "NEXTCLOUD_CALENDAR_NAME", "EVENT_TIMEZONE", "EVENT_SYNC_STATE_FILE",
      "ALLOW_INSECURE_HTTP", "HIDE_PENDING_EVENTS", "IMPORT_CALENDAR_EDITS",
      "DELETE_PENDING_ON_CALENDAR_DELETE", "MAX_DELETE_SHARE", "TLS_UNVERIFIED_HOSTS",
      "WRITE_CONCURRENCY", "POLL_INTERVAL", "CALENDAR_EDITS", "PROPOSALS_COLLECTION",
      "PROPOSED_DELETIONS", "CALENDAR_EDITS_FIELDS", "PAIRS_FILE", "STATE_DATABASE_URL",
      "STATE_DATABASE_USER", "STATE_DATABASE_PASSWORD", "ROUTE_FIELD", "ROUTE_CALENDARS");

  /** Calendar writes in flight at once; 1 writes one at a time. */
  static final int DEFAULT_WRITE_CONCURRENCY = 4;

  private final SettingSources sources;
  /** The pair's name, when the settings are a pair of the pairs file. */
  private final Optional<String> pairName;

  ConfigLoader(Map<String, String> environment, Path envFile, Path configDir) {
    this(new SettingSources(environment, Optional.of(envFile), Optional.of(configDir)),
        Optional.empty());
  }

  private ConfigLoader(SettingSources sources, Optional<String> pairName) {
    this.sources = sources;
    this.pairName = pairName;
  }

  /** Settings from {@code values} alone (named as in .env.example); no file is read. */
  static ConfigLoader of(Map<String, String> values) {
    return new ConfigLoader(new SettingSources(values, Optional.empty(), Optional.empty()),
        Optional.empty());
  }

  /** Where the settings come from, for the commands that read settings of their own. */
  SettingSources sources() {
    return sources;
  }

  /**
   * The pairs of {@code PAIRS_FILE}, each a loader of its own settings (the pair's, then the
   * file's defaults, then as without a file); empty when no pairs file is set.
   */
  Optional<List<ConfigLoader>> pairs() {
    return sources.find("PAIRS_FILE").map(file ->
        PairsFile.read(Path.of(file), SettingSources.KNOWN, sources::find).stream()
            .map(p -> new ConfigLoader(sources.withPair(p.settings()), Optional.of(p.name())))
            .toList());
  }

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
      return routes(sources).map(routes -> routes.entrySet().stream()
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
  private static Optional<Map<RoutedSource.Route, String>> routes(SettingSources get) {
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
    SettingSources get = sources;
    String name = pairName.orElse(Settings.SINGLE_PAIR);
    String defaultState = pairName.map(n -> "state/" + n + "/sync-state.json")
        .orElse("state/sync-state.json");
    return new Settings(
        name,
        SettingValues.url(get, "DIRECTUS_API_URL"),
        get.required("DIRECTUS_API_TOKEN"),
        get.find("DIRECTUS_COLLECTION").orElse("events"),
        get.find("DIRECTUS_APPROVAL_FILTER").orElse(DirectusSettings.DEFAULT_APPROVAL_FILTER),
        fields(get),
        SettingValues.url(get, "NEXTCLOUD_URL"),
        get.required("NEXTCLOUD_USERNAME"),
        get.required("NEXTCLOUD_PASSWORD"),
        get.find("NEXTCLOUD_CALENDAR_NAME").orElse("events"),
        SettingValues.zone(get, "EVENT_TIMEZONE"),
        Path.of(get.find("EVENT_SYNC_STATE_FILE").orElse(defaultState)),
        SyncPolicy.defaults()
            .withHidePending(SettingValues.flag(get, "HIDE_PENDING_EVENTS"))
            .withImportCalendarEdits(SettingValues.flag(get, "IMPORT_CALENDAR_EDITS"))
            .withDeletePendingOnCalendarDelete(SettingValues.flag(get, "DELETE_PENDING_ON_CALENDAR_DELETE"))
            .withMaxDeleteShare(SettingValues.share(get, "MAX_DELETE_SHARE", SyncPolicy.defaults().maxDeleteShare()))
            .withCalendarEdits(calendarEdits(get))
            .withFieldEdits(fieldEdits(get)),
        get.find("TLS_UNVERIFIED_HOSTS").map(v -> Set.of(v.split("\\s*,\\s*")))
            .orElse(Set.of()),
        SettingValues.count(get, "WRITE_CONCURRENCY", DEFAULT_WRITE_CONCURRENCY, 32),
        proposals(get),
        stateDatabase(get),
        SettingValues.duration(get, "POLL_INTERVAL", Duration.ofMinutes(1)),
        Optional.empty());
  }

  /** STATE_DATABASE_*: the state in PostgreSQL, shared by workers; absent: the state file. */
  private static Optional<PostgresSettings> stateDatabase(SettingSources get) {
    Optional<String> url = get.find("STATE_DATABASE_URL");
    if (url.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new PostgresSettings(url.get(), get.required("STATE_DATABASE_USER"),
          get.required("STATE_DATABASE_PASSWORD"),
          2 * SettingValues.count(get, "WORKER_THREADS", WorkerCommand.DEFAULT_THREADS, 64) + 4));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("STATE_DATABASE_URL: " + e.getMessage());
    }
  }

  /** DIRECTUS_FIELD_START_DATE=begins_at renames the field that holds start_date, and so on. */
  private static DirectusFields fields(SettingSources get) {
    Map<String, String> renames = new HashMap<>();
    for (String field : DirectusFields.defaultNames()) {
      get.find(SettingSources.FIELD_PREFIX + field.toUpperCase(Locale.ROOT))
          .ifPresent(name -> renames.put(field, name));
    }
    try {
      return DirectusFields.withRenames(renames);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("DIRECTUS_FIELD_*: " + e.getMessage());
    }
  }

  /** CALENDAR_EDITS: what a calendar change to a published event does. */
  private static SyncPolicy.CalendarEdits calendarEdits(SettingSources get) {
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
  private static Map<String, SyncPolicy.CalendarEdits> fieldEdits(SettingSources get) {
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
  private static ProposalsCollection proposals(SettingSources get) {
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
}
