package org.eventsync.cli;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.eventsync.caldav.CalendarPaths;
import org.eventsync.core.sync.RoutedSource;
import org.eventsync.core.sync.SyncPolicy;
import org.eventsync.directus.DirectusFields;
import org.eventsync.directus.DirectusSettings;
import org.eventsync.directus.ProposalsCollection;
import org.eventsync.http.HttpSettings;
import org.eventsync.postgres.PostgresSettings;

/**
 * Everything a run needs, resolved from flags, environment, {@code .env} and {@code config/*.json}.
 * Its {@code toString} never shows the token or the password.
 */
record Settings(
    String pairName,
    URI directusUrl,
    String directusToken,
    String directusCollection,
    String approvalFilter,
    DirectusFields fields,
    URI calendarHome,
    String calendarUser,
    String calendarPassword,
    String calendarName,
    ZoneId zone,
    Path stateFile,
    SyncPolicy policy,
    Set<String> unverifiedTlsHosts,
    int writeConcurrency,
    ProposalsCollection proposals,
    Optional<PostgresSettings> stateDatabase,
    Duration pollInterval,
    Optional<RoutedSource.Route> route) {

  /** Items per page on a full read of the collection. */
  private static final int DIRECTUS_PAGE_SIZE = 1000;

  /** The name of the one pair that .env describes when there is no pairs file. */
  static final String SINGLE_PAIR = "default";

  Settings {
    Objects.requireNonNull(pairName, "pairName");
    Objects.requireNonNull(stateDatabase, "stateDatabase");
    Objects.requireNonNull(pollInterval, "pollInterval");
    Objects.requireNonNull(route, "route");
    Objects.requireNonNull(directusUrl, "directusUrl");
    Objects.requireNonNull(directusToken, "directusToken");
    Objects.requireNonNull(directusCollection, "directusCollection");
    Objects.requireNonNull(approvalFilter, "approvalFilter");
    Objects.requireNonNull(fields, "fields");
    Objects.requireNonNull(calendarHome, "calendarHome");
    Objects.requireNonNull(calendarUser, "calendarUser");
    Objects.requireNonNull(calendarPassword, "calendarPassword");
    Objects.requireNonNull(calendarName, "calendarName");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(stateFile, "stateFile");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(proposals, "proposals");
    unverifiedTlsHosts = Set.copyOf(unverifiedTlsHosts);
    if (writeConcurrency < 1) {
      throw new IllegalArgumentException("writeConcurrency must be at least 1");
    }
  }

  /**
   * These settings for one calendar of a route (ROUTE_CALENDARS): the items whose field holds
   * {@code route}'s value, in the calendar {@code calendar}, with a state of their own.
   */
  Settings routed(RoutedSource.Route route, String calendar) {
    Path routeState = stateFile.resolveSibling(CalendarPaths.segment(route.value()))
        .resolve(stateFile.getFileName());
    return new Settings(pairName, directusUrl, directusToken, directusCollection, approvalFilter,
        fields, calendarHome, calendarUser, calendarPassword, calendar, zone, routeState, policy,
        unverifiedTlsHosts, writeConcurrency, proposals, stateDatabase, pollInterval,
        Optional.of(route));
  }

  /** The key of this state among the pairs': the pair's name, and its route's value if any. */
  String stateKey() {
    return pairName + route.map(r -> "/" + CalendarPaths.segment(r.value())).orElse("");
  }

  /** Where and how to read the events in Directus; the one place these settings become them. */
  DirectusSettings directus() {
    try {
      return new DirectusSettings(directusUrl, directusToken, directusCollection, zone,
          approvalFilter, DIRECTUS_PAGE_SIZE);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("DIRECTUS_APPROVAL_FILTER: " + e.getMessage());
    }
  }

  /** The proposals collection, when calendar changes are proposed. */
  Optional<ProposalsCollection> proposing() {
    return policy.proposes() ? Optional.of(proposals) : Optional.empty();
  }

  /** The sync state folder: the state, the caches, the lock and the last run's summary. */
  Path stateDir() {
    return stateFile.toAbsolutePath().getParent();
  }

  /** The HTTP settings for these settings: TLS verified except for the hosts listed on purpose. */
  HttpSettings http() {
    HttpSettings defaults = HttpSettings.defaults();
    return defaults.withUnverifiedTlsHosts(unverifiedTlsHosts)
        .withMaxConnections(Math.max(defaults.maxConnections(), writeConcurrency));
  }

  @Override
  public String toString() {
    return "pair " + stateKey() + ": Directus " + directusUrl + " collection " + directusCollection + " approved when "
        + approvalFilter + route.map(r -> " where " + r).orElse("") + " fields " + fields
        + "; calendar '"
        + calendarName + "' at " + calendarHome + " as " + calendarUser + "; zone " + zone
        + "; state " + stateDatabase.map(d -> "in " + d).orElse(stateFile.toString()) + "; "
        + policy
        + (unverifiedTlsHosts.isEmpty() ? "" : "; TLS not verified for " + unverifiedTlsHosts)
        + "; up to " + writeConcurrency + " calendar writes in flight";
  }
}
