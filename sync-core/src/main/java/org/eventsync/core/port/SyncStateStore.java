package org.eventsync.core.port;

/** Keeps what the last run saw between runs. A save must be all or nothing. */
public interface SyncStateStore {

  /** The state the last run saved, or an empty state when there is none. */
  SyncState load();

  /** Replaces the saved state with {@code state} atomically. */
  void save(SyncState state);
}
