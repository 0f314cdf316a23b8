package org.eventsync.cli;

/** A setting is missing or wrong; the message names it and where to set it. */
final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  ConfigException(String message) {
    super(message);
  }
}
