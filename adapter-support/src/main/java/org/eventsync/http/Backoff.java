package org.eventsync.http;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/** How long to wait before a retry: the server's Retry-After, or exponential backoff. */
final class Backoff {

  private final HttpSettings settings;

  Backoff(HttpSettings settings) {
    this.settings = settings;
  }

  /** Exponential backoff with jitter, or the server's Retry-After clamped to the allowed range. */
  Duration before(int attempt, Optional<String> retryAfter) {
    Optional<Duration> asked = retryAfter.flatMap(Backoff::parseRetryAfter);
    if (asked.isPresent()) {
      Duration d = asked.get();
      if (d.compareTo(settings.maxRetryAfter()) > 0) {
        return settings.maxRetryAfter();
      }
      return d.isNegative() ? Duration.ZERO : d;
    }
    long base = settings.initialBackoff().toMillis() << Math.min(attempt - 1, 10);
    long capped = Math.min(base, settings.maxBackoff().toMillis());
    long jitter = (long) (capped * 0.2 * Math.random());
    return Duration.ofMillis(capped + jitter);
  }

  /** Retry-After in seconds or as an HTTP date; empty when it is neither. */
  static Optional<Duration> parseRetryAfter(String value) {
    String v = value.strip();
    try {
      return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
    } catch (NumberFormatException notSeconds) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
        return Optional.of(Duration.between(ZonedDateTime.now(at.getZone()), at));
      } catch (RuntimeException notADate) {
        return Optional.empty();
      }
    }
  }
}
