package org.eventsync.serve;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eventsync.text.OneLine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP endpoints: probes, metrics and the page answer GET; the two hooks take POST, check
 * the secret, answer 202 at once and leave the run to the {@link RunLoop}. A hook's body is read
 * (to check a signature, at most {@link HookGate#MAX_BODY_BYTES}) but never parsed: any change
 * syncs the whole pair, so nothing in it can steer the sync.
 */
final class Endpoints extends Handler.Abstract {

  private static final Logger LOG = LoggerFactory.getLogger("event-sync");
  static final String TEXT = "text/plain; charset=utf-8";

  private final RunLoop loop;
  private final RunHistory history;
  private final ServeMetrics metrics;
  private final HookGate gate;
  private final Optional<URI> moderation;

  Endpoints(RunLoop loop, RunHistory history, ServeMetrics metrics, HookGate gate,
      Optional<URI> moderation) {
    this.loop = loop;
    this.history = history;
    this.metrics = metrics;
    this.gate = gate;
    this.moderation = moderation;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws IOException {
    String path = Request.getPathInContext(request);
    String method = request.getMethod();
    response.getHeaders().put("Cache-Control", "no-store");
    response.getHeaders().put("X-Content-Type-Options", "nosniff");
    switch (path) {
      case "/hooks/directus", "/hooks/calendar" -> {
        if (!"POST".equals(method)) {
          return answer(response, callback, 405, TEXT, "use POST\n");
        }
        String hook = path.substring("/hooks/".length());
        int status = gate.check(request);
        if (status == 202) {
          LOG.debug("Hook call to {}: a sync will run", path);
          loop.trigger();
        }
        metrics.hook(hook, status);
        if (status == 401) {
          response.getHeaders().put("WWW-Authenticate", "Bearer");
        }
        return answer(response, callback, status, TEXT, gate.answer(status));
      }
      default -> {
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
          return answer(response, callback, 405, TEXT, "use GET\n");
        }
      }
    }
    Instant now = Instant.now();
    return switch (path) {
      case "/healthz" -> answer(response, callback, 200, TEXT, "alive\n");
      case "/readyz" -> {
        Optional<String> reason = history.notReady(now);
        yield answer(response, callback, reason.isPresent() ? 503 : 200, TEXT,
            reason.map(r -> "not ready: " + OneLine.of(r)).orElse("ready") + "\n");
      }
      case "/metrics" -> answer(response, callback, 200,
          "text/plain; version=0.0.4; charset=utf-8", metrics.scrape());
      case "/" -> {
        response.getHeaders().put("Content-Security-Policy",
            "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'");
        response.getHeaders().put("Referrer-Policy", "no-referrer");
        yield answer(response, callback, 200, "text/html; charset=utf-8",
            StatusPage.render(history, loop.nextPoll(), moderation, gate.enabled(), now));
      }
      default -> answer(response, callback, 404, TEXT, "not found\n");
    };
  }

  static boolean answer(Response response, Callback callback, int status, String type,
      String body) {
    response.setStatus(status);
    response.getHeaders().put("Content-Type", type);
    if (status == 413) {
      // The body is left unread, so Jetty closes the connection: said in the answer, a client
      // opens a new one for its next call instead of sending it into the closed one.
      response.getHeaders().put("Connection", "close");
    }
    response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
    return true;
  }
}
