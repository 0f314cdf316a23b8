package org.eventsync.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.eventsync.core.port.SideUnavailableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Fault paths a real server will not produce on demand, scripted on a local HTTP server: each
 * test enqueues answers and checks what the client did.
 */
class HttpTransportTest {

  private final List<Duration> waits = new ArrayList<>();
  private final ConcurrentLinkedQueue<int[]> script = new ConcurrentLinkedQueue<>();
  private final AtomicInteger received = new AtomicInteger();
  private HttpServer server;
  private HttpTransport http;

  private URI start(String retryAfter) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      received.incrementAndGet();
      int[] next = script.poll();
      int status = next == null ? 200 : next[0];
      if (retryAfter != null && (status == 429 || status == 503)) {
        exchange.getResponseHeaders().add("Retry-After", retryAfter);
      }
      byte[] body = ("answer " + status).getBytes();
      exchange.sendResponseHeaders(status, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    http = new HttpTransport(HttpSettings.defaults().withMaxAttempts(4), waits::add);
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/x");
  }

  @AfterEach
  void stop() throws IOException {
    if (server != null) {
      server.stop(0);
    }
    if (http != null) {
      http.close();
    }
  }

  @Test
  void retriesPassingFailuresHonouringRetryAfter() throws IOException {
    URI uri = start("3");
    script.add(new int[] {503});
    script.add(new int[] {429});

    HttpResponse response = http.send(HttpRequest.of("GET", uri, Map.of()));

    assertThat(response.status()).isEqualTo(200);
    assertThat(received.get()).isEqualTo(3);
    assertThat(waits).containsExactly(Duration.ofSeconds(3), Duration.ofSeconds(3));
  }

  @Test
  void clampsAnAbsurdRetryAfter() throws IOException {
    URI uri = start("86400");
    script.add(new int[] {503});

    http.send(HttpRequest.of("GET", uri, Map.of()));

    assertThat(waits).containsExactly(HttpSettings.defaults().maxRetryAfter());
  }

  @Test
  void backsOffExponentiallyWithoutRetryAfterAndGivesUpWithTheLastAnswer() throws IOException {
    URI uri = start(null);
    for (int i = 0; i < 4; i++) {
      script.add(new int[] {502});
    }

    HttpResponse response = http.send(HttpRequest.of("GET", uri, Map.of()));

    assertThat(response.status()).isEqualTo(502);
    assertThat(received.get()).isEqualTo(4);
    assertThat(waits).hasSize(3);
    assertThat(waits.get(1)).isGreaterThan(waits.get(0));
    assertThat(waits.get(2)).isGreaterThan(waits.get(1));
  }

  @Test
  void aPostIsRepeatedOnlyWhenTheServerSaidItDidNotProcessIt() throws IOException {
    URI uri = start("0");
    script.add(new int[] {503});
    assertThat(http.send(HttpRequest.of("POST", uri, Map.of(), "{}", "application/json")).status())
        .isEqualTo(200);
    assertThat(received.get()).isEqualTo(2);

    received.set(0);
    script.add(new int[] {502});
    assertThat(http.send(HttpRequest.of("POST", uri, Map.of(), "{}", "application/json")).status())
        .isEqualTo(502);
    assertThat(received.get()).isEqualTo(1);
  }

  @Test
  void aRefusedConnectionIsRetriedThenReportedWithoutSecrets() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    http = new HttpTransport(HttpSettings.defaults().withMaxAttempts(3), waits::add);
    URI uri = URI.create("http://127.0.0.1:" + port + "/path?token=secret-value");

    assertThatThrownBy(
            () -> http.send(HttpRequest.of("GET", uri, Map.of("Authorization", "Bearer s3cr3t"))))
        .isInstanceOf(SideUnavailableException.class)
        .hasMessageContaining("connection refused")
        .hasMessageContaining("after 3 attempts")
        .hasMessageNotContaining("secret-value")
        .hasMessageNotContaining("s3cr3t");
    assertThat(waits).hasSize(2);
  }

  @Test
  void aResetConnectionIsRetriedForIdempotentRequests() throws Exception {
    AtomicInteger accepted = new AtomicInteger();
    try (ServerSocket socket = new ServerSocket(0)) {
      Thread resetter = new Thread(() -> {
        try {
          for (int i = 0; i < 2; i++) {
            Socket s = socket.accept();
            accepted.incrementAndGet();
            s.setSoLinger(true, 0); // close with RST
            s.getInputStream().read();
            s.close();
          }
        } catch (IOException e) {
          // test over
        }
      });
      resetter.start();
      http = new HttpTransport(HttpSettings.defaults().withMaxAttempts(2), waits::add);
      URI uri = URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/");

      assertThatThrownBy(() -> http.send(HttpRequest.of("GET", uri, Map.of())))
          .isInstanceOf(SideUnavailableException.class);
      resetter.join(5000);
    }
    assertThat(accepted.get()).isEqualTo(2);
  }

  @Test
  void parsesRetryAfterAsSecondsOrHttpDate() {
    assertThat(Backoff.parseRetryAfter("120")).contains(Duration.ofSeconds(120));
    assertThat(Backoff.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).isPresent();
    assertThat(Backoff.parseRetryAfter("soon")).isEmpty();
  }

  @Test
  void countsRequestsAndBytes() throws IOException {
    URI uri = start(null);
    http.send(HttpRequest.of("PUT", uri, Map.of(), "12345", "text/plain"));
    assertThat(http.stats().requests()).isEqualTo(1);
    assertThat(http.stats().bytesSent()).isEqualTo(5);
    assertThat(http.stats().bytesReceived()).isEqualTo("answer 200".length());
  }
}
