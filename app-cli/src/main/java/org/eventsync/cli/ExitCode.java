package org.eventsync.cli;

/** The process exit codes, documented in README.md: scripts and cron jobs act on them. */
enum ExitCode {
  OK(0),
  /** A bug: something nobody planned for. */
  INTERNAL(1),
  /** Bad flags or settings, or a server says the configured collection or calendar is wrong. */
  CONFIGURATION(2),
  /** A server refused the credentials. */
  AUTHENTICATION(3),
  /** A server could not be reached, or kept failing after retries. */
  UNREACHABLE(4),
  /** The run finished but some items could not be read or written. */
  PARTIAL(5),
  /** The run refused to write: the mass-deletion guard, or another run holds the lock. */
  REFUSED(6);

  final int code;

  /** How much each code tells a person to look: a run of many pairs exits with the worst. */
  private static final java.util.List<ExitCode> WORSE_FIRST =
      java.util.List.of(INTERNAL, CONFIGURATION, AUTHENTICATION, UNREACHABLE, REFUSED, PARTIAL, OK);

  static ExitCode worse(ExitCode a, ExitCode b) {
    return WORSE_FIRST.indexOf(a) <= WORSE_FIRST.indexOf(b) ? a : b;
  }

  ExitCode(int code) {
    this.code = code;
  }
}
