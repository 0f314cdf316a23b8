package org.eventsync.statefile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.Optional;
import org.eventsync.core.Event;
import org.eventsync.core.EventTime;
import org.eventsync.core.port.SideUnavailableException;
import org.eventsync.core.port.SyncRecord;
import org.eventsync.core.port.SyncState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonFileSyncStateStoreTest {

  @TempDir Path dir;

  @Test
  void aMissingFileIsAnEmptyState() {
    assertThat(new JsonFileSyncStateStore(dir.resolve("none.json")).load().records()).isEmpty();
  }

  @Test
  void savesAndLoadsEveryField() {
    JsonFileSyncStateStore store = new JsonFileSyncStateStore(dir.resolve("sub/state.json"));
    Event base = Event.builder("uid-1", "Talk \u2028 \"quoted\"",
            EventTime.of(ZonedDateTime.of(2027, 3, 1, 19, 0, 0, 0, ZoneId.of("Europe/Berlin"))))
        .location("Hall B").build();
    SyncRecord record =
        new SyncRecord(
            Optional.of("12"), Optional.of("h1"), Optional.of("/cal/x.ics"), Optional.of("h2"),
            true, true, Optional.of(base));
    store.save(new SyncState(Map.of("uid-1", record), Optional.of("collection C and calendar A"),
        Optional.of("v1 | v2 | rules")));

    assertThat(store.load().records()).containsExactly(Map.entry("uid-1", record));
    assertThat(store.load().pair()).hasValue("collection C and calendar A");
    assertThat(store.load().agreement()).hasValue("v1 | v2 | rules");
  }

  @Test
  void leavesNoTemporaryFilesBehind() throws Exception {
    JsonFileSyncStateStore store = new JsonFileSyncStateStore(dir.resolve("state.json"));
    store.save(SyncState.empty());
    store.save(SyncState.empty());
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("state.json");
    }
  }

  @Test
  void aDamagedFileIsReportedWithAWayOut() throws Exception {
    Path file = dir.resolve("state.json");
    Files.writeString(file, "{ not json");
    assertThat(new JsonFileSyncStateStore(file).load().records()).isEmpty();
    assertThat(Files.readString(dir.resolve("state.json.damaged"))).isEqualTo("{ not json");
    assertThat(file).doesNotExist();
  }

  @Test
  void aDamagedFileSeenFromItsHeadIsSetAsideToo() throws Exception {
    Path file = dir.resolve("state.json");
    Files.writeString(file, "{\"format\":2,\"agreement\":\"v\",\"records\":{\"u\":");
    assertThat(new JsonFileSyncStateStore(file).head()).isEqualTo(SyncState.empty().head());
    assertThat(dir.resolve("state.json.damaged")).exists();
  }

  @Test
  void aFileWithoutTheCountHasItsHeadReadWhole() throws Exception {
    // Written before the count existed: the agreement stands before records it cannot count.
    Path file = dir.resolve("state.json");
    Files.writeString(file, "{\"format\":2,\"agreement\":\"v\",\"records\":{\"u\":{\"sourceId\":\"1\"},"
        + "\"w\":{\"sourceId\":\"2\"}}}");
    assertThat(new JsonFileSyncStateStore(file).head())
        .isEqualTo(new SyncState.Head(Optional.empty(), Optional.of("v"), 2));
  }

  @Test
  void aStateFileOfTheLastVersionStillLoads() throws Exception {
    // Written by 0.1, with the etag the records no longer keep.
    Path file = dir.resolve("old.json");
    Files.writeString(file, "{\"format\":1,\"records\":{\"u\":{\"sourceId\":\"1\",\"sourceHash\":\"a\","
        + "\"href\":\"/c/u.ics\",\"etag\":\"\\\"e1\\\"\",\"calendarHash\":\"b\",\"everApproved\":true}}}");

    SyncRecord r = new JsonFileSyncStateStore(file).load().get("u").orElseThrow();

    assertThat(r.href()).hasValue("/c/u.ics");
    assertThat(r.uidSpent()).isTrue();
  }

  @Test
  void aFormatOneRecordKeepsASpentUidWhoseObjectIsGone() throws Exception {
    Path file = dir.resolve("old.json");
    Files.writeString(file, "{\"format\":1,\"records\":{\"u\":{\"sourceId\":\"1\","
        + "\"everApproved\":true,\"everInCalendar\":true}}}");

    SyncRecord r = new JsonFileSyncStateStore(file).load().get("u").orElseThrow();

    assertThat(r.href()).isEmpty();
    assertThat(r.uidSpent()).isTrue();
  }

  @Test
  void aFormatFromTheFutureIsRefused() throws Exception {
    Path file = dir.resolve("new.json");
    Files.writeString(file, "{\"format\":9,\"records\":{}}");
    JsonFileSyncStateStore store = new JsonFileSyncStateStore(file);

    assertThatThrownBy(store::load)
        .isInstanceOfSatisfying(SideUnavailableException.class, e -> assertThat(e.check())
            .contains(SideUnavailableException.Check.STATE_FORMAT))
        .hasMessageContaining("state format 9, which a later version wrote");
    assertThat(file).exists();
  }
}
