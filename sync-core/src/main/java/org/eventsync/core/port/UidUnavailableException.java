package org.eventsync.core.port;

/**
 * The calendar refuses a new object under this uid although it holds no live object with it:
 * Nextcloud keeps deleted objects in a trash bin and, in many versions, refuses their uids with
 * 400 "Deleted calendar object with uid already exists in this calendar collection" (nextcloud/server
 * #30096, #37577). The engine then publishes the item under its next uid.
 */
public final class UidUnavailableException extends ItemFailedException {
  private static final long serialVersionUID = 1L;

  public UidUnavailableException(String message) {
    super(message);
  }
}
