package org.eventsync.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The least a client can do to publish N events: N bare PUTs of the given bodies, one after the
 * other, with the JDK's keep-alive client into a fresh calendar. Benchmarks compare the tool's
 * publish with this floor on the same server and bodies.
 */
public final class PutFloor {

  /** What the floor cost: requests, body bytes sent, wall seconds. */
  public record Result(int requests, long bytes, double seconds) {}

  private PutFloor() {}

  public static Result measure(String calendarHome, String user, String password, List<String> bodies)
      throws IOException, InterruptedException {
    String auth = Http.basic(user, password);
    String calendarUrl = calendarHome + "floor-" + System.nanoTime() + "/";
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    send(client, HttpRequest.newBuilder(URI.create(calendarUrl)).header("Authorization", auth)
        .method("MKCALENDAR", HttpRequest.BodyPublishers.noBody()).build());
    long bytes = 0;
    long start = System.nanoTime();
    for (int i = 0; i < bodies.size(); i++) {
      byte[] body = bodies.get(i).getBytes(StandardCharsets.UTF_8);
      bytes += body.length;
      HttpResponse<Void> r = send(client, HttpRequest.newBuilder(URI.create(calendarUrl + "floor-" + i + ".ics"))
          .header("Authorization", auth).header("Content-Type", "text/calendar; charset=utf-8")
          .header("If-None-Match", "*").PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build());
      if (r.statusCode() >= 300) {
        throw new IllegalStateException("floor PUT " + i + " answered " + r.statusCode());
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    send(client, HttpRequest.newBuilder(URI.create(calendarUrl)).header("Authorization", auth)
        .DELETE().build());
    return new Result(bodies.size(), bytes, seconds);
  }

  private static HttpResponse<Void> send(HttpClient client, HttpRequest request)
      throws IOException, InterruptedException {
    try {
      return client.send(request, HttpResponse.BodyHandlers.discarding());
    } catch (IOException closedByServer) {
      // Radicale speaks HTTP/1.0 and closes each connection; the JDK client may reuse one.
      return client.send(request, HttpResponse.BodyHandlers.discarding());
    }
  }
}
