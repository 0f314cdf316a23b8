package org.eventsync.serve;

import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A long-running sync: a {@link RunLoop} that runs the application's syncs, and the HTTP
 * endpoints that trigger and watch it ({@code /hooks/directus}, {@code /hooks/calendar},
 * {@code /healthz}, {@code /readyz}, {@code /metrics}, {@code /}).
 *
 * <p>To stop: ask the application's runs to stop (so the current one finishes its item and saves
 * the state), then {@link #close()}.
 */
public final class SyncServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger("event-sync");
  /** The process is not ready once its last good run is this many poll intervals old. */
  static final int STALE_POLLS = 3;

  private final RunLoop loop;
  private final Listener listener;

  private SyncServer(RunLoop loop, Listener listener) {
    this.loop = loop;
    this.listener = listener;
  }

  /**
   * Listens, then starts the loop (its first run starts at once).
   *
   * @throws UncheckedIOException when the address cannot be bound
   */
  public static SyncServer start(ServeSettings settings, SyncRuns runs) {
    RunHistory history = new RunHistory(settings.poll().multipliedBy(STALE_POLLS));
    ServeMetrics metrics = new ServeMetrics();
    RunLoop loop = new RunLoop(runs, settings, List.of(history, metrics));
    Listener listener = Listener.start(settings.address(), new Endpoints(loop, history, metrics,
        new HookGate(settings.hookSecret()), settings.moderation()), "serve");
    SyncServer server = new SyncServer(loop, listener);
    server.loop.start();
    LOG.info("Serving on http://{}:{} (hooks at /hooks/directus and /hooks/calendar{}); polling every {}",
        settings.address().getHostString(), server.port(),
        settings.hookSecret().isPresent() ? "" : ", off until a webhook secret is set",
        settings.poll());
    return server;
  }

  /** The port listened on (the one asked for, or the one chosen for port 0). */
  public int port() {
    return listener.port();
  }

  /** The address listened on. */
  public InetSocketAddress address() {
    return new InetSocketAddress(listener.host(), port());
  }

  /** Starts no further run, waits for the current one, then stops listening. */
  @Override
  public void close() throws InterruptedException {
    try {
      loop.close();
    } finally {
      listener.stop();
    }
  }
}
