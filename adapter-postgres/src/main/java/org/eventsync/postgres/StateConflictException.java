package org.eventsync.postgres;

/** Another run saved the pair's state after this run read it: this run's state is not saved. */
public final class StateConflictException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  StateConflictException(String message) {
    super(message);
  }
}
