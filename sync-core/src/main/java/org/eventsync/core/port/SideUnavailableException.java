package org.eventsync.core.port;

import java.util.Objects;

/**
 * A whole side cannot be used: wrong credentials, a wrong address, a missing permission, or a
 * network that stayed down after retries. The run stops; the message says what to fix.
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

  private final Reason reason;

  public SideUnavailableException(Reason reason, String message) {
    this(reason, message, null);
  }

  public SideUnavailableException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }
}
