package org.eventsync.serve;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
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

  private final Server jetty;
  private final RunLoop loop;
  private final ServerConnector connector;

  private SyncServer(ServeSettings settings, SyncRuns runs) {
    RunHistory history = new RunHistory(settings.poll().multipliedBy(STALE_POLLS));
    ServeMetrics metrics = new ServeMetrics();
    this.loop = new RunLoop(runs, settings, List.of(history, metrics));
    QueuedThreadPool threads = new QueuedThreadPool(8, 2);
    threads.setName("serve");
    this.jetty = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    this.connector = new ServerConnector(jetty, 1, 1, new HttpConnectionFactory(http));
    connector.setHost(settings.address().getHostString());
    connector.setPort(settings.address().getPort());
    jetty.addConnector(connector);
    jetty.setHandler(new Endpoints(loop, history, metrics, new HookGate(settings.hookSecret()),
        settings.moderation()));
    jetty.setStopAtShutdown(false); // the application stops the runs first, then this
  }

  /**
   * Listens, then starts the loop (its first run starts at once).
   *
   * @throws UncheckedIOException when the address cannot be bound
   */
  public static SyncServer start(ServeSettings settings, SyncRuns runs) {
    SyncServer server = new SyncServer(settings, runs);
    try {
      server.jetty.start();
    } catch (Exception e) {
      server.stopJetty();
      throw new UncheckedIOException(new IOException(
          "cannot listen on " + settings.address().getHostString() + ":" + settings.address().getPort()
              + " (" + e.getMessage() + ")", e));
    }
    server.loop.start();
    LOG.info("Serving on http://{}:{} (hooks at /hooks/directus and /hooks/calendar{}); polling every {}",
        settings.address().getHostString(), server.port(),
        settings.hookSecret().isPresent() ? "" : ", off until a webhook secret is set",
        settings.poll());
    return server;
  }

  /** The port listened on (the one asked for, or the one chosen for port 0). */
  public int port() {
    return connector.getLocalPort();
  }

  /** The address listened on. */
  public InetSocketAddress address() {
    return new InetSocketAddress(connector.getHost(), port());
  }

  /** Starts no further run, waits for the current one, then stops listening. */
  @Override
  public void close() throws InterruptedException {
    try {
      loop.close();
    } finally {
      stopJetty();
    }
  }

  private void stopJetty() {
    try {
      jetty.stop();
    } catch (Exception e) {
      LOG.warn("Stopping the HTTP endpoints: {}", e.getMessage());
    }
  }
}
