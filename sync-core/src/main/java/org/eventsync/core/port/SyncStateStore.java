package org.eventsync.core.port;

/** Keeps what the last run saw between runs. A save must be all or nothing. */
public interface SyncStateStore {

  /** The state the last run saved, or an empty state when there is none. */
  SyncState load();

  /**
   * The head of the state {@link #load()} would return. A store that can tell it without reading
   * the records should: a run that finds both sides unchanged reads nothing else.
   */
  default SyncState.Head head() {
    return load().head();
  }

  /** Replaces the saved state with {@code state} atomically. */
  void save(SyncState state);
}
