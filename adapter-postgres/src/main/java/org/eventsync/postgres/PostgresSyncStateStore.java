package org.eventsync.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.eventsync.core.port.SyncRecord;
import org.eventsync.core.port.SyncState;
import org.eventsync.core.port.SyncStateStore;

/**
 * One pair's state in the shared database. A save is one transaction: the records and the
 * agreement (the sides' versions the run reached) advance together or not at all. It writes only
 * the records that changed since this store loaded them, and refuses to save over a state that
 * another run saved meanwhile (the revision moved): that run's state stays, and the next run plans
 * from it.
 */
public final class PostgresSyncStateStore implements SyncStateStore {

  private static final int FETCH = 1_000;

  private final DataSource database;
  private final String pairKey;
  /** What this store last loaded or saved, to write only the difference. */
  private Optional<Loaded> last = Optional.empty();

  private record Loaded(long revision, Map<String, SyncRecord> records) {}

  PostgresSyncStateStore(DataSource database, String pairKey) {
    this.database = Objects.requireNonNull(database, "database");
    this.pairKey = Objects.requireNonNull(pairKey, "pairKey");
  }

  @Override
  public synchronized SyncState load() {
    return Retries.of(pairKey, "load").run(() -> {
      try (Connection c = database.getConnection()) {
        c.setAutoCommit(false);
        c.setReadOnly(true);
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        try {
          SyncState state = read(c);
          c.commit();
          return state;
        } catch (SQLException | RuntimeException e) {
          c.rollback();
          throw e;
        }
      }
    });
  }

  /** One query, the records counted by the database: a run that proves agreement reads no row. */
  @Override
  public SyncState.Head head() {
    return Retries.of(pairKey, "read the head of").run(() -> {
      try (Connection c = database.getConnection();
          PreparedStatement s = c.prepareStatement("select pair, agreement, (select count(*) from"
              + " event_sync_record r where r.pair_key = p.pair_key) from event_sync_pair p"
              + " where pair_key = ?")) {
        s.setString(1, pairKey);
        try (ResultSet row = s.executeQuery()) {
          if (!row.next()) {
            return SyncState.empty().head();
          }
          return new SyncState.Head(Optional.ofNullable(row.getString(1)),
              Optional.ofNullable(row.getString(2)), row.getInt(3));
        }
      }
    });
  }

  private SyncState read(Connection c) throws SQLException {
    Optional<String> pair;
    Optional<String> agreement;
    long revision;
    try (PreparedStatement s = c.prepareStatement(
        "select pair, agreement, revision from event_sync_pair where pair_key = ?")) {
      s.setString(1, pairKey);
      try (ResultSet row = s.executeQuery()) {
        if (!row.next()) {
          last = Optional.of(new Loaded(0, Map.of()));
          return SyncState.empty();
        }
        pair = Optional.ofNullable(row.getString(1));
        agreement = Optional.ofNullable(row.getString(2));
        revision = row.getLong(3);
      }
    }
    Map<String, SyncRecord> records = new HashMap<>();
    try (PreparedStatement s = c.prepareStatement(
        "select " + RecordRows.COLUMNS + " from event_sync_record where pair_key = ?")) {
      s.setFetchSize(FETCH);
      s.setString(1, pairKey);
      try (ResultSet row = s.executeQuery()) {
        while (row.next()) {
          records.put(row.getString("uid"), RecordRows.read(row));
        }
      }
    }
    SyncState state = new SyncState(records, pair, agreement);
    last = Optional.of(new Loaded(revision, state.records()));
    return state;
  }

  @Override
  public synchronized void save(SyncState state) {
    Retries.of(pairKey, "save").run(() -> {
      try (Connection c = database.getConnection()) {
        c.setAutoCommit(false);
        try {
          long revision = write(c, state);
          c.commit();
          last = Optional.of(new Loaded(revision, state.records()));
          return null;
        } catch (SQLException | RuntimeException e) {
          c.rollback();
          throw e;
        }
      }
    });
  }

  private long write(Connection c, SyncState state) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "insert into event_sync_pair (pair_key, revision) values (?, 0)"
            + " on conflict (pair_key) do nothing")) {
      s.setString(1, pairKey);
      s.executeUpdate();
    }
    long current;
    try (PreparedStatement s = c.prepareStatement(
        "select revision from event_sync_pair where pair_key = ? for update")) {
      s.setString(1, pairKey);
      try (ResultSet row = s.executeQuery()) {
        row.next();
        current = row.getLong(1);
      }
    }
    Map<String, SyncRecord> before;
    if (last.isPresent() && last.get().revision() == current) {
      before = last.get().records();
    } else if (last.isPresent()) {
      throw new StateConflictException("the state of " + pairKey + " was saved by another run"
          + " since this run read it; this run's state is not saved, the next run plans from the"
          + " saved one");
    } else {
      // Never loaded by this store: replace whatever is there.
      try (PreparedStatement s = c.prepareStatement(
          "delete from event_sync_record where pair_key = ?")) {
        s.setString(1, pairKey);
        s.executeUpdate();
      }
      before = Map.of();
    }
    List<String> gone = new ArrayList<>();
    before.keySet().forEach(uid -> {
      if (!state.records().containsKey(uid)) {
        gone.add(uid);
      }
    });
    if (!gone.isEmpty()) {
      try (PreparedStatement s = c.prepareStatement(
          "delete from event_sync_record where pair_key = ? and uid = any (?)")) {
        s.setString(1, pairKey);
        s.setArray(2, c.createArrayOf("text", gone.toArray()));
        s.executeUpdate();
      }
    }
    try (PreparedStatement s = c.prepareStatement(RecordRows.UPSERT)) {
      int batched = 0;
      for (Map.Entry<String, SyncRecord> e : state.records().entrySet()) {
        if (!e.getValue().equals(before.get(e.getKey()))) {
          RecordRows.bind(s, pairKey, e.getKey(), e.getValue());
          s.addBatch();
          if (++batched % FETCH == 0) {
            s.executeBatch();
          }
        }
      }
      if (batched % FETCH != 0) {
        s.executeBatch();
      }
    }
    try (PreparedStatement s = c.prepareStatement(
        "update event_sync_pair set pair = ?, agreement = ?, revision = revision + 1,"
            + " saved_at = now() where pair_key = ?")) {
      s.setString(1, state.pair().orElse(null));
      s.setString(2, state.agreement().orElse(null));
      s.setString(3, pairKey);
      s.executeUpdate();
    }
    return current + 1;
  }

  @Override
  public String toString() {
    return "the state of " + pairKey + " in PostgreSQL";
  }
}
