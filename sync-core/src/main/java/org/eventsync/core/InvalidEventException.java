package org.eventsync.core;

/** An event value that cannot exist, with a message a person can act on. */
public final class InvalidEventException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidEventException(String message) {
    super(message);
  }
}
