package org.eventsync.cli;

import com.google.inject.ProvisionException;
import org.eventsync.core.port.SideUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what went wrong into one line a person can act on, and the matching exit code. Stack
 * traces only with {@code --verbose}. Messages never hold secrets: the adapters never put tokens
 * or passwords into them.
 */
final class Failures {

  private static final Logger LOG = LoggerFactory.getLogger("event-sync");

  private Failures() {}

  /** The one line a person reads about {@code thrown}: the side's words, then our settings. */
  static String describe(Throwable thrown) {
    Throwable e = unwrap(thrown);
    String line = e.getMessage() == null ? e.toString() : e.getMessage();
    if (e instanceof SideUnavailableException side && side.check().isPresent()) {
      return line + "; " + fix(side.check().get());
    }
    return line;
  }

  /** Where each kind of side failure is fixed, in this application's settings and commands. */
  static String fix(SideUnavailableException.Check check) {
    switch (check) {
      case SOURCE_ADDRESS:
        return "check DIRECTUS_API_URL (the address of Directus, without /items)";
      case SOURCE_CREDENTIALS:
        return "check DIRECTUS_API_TOKEN and its user's access policy (docs/security.md)";
      case SOURCE_SCHEMA:
        return "run 'event-sync init-schema' to create the collection and its fields, or check"
            + " DIRECTUS_COLLECTION and the DIRECTUS_FIELD_* settings";
      case SOURCE_FIELDS:
        return "check the DIRECTUS_FIELD_* settings";
      case SOURCE_QUERY:
        return "check DIRECTUS_APPROVAL_FILTER and the DIRECTUS_FIELD_* settings";
      case CALENDAR_ADDRESS:
        return "check NEXTCLOUD_URL; for Nextcloud it is"
            + " https://HOST/remote.php/dav/calendars/USER/ (https://HOST also works)";
      case CALENDAR_OWNER:
        return "check NEXTCLOUD_URL and that NEXTCLOUD_USERNAME owns that calendar home";
      case CALENDAR_CREDENTIALS:
        return "check NEXTCLOUD_USERNAME and NEXTCLOUD_PASSWORD (Nextcloud wants an app password)";
      case STATE_ADDRESS:
        return "check STATE_DATABASE_URL (jdbc:postgresql://HOST:PORT/DATABASE) and that the"
            + " database exists";
      case STATE_CREDENTIALS:
        return "check STATE_DATABASE_USER and STATE_DATABASE_PASSWORD";
      case STATE_FORMAT:
        return "run the version that wrote it, or move the file EVENT_SYNC_STATE_FILE names away"
            + " and the next run rebuilds the state from both sides (docs/operations.md, upgrade"
            + " and rollback)";
      default:
        throw new IllegalArgumentException(check.name());
    }
  }

  static ExitCode report(Throwable thrown, boolean verbose) {
    Throwable e = unwrap(thrown);
    ExitCode code = codeOf(e);
    String line = code == ExitCode.INTERNAL
        ? "Unexpected failure: " + e + (verbose ? "" : " (run with --verbose for details)")
        : code == ExitCode.CONFIGURATION && e instanceof ConfigException
            ? "Configuration: " + e.getMessage()
            : describe(e);
    if (verbose) {
      LOG.error(line, e);
    } else {
      LOG.error(line);
    }
    return code;
  }

  private static ExitCode codeOf(Throwable e) {
    if (e instanceof ConfigException) {
      return ExitCode.CONFIGURATION;
    }
    if (e instanceof SideUnavailableException side) {
      switch (side.reason()) {
        case AUTHENTICATION:
          return ExitCode.AUTHENTICATION;
        case CONFIGURATION:
          return ExitCode.CONFIGURATION;
        default:
          return ExitCode.UNREACHABLE;
      }
    }
    if (e instanceof IllegalArgumentException) {
      return ExitCode.CONFIGURATION;
    }
    return ExitCode.INTERNAL;
  }

  private static Throwable unwrap(Throwable thrown) {
    Throwable e = thrown;
    // Guice wraps what a provider throws (a bad setting found while wiring).
    while (e instanceof ProvisionException && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }
}
