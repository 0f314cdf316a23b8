package org.eventsync.worker;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import javax.sql.DataSource;

/** The table of runs (event_sync_runs) and the hooks' requests for another run. */
final class RunAudit {

  private final DataSource database;

  RunAudit(DataSource database) {
    this.database = database;
  }

  /** A run in the table; its start by the database's clock, which every worker shares. */
  record Run(long id, Timestamp startedAt) {}

  /** Notes that {@code worker} starts a run of {@code pair}, which was due at {@code due}. */
  Run started(String pair, String worker, Instant due) throws SQLException {
    try (Connection c = database.getConnection();
        PreparedStatement s = c.prepareStatement("insert into event_sync_runs (pair_key, worker,"
            + " due_at) values (?, ?, ?) returning id, started_at")) {
      s.setString(1, pair);
      s.setString(2, worker);
      s.setTimestamp(3, Timestamp.from(due));
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return new Run(r.getLong(1), r.getTimestamp(2));
      }
    }
  }

  /**
   * Notes how the run ended, and the milliseconds the worker spent around it (the budget, this
   * table, the next schedule).
   */
  void finished(Run run, String outcome, long overheadMillis) throws SQLException {
    try (Connection c = database.getConnection();
        PreparedStatement s = c.prepareStatement("update event_sync_runs set finished_at ="
            + " clock_timestamp(), outcome = ?, overhead_ms = ? where id = ?")) {
      s.setString(1, outcome.length() > 500 ? outcome.substring(0, 500) : outcome);
      s.setLong(2, overheadMillis);
      s.setLong(3, run.id());
      s.executeUpdate();
    }
  }

  /** A hook asks for a run of {@code pair}. */
  void request(String pair) throws SQLException {
    try (Connection c = database.getConnection();
        PreparedStatement s = c.prepareStatement("insert into event_sync_triggers (pair_key)"
            + " values (?) on conflict (pair_key) do update set requested_at = clock_timestamp()")) {
      s.setString(1, pair);
      s.executeUpdate();
    }
  }

  /** Whether a run of {@code pair} was asked for since {@code since}; the request is used up. */
  boolean requestedSince(String pair, Timestamp since) throws SQLException {
    try (Connection c = database.getConnection();
        PreparedStatement s = c.prepareStatement(
            "delete from event_sync_triggers where pair_key = ? returning requested_at")) {
      s.setString(1, pair);
      try (ResultSet r = s.executeQuery()) {
        return r.next() && !r.getTimestamp(1).before(since);
      }
    }
  }
}
