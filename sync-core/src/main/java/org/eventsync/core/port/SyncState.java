package org.eventsync.core.port;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the last run saw, per uid, and which pair of source and calendar it saw it for. Losing it
 * is safe: identity lives in the data (the Directus item holds the calendar uid), so a run without
 * state rebuilds it without duplicates; only the memory of past approvals is lost. Using another
 * pair's state is not: every remembered item would look deleted in the calendar, so a state that
 * names another pair is set aside by the engine.
 *
 * @param records what the last run saw, by uid
 * @param pair the source and calendar the records describe, when known
 * @param agreement the sides' versions (and the rules) at which a run found nothing to do and
 *     nothing unreadable, when the last run did: while both sides still show them, there is
 *     nothing to do
 */
public record SyncState(
    Map<String, SyncRecord> records, Optional<String> pair, Optional<String> agreement) {
  public SyncState {
    records = Map.copyOf(records);
    Objects.requireNonNull(pair, "pair");
    Objects.requireNonNull(agreement, "agreement");
  }

  /** Records of a pair, with no agreement known. */
  public SyncState(Map<String, SyncRecord> records, Optional<String> pair) {
    this(records, pair, Optional.empty());
  }

  /** Records of an unnamed pair. */
  public SyncState(Map<String, SyncRecord> records) {
    this(records, Optional.empty());
  }

  public static SyncState empty() {
    return new SyncState(Map.of());
  }

  /** What a run needs to know of a state before its records: see {@link Head}. */
  public Head head() {
    return new Head(pair, agreement, records.size());
  }

  /**
   * A state's pair, agreement and number of records: enough for a run whose sides both still
   * show the agreed versions, which then never reads the records.
   *
   * @param pair as {@link SyncState#pair()}
   * @param agreement as {@link SyncState#agreement()}
   * @param records how many records the state holds
   */
  public record Head(Optional<String> pair, Optional<String> agreement, int records) {
    public Head {
      Objects.requireNonNull(pair, "pair");
      Objects.requireNonNull(agreement, "agreement");
      if (records < 0) {
        throw new IllegalArgumentException("a state holds no fewer than 0 records: " + records);
      }
    }

    /** As {@link SyncState#belongsTo(Optional)}. */
    public boolean belongsTo(Optional<String> other) {
      return pair.isEmpty() || other.isEmpty() || pair.equals(other);
    }
  }

  public Optional<SyncRecord> get(String uid) {
    return Optional.ofNullable(records.get(uid));
  }

  /** Whether this state may be used for {@code other}: either is unnamed, or both are the same. */
  public boolean belongsTo(Optional<String> other) {
    return head().belongsTo(other);
  }
}
