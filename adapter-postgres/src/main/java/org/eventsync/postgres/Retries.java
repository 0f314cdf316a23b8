package org.eventsync.postgres;

import java.sql.SQLException;
import java.util.concurrent.Callable;
import org.eventsync.core.port.SideUnavailableException;
import org.eventsync.core.port.SideUnavailableException.Check;
import org.eventsync.core.port.SideUnavailableException.Reason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A statement that failed because the connection did (SQLSTATE class 08, a server shutting down,
 * a serialization failure) is tried again with backoff: each try is its own transaction, rolled
 * back when it failed, so trying again cannot apply anything twice.
 */
final class Retries {

  private static final Logger LOG = LoggerFactory.getLogger(Retries.class);
  private static final long[] BACKOFF_MILLIS = {250, 1_000, 4_000};

  private final String pairKey;
  private final String what;

  private Retries(String pairKey, String what) {
    this.pairKey = pairKey;
    this.what = what;
  }

  static Retries of(String pairKey, String what) {
    return new Retries(pairKey, what);
  }

  <T> T run(Callable<T> attempt) {
    for (int i = 0; ; i++) {
      try {
        return attempt.call();
      } catch (SQLException e) {
        if (!transientFailure(e) || i == BACKOFF_MILLIS.length) {
          throw new SideUnavailableException(Reason.UNREACHABLE, Check.STATE_ADDRESS,
              "cannot " + what + " the state of " + pairKey + " in the state database: "
                  + e.getMessage(), e);
        }
        LOG.warn("could not {} the state of {} ({}); trying again in {} ms", what, pairKey,
            e.getMessage(), BACKOFF_MILLIS[i]);
        sleep(BACKOFF_MILLIS[i]);
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private static boolean transientFailure(SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    return state.startsWith("08") || state.equals("57P01") || state.equals("40001")
        || state.equals("40P01") || e instanceof java.sql.SQLTransientConnectionException;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to try again", e);
    }
  }
}
