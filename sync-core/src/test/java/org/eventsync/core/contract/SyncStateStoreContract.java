package org.eventsync.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.eventsync.core.Event;
import org.eventsync.core.port.SyncRecord;
import org.eventsync.core.port.SyncState;
import org.eventsync.core.port.SyncStateStore;
import org.junit.jupiter.api.Test;

/**
 * What the engine relies on from a {@link SyncStateStore}, as tests any implementation must pass
 * (it ships in sync-core's test-jar): the JSON file store and the PostgreSQL store pass the same.
 */
public abstract class SyncStateStoreContract {

  /**
   * A store for the pair called {@code pair}, opened as a new run opens it: stores opened for the
   * same name share what is saved, stores for other names do not. Each test uses names of its own.
   */
  protected abstract SyncStateStore open(String pair);

  /** A name no other test (or earlier run of this one) has used. */
  protected abstract String freshName();

  private static SyncRecord record(String id, boolean withBase) {
    Optional<Event> base = withBase ? Optional.of(ContractEvents.everyKind("base-" + id).get(0))
        : Optional.empty();
    return new SyncRecord(Optional.of(id), Optional.of("source-hash-" + id),
        Optional.of("/calendars/sync/events/" + id + ".ics"), Optional.of("calendar-hash-" + id),
        true, true, base);
  }

  @Test
  void aPairNeverSavedIsAnEmptyState() {
    SyncState state = open(freshName()).load();
    assertThat(state.records()).isEmpty();
    assertThat(state.pair()).isEmpty();
    assertThat(state.agreement()).isEmpty();
    assertThat(open(freshName()).head()).isEqualTo(SyncState.empty().head());
  }

  @Test
  void whatIsSavedIsLoadedByTheNextRunFieldForField() {
    String name = freshName();
    Map<String, SyncRecord> records = new HashMap<>();
    records.put("uid-with-base", record("1", true));
    records.put("uid-bare", record("2", false));
    records.put("uid-only-source", new SyncRecord(Optional.of("3"), Optional.of("h"),
        Optional.empty(), Optional.empty(), false, false, Optional.empty()));
    records.put("uid-spent-only", new SyncRecord(Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), false, true, Optional.empty()));
    records.put("Ünïcödé 🎉 \"quoted\" 'uid'; drop table", record("4", false));
    SyncState saved = new SyncState(records, Optional.of("collection events and calendar Concerts"),
        Optional.of("v1 | v2 | rules"));
    open(name).save(saved);

    SyncState loaded = open(name).load();
    assertThat(loaded.records()).isEqualTo(records);
    assertThat(loaded.pair()).hasValue("collection events and calendar Concerts");
    assertThat(loaded.agreement()).hasValue("v1 | v2 | rules");
    assertThat(open(name).head()).isEqualTo(new SyncState.Head(
        Optional.of("collection events and calendar Concerts"), Optional.of("v1 | v2 | rules"), 5));
  }

  @Test
  void aSaveReplacesTheWholeStateRecordsAgreementAndAll() {
    String name = freshName();
    SyncStateStore store = open(name);
    store.save(new SyncState(Map.of("a", record("1", true), "b", record("2", false)),
        Optional.of("pair"), Optional.of("agreed")));
    SyncState first = store.load();
    Map<String, SyncRecord> next = new HashMap<>(first.records());
    next.remove("a");
    next.put("b", record("22", true));
    next.put("c", record("3", false));
    store.save(new SyncState(next, Optional.of("pair"), Optional.empty()));

    SyncState loaded = open(name).load();
    assertThat(loaded.records()).isEqualTo(next);
    assertThat(loaded.agreement()).isEmpty();
    assertThat(open(name).head())
        .isEqualTo(new SyncState.Head(Optional.of("pair"), Optional.empty(), 2));
    open(name).save(SyncState.empty());
    assertThat(open(name).load().records()).isEmpty();
  }

  @Test
  void aStoreOpenedAgainSeesTheLatestSaveOfAnother() {
    String name = freshName();
    SyncStateStore earlier = open(name);
    earlier.load();
    SyncStateStore later = open(name);
    later.load();
    later.save(new SyncState(Map.of("x", record("9", false)), Optional.of("pair")));
    assertThat(earlier.load().records()).containsOnlyKeys("x");
  }

  @Test
  void pairsDoNotSeeEachOthersState() {
    String one = freshName();
    String other = freshName();
    open(one).save(new SyncState(Map.of("uid", record("1", false)), Optional.of("one")));
    open(other).save(new SyncState(Map.of("uid", record("2", true)), Optional.of("other")));

    assertThat(open(one).load().records().get("uid")).isEqualTo(record("1", false));
    assertThat(open(other).load().records().get("uid")).isEqualTo(record("2", true));
    assertThat(open(one).load().pair()).hasValue("one");
  }

  @Test
  void manyRecordsSurviveTheRoundTrip() {
    String name = freshName();
    Map<String, SyncRecord> records = new HashMap<>();
    for (int i = 0; i < 2_000; i++) {
      records.put("uid-" + i, record(Integer.toString(i), i % 3 == 0));
    }
    open(name).save(new SyncState(records, Optional.of("big")));
    assertThat(open(name).load().records()).isEqualTo(records);
  }
}
