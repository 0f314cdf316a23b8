package org.eventsync.postgres;

import java.util.Objects;

/**
 * Where the shared database is and how to log in. The password is never shown: not by {@link
 * #toString()}, not in any message.
 *
 * @param url a JDBC URL, {@code jdbc:postgresql://HOST:PORT/DATABASE}
 * @param user the database user
 * @param password that user's password
 * @param poolSize how many connections one process keeps at most
 */
public record PostgresSettings(String url, String user, String password, int poolSize) {
  public PostgresSettings {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    if (!url.startsWith("jdbc:postgresql://")) {
      throw new IllegalArgumentException(
          "the state database URL must start with jdbc:postgresql:// (it is '" + shown(url) + "')");
    }
    if (poolSize < 1) {
      throw new IllegalArgumentException("the pool needs at least one connection");
    }
  }

  /** The URL without its query, where a password could have been put. */
  public String address() {
    return shown(url);
  }

  private static String shown(String url) {
    int query = url.indexOf('?');
    return query < 0 ? url : url.substring(0, query);
  }

  @Override
  public String toString() {
    return "PostgresSettings[" + address() + " as " + user + ", pool " + poolSize + "]";
  }
}
