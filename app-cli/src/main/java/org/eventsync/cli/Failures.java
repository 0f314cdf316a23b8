package org.eventsync.cli;

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

  /** The one line a person reads about {@code thrown}. */
  static String describe(Throwable thrown) {
    Throwable e = unwrap(thrown);
    return e.getMessage() == null ? e.toString() : e.getMessage();
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
    while (e instanceof com.google.inject.ProvisionException && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }
}
