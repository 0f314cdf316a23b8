package org.eventsync.serve;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Decides whether a hook call carries the secret: as {@code Authorization: Bearer <secret>}, or as
 * {@code X-Event-Sync-Signature: sha256=<hex>}, the HMAC-SHA256 of the body keyed with the secret
 * (for notifiers that sign rather than send the secret). Both comparisons take the same time
 * whatever the guess: they compare digests of equal length with {@link MessageDigest#isEqual}.
 */
final class HookGate {

  /** Hook bodies are small notices; anything larger is refused unread. */
  static final int MAX_BODY_BYTES = 64 * 1024;
  static final String SIGNATURE_HEADER = "X-Event-Sync-Signature";

  private final Optional<byte[]> secret;

  HookGate(Optional<String> secret) {
    this.secret = secret.map(s -> s.getBytes(StandardCharsets.UTF_8));
  }

  boolean enabled() {
    return secret.isPresent();
  }

  /** Whether the call may trigger a run. */
  boolean admits(Optional<String> authorization, Optional<String> signature, byte[] body) {
    if (secret.isEmpty()) {
      return false;
    }
    boolean bearer = authorization
        .filter(a -> a.regionMatches(true, 0, "Bearer ", 0, 7))
        .map(a -> sameDigest(a.substring(7).trim().getBytes(StandardCharsets.UTF_8), secret.get()))
        .orElse(false);
    boolean signed = signature
        .map(s -> s.trim().toLowerCase(Locale.ROOT))
        .filter(s -> s.startsWith("sha256="))
        .map(s -> sameDigest(s.substring(7).getBytes(StandardCharsets.US_ASCII),
            HexFormat.of().formatHex(hmac(secret.get(), body)).getBytes(StandardCharsets.US_ASCII)))
        .orElse(false);
    return bearer | signed;
  }

  /** The HMAC-SHA256 of {@code body} under {@code key}. */
  static byte[] hmac(byte[] key, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  /** Compares digests, not the values: equal lengths, so the time tells nothing of the guess. */
  private static boolean sameDigest(byte[] given, byte[] expected) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] a = sha.digest(given);
      byte[] b = sha.digest(expected);
      return MessageDigest.isEqual(a, b);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
