package org.eventsync.cli;

import java.util.List;
import java.util.Optional;
import org.eventsync.core.port.SyncStateStore;
import org.eventsync.postgres.PostgresDatabase;
import org.eventsync.statefile.JsonFileSyncStateStore;

/**
 * The process's state database, when the settings name one ({@code STATE_DATABASE_URL}): opened
 * once and shared by every pair; otherwise each pair keeps its state file.
 */
final class StateDatabase implements AutoCloseable {

  private final Optional<PostgresDatabase> database;

  private StateDatabase(Optional<PostgresDatabase> database) {
    this.database = database;
  }

  /** Opens the database that {@code pairs} name (they all name the same: it is a process setting). */
  static StateDatabase of(List<Settings> pairs) {
    return new StateDatabase(pairs.get(0).stateDatabase().map(PostgresDatabase::open));
  }

  /** The database's pool, for the workers' scheduler. */
  Optional<javax.sql.DataSource> dataSource() {
    return database.map(PostgresDatabase::dataSource);
  }

  /** Why the database cannot be used now, if it cannot (always usable without one). */
  Optional<String> unreachable() {
    return database.flatMap(PostgresDatabase::unreachable);
  }

  /** Where {@code pair}'s state is kept. */
  SyncStateStore storeOf(Settings pair) {
    return database.<SyncStateStore>map(d -> d.stateOf(pair.stateKey()))
        .orElseGet(() -> new JsonFileSyncStateStore(pair.stateFile()));
  }

  @Override
  public void close() {
    database.ifPresent(PostgresDatabase::close);
  }
}
