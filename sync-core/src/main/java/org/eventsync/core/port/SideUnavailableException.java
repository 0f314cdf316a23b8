package org.eventsync.core.port;

import java.util.Objects;
import java.util.Optional;

/**
 * A whole side (the source, the calendar, or a state store shared by many workers) cannot be
 * used: wrong credentials, a wrong address, a missing permission, or a
 * network that stayed down after retries. The run stops; the message says what went wrong in the
 * side's own terms, and {@link #check()} says which part of the configuration a person should look
 * at, so that an application can name its own setting for it.
 */
public final class SideUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why the side is unavailable; the CLI maps each reason to its own exit code. */
  public enum Reason {
    /** Credentials were refused. */
    AUTHENTICATION,
    /** The address, collection or calendar does not exist or is not allowed. */
    CONFIGURATION,
    /** The server could not be reached or kept failing. */
    UNREACHABLE
  }

  /** The part of a side's configuration that the failure points at. */
  public enum Check {
    /** The source's address. */
    SOURCE_ADDRESS,
    /** The source's credentials. */
    SOURCE_CREDENTIALS,
    /** The source's collection or a field the sync needs is missing: its schema must be set up. */
    SOURCE_SCHEMA,
    /** The mapping of event fields to source fields. */
    SOURCE_FIELDS,
    /** The source's query: the approval filter and the field mapping. */
    SOURCE_QUERY,
    /** The calendar's address. */
    CALENDAR_ADDRESS,
    /** The calendar's address, and whether its user owns that calendar home. */
    CALENDAR_OWNER,
    /** The calendar's credentials. */
    CALENDAR_CREDENTIALS,
    /** The state store's address (its database). */
    STATE_ADDRESS,
    /** The state store's credentials. */
    STATE_CREDENTIALS,
    /** The stored state is in a format this version does not read (a later version wrote it). */
    STATE_FORMAT
  }

  private final Reason reason;
  private final transient Optional<Check> check;

  public SideUnavailableException(Reason reason, String message) {
    this(reason, Optional.empty(), message, null);
  }

  public SideUnavailableException(Reason reason, String message, Throwable cause) {
    this(reason, Optional.empty(), message, cause);
  }

  public SideUnavailableException(Reason reason, Check check, String message) {
    this(reason, Optional.of(check), message, null);
  }

  public SideUnavailableException(Reason reason, Check check, String message, Throwable cause) {
    this(reason, Optional.of(check), message, cause);
  }

  private SideUnavailableException(
      Reason reason, Optional<Check> check, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
    this.check = check;
  }

  public Reason reason() {
    return reason;
  }

  /** What to look at, when the side knows. */
  public Optional<Check> check() {
    return check == null ? Optional.empty() : check;
  }
}
