package org.eventsync.core.port;

/**
 * A conditional write was refused because the item changed since it was read (HTTP 412), or the
 * uid already lives elsewhere. Nothing was overwritten; the next run plans again from fresh data.
 */
public final class ConflictException extends ItemFailedException {
  private static final long serialVersionUID = 1L;

  public ConflictException(String message) {
    super(message);
  }
}
