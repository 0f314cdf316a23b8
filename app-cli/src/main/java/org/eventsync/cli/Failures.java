package org.eventsync.cli;

import org.eventsync.core.port.SideUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns what went wrong into one line a person can act on, and the matching exit code. */
final class Failures {

  private static final Logger LOG = LoggerFactory.getLogger("event-sync");

  private Failures() {}

  static ExitCode report(Throwable thrown, boolean verbose) {
    Throwable e = thrown;
    // Guice wraps what a provider throws (a bad setting found while wiring).
    while (e instanceof com.google.inject.ProvisionException && e.getCause() != null) {
      e = e.getCause();
    }
    if (e instanceof ConfigException) {
      LOG.error("Configuration: {}", e.getMessage());
      return ExitCode.CONFIGURATION;
    }
    if (e instanceof SideUnavailableException side) {
      if (verbose) {
        LOG.error("{}", side.getMessage(), side);
      } else {
        LOG.error("{}", side.getMessage());
      }
      switch (side.reason()) {
        case AUTHENTICATION:
          return ExitCode.AUTHENTICATION;
        case CONFIGURATION:
          return ExitCode.CONFIGURATION;
        default:
          return ExitCode.UNREACHABLE;
      }
    }
    if (e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
      LOG.error("{}", e.getMessage(), verbose ? e : null);
      return ExitCode.CONFIGURATION;
    }
    LOG.error("Unexpected failure: {} (run with --verbose for details)", e.toString(), verbose ? e : null);
    return ExitCode.INTERNAL;
  }
}
