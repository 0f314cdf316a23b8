package org.eventsync.core.port;

/**
 * Proposals cannot be read or stored at all (their collection is missing, or the credentials may
 * not use it). The run goes on without them: calendar edits that would be proposed stay in the
 * calendar until proposals can be stored, so nothing a person typed is lost.
 */
public class ProposalsUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ProposalsUnavailableException(String message) {
    super(message);
  }
}
