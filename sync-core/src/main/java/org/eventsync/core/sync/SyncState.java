package org.eventsync.core.sync;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the last run saw, per uid. Losing it is safe: identity lives in the data (the Directus item
 * holds the calendar uid), so a run without state rebuilds it without duplicates; only the memory
 * of past approvals is lost.
 */
public record SyncState(Map<String, SyncRecord> records) {
  public SyncState {
    records = Map.copyOf(records);
  }

  public static SyncState empty() {
    return new SyncState(Map.of());
  }

  public Optional<SyncRecord> get(String uid) {
    return Optional.ofNullable(records.get(uid));
  }

  /** A copy that a run changes one record at a time. */
  Map<String, SyncRecord> mutableCopy() {
    return new TreeMap<>(records);
  }
}
