package org.eventsync.http;

import java.time.Duration;
import java.util.Objects;

/**
 * How patient the client is.
 *
 * @param connectTimeout how long to wait for a connection
 * @param readTimeout how long to wait for data on an open connection
 * @param maxAttempts how many times a request is sent at most (1 = no retry)
 * @param initialBackoff the first wait between attempts; it doubles each time
 * @param maxBackoff the longest computed wait
 * @param maxRetryAfter the longest wait a server's Retry-After may ask for
 * @param maxConnections the pool size (and so the most requests in flight)
 * @param maxResponseBytes the largest response body read
 * @param userAgent the User-Agent header
 */
public record HttpSettings(
    Duration connectTimeout,
    Duration readTimeout,
    int maxAttempts,
    Duration initialBackoff,
    Duration maxBackoff,
    Duration maxRetryAfter,
    int maxConnections,
    int maxResponseBytes,
    String userAgent) {

  public HttpSettings {
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(readTimeout, "readTimeout");
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
    Objects.requireNonNull(userAgent, "userAgent");
    if (maxAttempts < 1 || maxConnections < 1 || maxResponseBytes < 1024) {
      throw new IllegalArgumentException("maxAttempts and maxConnections must be at least 1");
    }
  }

  /** Sensible values for a sync that runs unattended. */
  public static HttpSettings defaults() {
    return new HttpSettings(
        Duration.ofSeconds(10),
        Duration.ofSeconds(60),
        5,
        Duration.ofMillis(500),
        Duration.ofSeconds(30),
        Duration.ofSeconds(120),
        4,
        256 * 1024 * 1024,
        "event-sync");
  }

  public HttpSettings withMaxAttempts(int attempts) {
    return new HttpSettings(
        connectTimeout, readTimeout, attempts, initialBackoff, maxBackoff, maxRetryAfter,
        maxConnections, maxResponseBytes, userAgent);
  }
}
