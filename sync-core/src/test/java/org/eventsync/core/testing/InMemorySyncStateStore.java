package org.eventsync.core.testing;

import org.eventsync.core.port.SyncStateStore;
import org.eventsync.core.port.SyncState;

/** Keeps the state in memory; {@link #lose()} plays a deleted state file. */
public final class InMemorySyncStateStore implements SyncStateStore {

  private SyncState state = SyncState.empty();

  @Override
  public SyncState load() {
    return state;
  }

  @Override
  public SyncState.Head head() {
    return state.head(); // as a store does that reads a head without the records
  }

  @Override
  public void save(SyncState value) {
    state = value;
  }

  public void lose() {
    state = SyncState.empty();
  }
}
