package org.eventsync.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;
import javax.sql.DataSource;
import org.eventsync.core.port.SideUnavailableException;
import org.eventsync.core.port.SideUnavailableException.Check;
import org.eventsync.core.port.SideUnavailableException.Reason;
import org.flywaydb.core.Flyway;

/**
 * The shared database: a pool of connections (HikariCP) to a schema brought up to date (Flyway)
 * when it is opened. One per process; every pair's store and the workers share it.
 */
public final class PostgresDatabase implements AutoCloseable {

  /** Tries to connect at first (0.5 s and 2 s apart) before the database counts as unreachable. */
  private static final int CHECKS = 3;

  private final HikariDataSource pool;

  private PostgresDatabase(HikariDataSource pool) {
    this.pool = pool;
  }

  /**
   * Connects, and migrates the state tables to this version's schema.
   *
   * @throws SideUnavailableException when the database cannot be reached, refuses the
   *     credentials, or does not exist
   */
  public static PostgresDatabase open(PostgresSettings settings) {
    check(settings);
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(settings.url());
    config.setUsername(settings.user());
    config.setPassword(settings.password());
    config.setMaximumPoolSize(settings.poolSize());
    config.setPoolName("event-sync-state");
    config.setConnectionTimeout(10_000);
    // check() has just connected: the pool need not wait for a first connection.
    config.setInitializationFailTimeout(-1);
    // Many records are saved in one statement instead of one round trip each.
    config.addDataSourceProperty("reWriteBatchedInserts", "true");
    config.addDataSourceProperty("ApplicationName", "event-sync");
    HikariDataSource pool = new HikariDataSource(config);
    PostgresDatabase database = new PostgresDatabase(pool);
    try {
      Flyway.configure()
          .dataSource(pool)
          .locations("classpath:org/eventsync/postgres/migration")
          .table("event_sync_state_schema_history")
          .baselineOnMigrate(true)
          .baselineVersion("0")
          .load()
          .migrate();
      return database;
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
  }

  /** The pool, for what else keeps its tables in the same database (the workers' scheduler). */
  public DataSource dataSource() {
    return pool;
  }

  /** Why the database cannot be used now, if it cannot: a connection that answers within 2 s. */
  public Optional<String> unreachable() {
    try (Connection connection = pool.getConnection()) {
      return connection.isValid(2) ? Optional.empty()
          : Optional.of("the state database does not answer");
    } catch (SQLException e) {
      return Optional.of("the state database cannot be reached: " + rootMessage(e));
    }
  }

  /** The state store of the pair called {@code pairKey}. */
  public PostgresSyncStateStore stateOf(String pairKey) {
    return new PostgresSyncStateStore(pool, pairKey);
  }

  /**
   * One connection outside the pool, so that a refused password or a missing database is one
   * line at once (a pool would try again until its timeout); a network that fails is tried again
   * with backoff.
   */
  private static void check(PostgresSettings settings) {
    Properties login = new Properties();
    login.setProperty("user", settings.user());
    login.setProperty("password", settings.password());
    login.setProperty("connectTimeout", "5");
    login.setProperty("loginTimeout", "10");
    for (int attempt = 1; ; attempt++) {
      try (Connection connection = DriverManager.getConnection(settings.url(), login)) {
        return;
      } catch (SQLException e) {
        SideUnavailableException failure = unavailable(settings, e);
        if (failure.reason() != Reason.UNREACHABLE || attempt == CHECKS) {
          throw failure;
        }
        try {
          Thread.sleep(500L << (2 * (attempt - 1)));
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw failure;
        }
      }
    }
  }

  /** What a failed connection means for a person: which setting to look at. */
  static SideUnavailableException unavailable(PostgresSettings settings, SQLException e) {
    String state = Optional.ofNullable(rootState(e)).orElse("");
    String where = "the state database " + settings.address();
    if (state.startsWith("28")) {
      return new SideUnavailableException(Reason.AUTHENTICATION, Check.STATE_CREDENTIALS,
          where + " refused the user " + settings.user() + " (" + state + ")");
    }
    if (state.equals("3D000")) {
      return new SideUnavailableException(Reason.CONFIGURATION, Check.STATE_ADDRESS,
          where + " does not exist");
    }
    return new SideUnavailableException(Reason.UNREACHABLE, Check.STATE_ADDRESS,
        "cannot reach " + where + ": " + rootMessage(e), e);
  }

  private static String rootState(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        return sql.getSQLState();
      }
    }
    return null;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return String.valueOf(root.getMessage());
  }

  @Override
  public void close() {
    pool.close();
  }
}
