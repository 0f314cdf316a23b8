package org.eventsync.http;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A response read in full.
 *
 * @param status the status code
 * @param headers the first value of each header, names in lower case
 * @param body the body bytes
 */
public record HttpResponse(int status, Map<String, String> headers, byte[] body) {
  public HttpResponse {
    headers = Map.copyOf(headers);
  }

  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
  }

  public String text() {
    return new String(body, StandardCharsets.UTF_8);
  }

  public boolean ok() {
    return status >= 200 && status < 300;
  }

  /**
   * Whether this is a failure that passes (429 too many requests, 502, 503, 504): the server was
   * busy or a gateway failed, and a later try may well succeed.
   */
  public boolean passing() {
    return status == 429 || status == 502 || status == 503 || status == 504;
  }

  /** The start of the body, for error messages: bodies can be large. */
  public String excerpt() {
    String text = text().strip().replaceAll("\\s+", " ");
    return text.length() > 300 ? text.substring(0, 300) + "…" : text;
  }
}
