package org.eventsync.serve;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a hook call carries the secret: as {@code Authorization: Bearer <secret>}, or as
 * {@code X-Event-Sync-Signature: sha256=<hex>}, the HMAC-SHA256 of the body keyed with the secret
 * (for notifiers that sign rather than send the secret). Both comparisons take the same time
 * whatever the guess: they compare digests of equal length with {@link MessageDigest#isEqual}.
 */
final class HookGate {

  private static final Logger LOG = LoggerFactory.getLogger("event-sync");

  /** Hook bodies are small notices; anything larger is refused unread. */
  static final int MAX_BODY_BYTES = 64 * 1024;
  static final String SIGNATURE_HEADER = "X-Event-Sync-Signature";

  private final Optional<byte[]> secret;
  private final Refusals refusals = new Refusals();

  HookGate(Optional<String> secret) {
    this.secret = secret.map(s -> s.getBytes(StandardCharsets.UTF_8));
  }

  boolean enabled() {
    return secret.isPresent();
  }

  /**
   * The status for a hook call: 202 when it may trigger a run, 413 when its body is too large
   * (by its Content-Length, else by reading at most one byte more than allowed), 401 without the
   * secret. The body is read but never parsed.
   */
  int check(Request request) throws IOException {
    if (request.getLength() > MAX_BODY_BYTES) {
      return 413;
    }
    byte[] body;
    try (InputStream in = Content.Source.asInputStream(request)) {
      body = in.readNBytes(MAX_BODY_BYTES + 1);
    }
    if (body.length > MAX_BODY_BYTES) {
      return 413;
    }
    boolean admitted = admits(
        Optional.ofNullable(request.getHeaders().get("Authorization")),
        Optional.ofNullable(request.getHeaders().get(SIGNATURE_HEADER)), body);
    if (!admitted) {
      refusals.note(Request.getPathInContext(request), Request.getRemoteAddr(request));
      return 401;
    }
    return 202;
  }

  /** The answer's text for a hook's status. */
  String answer(int status) {
    return switch (status) {
      case 202 -> "accepted: a sync will run shortly\n";
      case 413 -> "refused: the body is larger than " + MAX_BODY_BYTES + " bytes\n";
      default -> enabled() ? "refused: the call does not carry the webhook secret\n"
          : "refused: hooks are off until SERVE_WEBHOOK_SECRET is set\n";
    };
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

  /**
   * Logs refused hook calls at most once a minute, with how many there were: anyone who can reach
   * the port can call, and must not be able to fill the log.
   */
  private static final class Refusals {
    private static final long QUIET_NANOS = 60_000_000_000L;
    private long lastLogged = System.nanoTime() - QUIET_NANOS;
    private int unlogged;

    synchronized void note(String path, String from) {
      unlogged++;
      long now = System.nanoTime();
      if (now - lastLogged >= QUIET_NANOS) {
        LOG.warn("Refused {} hook call(s) without the webhook secret, the latest to {} from {}"
            + " (said at most once a minute)", unlogged, path, from);
        lastLogged = now;
        unlogged = 0;
      }
    }
  }
}
