package org.eventsync.serve;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eventsync.text.OneLine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hooks of many pairs, for a worker of a cluster: {@code POST /hooks/directus/<pair>} and
 * {@code POST /hooks/calendar/<pair>} ask for a run of that pair, checked as {@code serve}'s hooks
 * are (the webhook secret, at most 64 KB, 202 at once); {@code GET /healthz} says the process
 * lives, {@code GET /readyz} whether it can take part (200, or 503 and one line why). The run
 * itself is the cluster's business: {@code trigger} says whether it knows the pair.
 */
public final class PairHooks implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger("event-sync");

  private final Listener listener;

  private PairHooks(Listener listener) {
    this.listener = listener;
  }

  /**
   * Listens on {@code address}.
   *
   * @param trigger asks for a run of the named pair; false when there is no such pair
   * @param unready why the worker cannot take part now (its database is out of reach), if so
   * @throws java.io.UncheckedIOException when the address cannot be bound
   */
  public static PairHooks start(InetSocketAddress address, Optional<String> secret,
      Predicate<String> trigger, Supplier<Optional<String>> unready) {
    HookGate gate = new HookGate(secret);
    Listener listener = Listener.start(address, new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback)
          throws IOException {
        return PairHooks.handle(gate, trigger, unready, request, response, callback);
      }
    }, "hooks");
    LOG.info("Hooks of the pairs on http://{}:{}/hooks/directus/PAIR and /hooks/calendar/PAIR{}",
        address.getHostString(), listener.port(),
        secret.isPresent() ? "" : " (off until a webhook secret is set)");
    return new PairHooks(listener);
  }

  private static boolean handle(HookGate gate, Predicate<String> trigger,
      Supplier<Optional<String>> unready, Request request, Response response, Callback callback)
      throws IOException {
    String path = Request.getPathInContext(request);
    response.getHeaders().put("Cache-Control", "no-store");
    response.getHeaders().put("X-Content-Type-Options", "nosniff");
    if (path.equals("/healthz")) {
      return Endpoints.answer(response, callback, 200, Endpoints.TEXT, "alive\n");
    }
    if (path.equals("/readyz")) {
      Optional<String> why = unready.get();
      return Endpoints.answer(response, callback, why.isEmpty() ? 200 : 503, Endpoints.TEXT,
          why.map(w -> "not ready: " + OneLine.of(w) + "\n").orElse("ready\n"));
    }
    String[] parts = path.split("/", -1);
    if (parts.length != 4 || !parts[1].equals("hooks")
        || !(parts[2].equals("directus") || parts[2].equals("calendar")) || parts[3].isEmpty()) {
      return Endpoints.answer(response, callback, 404, Endpoints.TEXT,
          "not found: the hooks are /hooks/directus/PAIR and /hooks/calendar/PAIR\n");
    }
    if (!"POST".equals(request.getMethod())) {
      return Endpoints.answer(response, callback, 405, Endpoints.TEXT, "use POST\n");
    }
    int status = gate.check(request);
    if (status == 202 && !trigger.test(parts[3])) {
      return Endpoints.answer(response, callback, 404, Endpoints.TEXT, "no such pair\n");
    }
    if (status == 401) {
      response.getHeaders().put("WWW-Authenticate", "Bearer");
    }
    return Endpoints.answer(response, callback, status, Endpoints.TEXT, gate.answer(status));
  }

  /** The port listened on. */
  public int port() {
    return listener.port();
  }

  @Override
  public void close() {
    listener.stop();
  }
}
