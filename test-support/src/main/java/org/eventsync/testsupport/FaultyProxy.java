package org.eventsync.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A reverse proxy on 127.0.0.1 that forwards to a real server and fails a share of the requests
 * on purpose: 500, 503 or 429 (with Retry-After) without forwarding, a connection closed before
 * or after the server handled the request (a lost answer), or an answer that stalls past the
 * client's timeout. Seeded, so a failing run can be repeated.
 */
public final class FaultyProxy implements AutoCloseable {

  /** The ways a request can fail. */
  public enum Fault { ERROR_500, BUSY_503, LIMIT_429, RESET_BEFORE, RESET_AFTER, STALL }

  private static final Set<String> HOP_HEADERS =
      Set.of("connection", "content-length", "expect", "host", "upgrade", "transfer-encoding",
          "keep-alive", "date");

  private final HttpServer server;
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5)).build();
  private final URI target;
  private final Random random;
  private final Duration stall;
  private volatile double faultRate;
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger faults = new AtomicInteger();

  /**
   * @param target the server's base, e.g. {@code http://127.0.0.1:15232}
   * @param faultRate the share of requests that fail, 0 to 1
   * @param stall how long a stalled answer hangs (longer than the client's read timeout)
   */
  public FaultyProxy(URI target, double faultRate, long seed, Duration stall) throws IOException {
    this.target = target;
    this.faultRate = faultRate;
    this.random = new Random(seed);
    this.stall = stall;
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/", this::handle);
    server.start();
  }

  /** The proxy's base URL, to use instead of the target's. */
  public String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Runs before a request is forwarded: a test's way to act between a client's read and write. */
  @FunctionalInterface
  public interface Hook {
    void before(String method, String path);
  }

  private volatile Hook hook = (method, path) -> {};

  public void hook(Hook value) {
    hook = value;
  }

  public void faultRate(double rate) {
    faultRate = rate;
  }

  public int requests() {
    return requests.get();
  }

  public int faults() {
    return faults.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    Fault fault = null;
    synchronized (random) {
      if (random.nextDouble() < faultRate) {
        fault = Fault.values()[random.nextInt(Fault.values().length)];
      }
    }
    try (exchange) {
      if (fault != null) {
        faults.incrementAndGet();
      }
      if (fault == Fault.ERROR_500 || fault == Fault.BUSY_503 || fault == Fault.LIMIT_429) {
        int status = fault == Fault.ERROR_500 ? 500 : fault == Fault.BUSY_503 ? 503 : 429;
        exchange.getResponseHeaders().add("Retry-After", "0");
        exchange.sendResponseHeaders(status, -1);
        return;
      }
      if (fault == Fault.RESET_BEFORE) {
        return; // closed without an answer, before the server saw it
      }
      byte[] body = exchange.getRequestBody().readAllBytes();
      hook.before(exchange.getRequestMethod(), exchange.getRequestURI().getPath());
      HttpRequest.Builder forward =
          HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
              .timeout(Duration.ofSeconds(60))
              .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
      for (Map.Entry<String, List<String>> h : exchange.getRequestHeaders().entrySet()) {
        if (!HOP_HEADERS.contains(h.getKey().toLowerCase(Locale.ROOT))) {
          h.getValue().forEach(v -> forward.header(h.getKey(), v));
        }
      }
      HttpResponse<byte[]> answer;
      try {
        answer = client.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (IOException e) {
        // Radicale closes HTTP/1.0 connections the client may try to reuse: once more.
        answer = client.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
      }
      if (fault == Fault.RESET_AFTER) {
        return; // the server did it, the client never hears
      }
      if (fault == Fault.STALL) {
        Thread.sleep(stall.toMillis());
        return;
      }
      for (Map.Entry<String, List<String>> h : answer.headers().map().entrySet()) {
        if (!HOP_HEADERS.contains(h.getKey().toLowerCase(Locale.ROOT)) && !h.getKey().startsWith(":")) {
          h.getValue().forEach(v -> exchange.getResponseHeaders().add(h.getKey(), v));
        }
      }
      byte[] out = answer.body();
      boolean noBody = out.length == 0 || answer.statusCode() == 204 || answer.statusCode() == 304;
      exchange.sendResponseHeaders(answer.statusCode(), noBody ? -1 : out.length);
      if (!noBody) {
        exchange.getResponseBody().write(out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
