package org.eventsync.http;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One request. Headers may hold credentials: they are sent, never logged.
 *
 * @param method the HTTP or WebDAV method
 * @param uri the absolute address
 * @param headers request headers (Authorization, If-Match, Depth, …)
 * @param body the body, if any
 * @param contentType the body's media type
 */
public record HttpRequest(
    String method, URI uri, Map<String, String> headers, Optional<byte[]> body, String contentType) {

  /** Methods a server treats the same when it receives them twice (RFC 9110 9.2.2, WebDAV). */
  private static final Set<String> IDEMPOTENT =
      Set.of("GET", "HEAD", "OPTIONS", "PUT", "DELETE", "PROPFIND", "REPORT");

  public HttpRequest {
    method = Objects.requireNonNull(method, "method").toUpperCase(Locale.ROOT);
    Objects.requireNonNull(uri, "uri");
    headers = Map.copyOf(headers);
    body = body == null ? Optional.empty() : body;
    contentType = contentType == null ? "application/octet-stream" : contentType;
  }

  public static HttpRequest of(String method, URI uri, Map<String, String> headers) {
    return new HttpRequest(method, uri, headers, Optional.empty(), null);
  }

  public static HttpRequest of(
      String method, URI uri, Map<String, String> headers, String body, String contentType) {
    return new HttpRequest(
        method, uri, headers, Optional.of(body.getBytes(StandardCharsets.UTF_8)), contentType);
  }

  /**
   * Whether sending this twice does no harm. PATCH and POST are not; a PUT with If-None-Match
   * fails harmlessly the second time, and a conditional write's 412 is reported, not repeated.
   */
  public boolean idempotent() {
    return IDEMPOTENT.contains(method);
  }
}
