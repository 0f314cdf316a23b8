package org.eventsync.http;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

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
 * @param unverifiedTlsHosts hosts whose TLS certificate is not checked (a self-signed test server);
 *     every other host's certificate is always verified
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
    String userAgent,
    Set<String> unverifiedTlsHosts) {

  public HttpSettings {
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(readTimeout, "readTimeout");
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
    Objects.requireNonNull(userAgent, "userAgent");
    unverifiedTlsHosts = unverifiedTlsHosts.stream()
        .map(h -> h.strip().toLowerCase(Locale.ROOT)).filter(h -> !h.isEmpty())
        .collect(Collectors.toUnmodifiableSet());
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
        "event-sync",
        Set.of());
  }

  public HttpSettings withMaxAttempts(int attempts) {
    return new HttpSettings(
        connectTimeout, readTimeout, attempts, initialBackoff, maxBackoff, maxRetryAfter,
        maxConnections, maxResponseBytes, userAgent, unverifiedTlsHosts);
  }

  /** A copy with a pool of {@code connections} (and so at most that many requests in flight). */
  public HttpSettings withMaxConnections(int connections) {
    return new HttpSettings(
        connectTimeout, readTimeout, maxAttempts, initialBackoff, maxBackoff, maxRetryAfter,
        connections, maxResponseBytes, userAgent, unverifiedTlsHosts);
  }

  /** A copy that does not check the TLS certificates of {@code hosts}. */
  public HttpSettings withUnverifiedTlsHosts(Set<String> hosts) {
    return new HttpSettings(
        connectTimeout, readTimeout, maxAttempts, initialBackoff, maxBackoff, maxRetryAfter,
        maxConnections, maxResponseBytes, userAgent, hosts);
  }
}
