package org.eventsync.worker;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.zip.CRC32;
import javax.sql.DataSource;

/**
 * At most M pairs talking to one calendar host at once, across every worker: M slots per host,
 * each a PostgreSQL advisory lock (host, slot) held by a connection for the run. A worker that
 * dies drops its connection, and with it its slot.
 */
final class HostBudget {

  private final DataSource database;
  private final int slots;

  HostBudget(DataSource database, int slots) {
    this.database = database;
    this.slots = slots;
  }

  /** A slot held until it is closed. */
  interface Slot extends AutoCloseable {
    @Override
    void close();
  }

  /** A free slot for {@code host}, or empty when all M are taken. */
  Optional<Slot> tryAcquire(String host) throws SQLException {
    int key = key(host);
    Connection c = database.getConnection();
    try {
      for (int slot = 0; slot < slots; slot++) {
        if (tryLock(c, key, slot)) {
          int held = slot;
          return Optional.of(() -> release(c, key, held));
        }
      }
    } catch (SQLException | RuntimeException e) {
      c.close();
      throw e;
    }
    c.close();
    return Optional.empty();
  }

  private static boolean tryLock(Connection c, int key, int slot) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("select pg_try_advisory_lock(?, ?)")) {
      s.setInt(1, key);
      s.setInt(2, slot);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getBoolean(1);
      }
    }
  }

  private static void release(Connection c, int key, int slot) {
    try (c; PreparedStatement s = c.prepareStatement("select pg_advisory_unlock(?, ?)")) {
      s.setInt(1, key);
      s.setInt(2, slot);
      s.executeQuery().close();
    } catch (SQLException e) {
      // Closing the connection below releases the lock all the same.
    }
  }

  /** The advisory lock's first key for a host: its name hashed into an int. */
  private static int key(String host) {
    CRC32 crc = new CRC32();
    crc.update(host.getBytes(StandardCharsets.UTF_8));
    return (int) crc.getValue();
  }
}
