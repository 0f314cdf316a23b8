package org.eventsync.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eventsync.core.contract.SyncStateStoreContract;
import org.eventsync.core.port.SideUnavailableException;
import org.eventsync.core.port.SyncRecord;
import org.eventsync.core.port.SyncState;
import org.eventsync.core.port.SyncStateStore;
import org.eventsync.testsupport.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The PostgreSQL store on the local PostgreSQL (scripts/test-servers.sh), against the contract. */
class PostgresSyncStateStoreIT extends SyncStateStoreContract {

  private static final String RUN = "it-" + UUID.randomUUID().toString().substring(0, 8) + "-";
  private static TestServers servers;
  private static PostgresDatabase database;
  private int names;

  @BeforeAll
  static void open() {
    servers = TestServers.load();
    database = PostgresDatabase.open(settings(servers.get("POSTGRES_PASSWORD")));
  }

  @AfterAll
  static void cleanUp() throws Exception {
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement s = c.prepareStatement(
            "delete from event_sync_pair where pair_key like ?")) {
      s.setString(1, RUN + "%");
      s.executeUpdate();
    }
    database.close();
  }

  private static PostgresSettings settings(String password) {
    return new PostgresSettings(servers.get("POSTGRES_URL"), servers.get("POSTGRES_USER"),
        password, 4);
  }

  @Override
  protected SyncStateStore open(String pair) {
    return database.stateOf(pair);
  }

  @Override
  protected String freshName() {
    return RUN + (++names);
  }

  private static SyncRecord record(String id) {
    return new SyncRecord(Optional.of(id), Optional.of("h" + id), Optional.of("/c/" + id + ".ics"),
        Optional.of("c" + id), true, true, Optional.empty());
  }

  @Test
  void aSaveOverAStateAnotherRunSavedMeanwhileIsRefusedAndChangesNothing() {
    String name = freshName();
    database.stateOf(name).save(new SyncState(Map.of("a", record("1")), Optional.of("pair")));
    SyncStateStore slow = database.stateOf(name);
    slow.load();
    SyncStateStore quick = database.stateOf(name);
    quick.load();
    quick.save(new SyncState(Map.of("b", record("2")), Optional.of("pair"), Optional.of("v2")));

    assertThatThrownBy(() -> slow.save(new SyncState(Map.of("c", record("3")), Optional.of("pair"))))
        .isInstanceOf(StateConflictException.class)
        .hasMessageContaining("saved by another run");
    SyncState kept = database.stateOf(name).load();
    assertThat(kept.records()).containsOnlyKeys("b");
    assertThat(kept.agreement()).hasValue("v2");
  }

  @Test
  void aSaveWritesOnlyTheRecordsThatChanged() throws Exception {
    String name = freshName();
    SyncStateStore store = database.stateOf(name);
    store.save(new SyncState(Map.of("a", record("1"), "b", record("2")), Optional.of("pair")));
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement s = c.prepareStatement(
            "update event_sync_record set source_hash = 'marked' where pair_key = ? and uid = 'a'")) {
      s.setString(1, name);
      s.executeUpdate();
    }
    // "a" is unchanged for this store, so its row is not written again; "b" is.
    store.save(new SyncState(Map.of("a", record("1"), "b", record("22")), Optional.of("pair")));
    Map<String, SyncRecord> loaded = database.stateOf(name).load().records();
    assertThat(loaded.get("a").sourceHash()).hasValue("marked");
    assertThat(loaded.get("b")).isEqualTo(record("22"));
  }

  @Test
  void wrongCredentialsAreOneLineNamingTheUserNotThePassword() {
    assertThatThrownBy(() -> PostgresDatabase.open(settings("not-the-password-4711")))
        .isInstanceOfSatisfying(SideUnavailableException.class, e -> {
          assertThat(e.reason()).isEqualTo(SideUnavailableException.Reason.AUTHENTICATION);
          assertThat(e.check()).hasValue(SideUnavailableException.Check.STATE_CREDENTIALS);
        })
        .hasMessageContaining("refused the user " + servers.get("POSTGRES_USER"))
        .hasMessageNotContaining("not-the-password-4711");
    assertThat(settings("not-the-password-4711").toString()).doesNotContain("not-the-password");
  }

  @Test
  void aMissingDatabaseAndAClosedPortAreToldApart() {
    String url = servers.get("POSTGRES_URL");
    String missing = url.substring(0, url.lastIndexOf('/') + 1) + "no_such_database";
    assertThatThrownBy(() -> PostgresDatabase.open(new PostgresSettings(missing,
        servers.get("POSTGRES_USER"), servers.get("POSTGRES_PASSWORD"), 1)))
        .isInstanceOfSatisfying(SideUnavailableException.class,
            e -> assertThat(e.reason()).isEqualTo(SideUnavailableException.Reason.CONFIGURATION))
        .hasMessageContaining("does not exist");
    assertThatThrownBy(() -> PostgresDatabase.open(new PostgresSettings(
        "jdbc:postgresql://127.0.0.1:1/eventsync", "u", "p", 1)))
        .isInstanceOfSatisfying(SideUnavailableException.class,
            e -> assertThat(e.reason()).isEqualTo(SideUnavailableException.Reason.UNREACHABLE))
        .hasMessageContaining("cannot reach the state database jdbc:postgresql://127.0.0.1:1/");
  }
}
