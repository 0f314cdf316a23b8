package org.eventsync.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * The JDK's own HTTP client, so that tests read what the servers hold without going through the
 * code under test.
 */
public final class Http {

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private Http() {}

  public static HttpResponse<String> send(
      String method, String uri, String auth, String body, String type, String... headerPairs) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(uri))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", auth)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (type != null) {
      request.header("Content-Type", type);
    }
    for (int i = 0; i + 1 < headerPairs.length; i += 2) {
      request.header(headerPairs[i], headerPairs[i + 1]);
    }
    try {
      try {
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
      } catch (IOException closed) {
        if (method.equals("POST")) {
          throw closed;
        }
        // Radicale speaks HTTP/1.0 and closes connections the JDK client may try to reuse.
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
      }
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + uri + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static String bearer(String token) {
    return "Bearer " + token;
  }

  public static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** Fails with the answer when its status is none of {@code statuses}. */
  public static void expect(HttpResponse<String> r, int... statuses) {
    for (int s : statuses) {
      if (r.statusCode() == s) {
        return;
      }
    }
    throw new IllegalStateException(
        r.request().method() + " " + r.uri() + " answered " + r.statusCode() + ": " + r.body());
  }
}
