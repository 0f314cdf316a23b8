package org.eventsync.serve;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@link SyncServer} listens and when it syncs.
 *
 * @param address where the HTTP endpoints listen (127.0.0.1 unless the operator says otherwise)
 * @param hookSecret the secret a hook call must carry; without one the hooks refuse every call
 * @param poll how often both sides are asked whether anything changed
 * @param reconcile how often both sides are listed in full, whatever they say
 * @param quiet how long a burst of triggers must pause before its run starts
 * @param moderation where a moderator sees what awaits moderation, for the status page
 */
public record ServeSettings(
    InetSocketAddress address,
    Optional<String> hookSecret,
    Duration poll,
    Duration reconcile,
    Duration quiet,
    Optional<URI> moderation) {

  /** Shorter secrets are guessable; a Flow and a proxy carry any length. */
  static final int MIN_SECRET_LENGTH = 16;

  public ServeSettings {
    Objects.requireNonNull(address, "address");
    hookSecret = checkedSecret(hookSecret);
    positive(poll, "the poll interval");
    positive(reconcile, "the reconcile interval");
    if (quiet.isNegative()) {
      throw new IllegalArgumentException("the quiet time cannot be negative: " + quiet);
    }
    moderation = Objects.requireNonNull(moderation, "moderation");
  }

  /**
   * {@code secret} if it may guard hooks (serve's, or a worker's {@link PairHooks}).
   *
   * @throws IllegalArgumentException when it is shorter than 16 characters
   */
  public static Optional<String> checkedSecret(Optional<String> secret) {
    Objects.requireNonNull(secret, "secret");
    if (secret.isPresent() && secret.get().length() < MIN_SECRET_LENGTH) {
      throw new IllegalArgumentException(
          "the webhook secret must be at least " + MIN_SECRET_LENGTH + " characters long");
    }
    return secret;
  }

  private static void positive(Duration d, String what) {
    if (d == null || d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(what + " must be positive: " + d);
    }
  }

  /** The secret, kept out of {@link #toString()}. */
  @Override
  public String toString() {
    return "ServeSettings[address=" + address + ", hookSecret=" + (hookSecret.isPresent() ? "***" : "none")
        + ", poll=" + poll + ", reconcile=" + reconcile + ", quiet=" + quiet
        + ", moderation=" + moderation + "]";
  }
}
