package org.eventsync.core.port;

/**
 * A write of one item failed in a way that leaves every other item writable: the server refused
 * the content, or someone changed the item meanwhile. The run goes on; the next run tries again.
 */
public class ItemFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ItemFailedException(String message) {
    super(message);
  }

  public ItemFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
