package org.eventsync.serve;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One address served by Jetty: a few threads, no server banner, stopped by its owner. */
final class Listener {

  private static final Logger LOG = LoggerFactory.getLogger("event-sync");

  private final Server jetty;
  private final ServerConnector connector;

  private Listener(InetSocketAddress address, Handler handler, String threads) {
    QueuedThreadPool pool = new QueuedThreadPool(8, 2);
    pool.setName(threads);
    this.jetty = new Server(pool);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    this.connector = new ServerConnector(jetty, 1, 1, new HttpConnectionFactory(http));
    connector.setHost(address.getHostString());
    connector.setPort(address.getPort());
    jetty.addConnector(connector);
    jetty.setHandler(handler);
    jetty.setStopAtShutdown(false); // the application stops its work first, then this
  }

  /**
   * Listens on {@code address} with {@code handler}.
   *
   * @throws UncheckedIOException when the address cannot be bound
   */
  static Listener start(InetSocketAddress address, Handler handler, String threads) {
    Listener listener = new Listener(address, handler, threads);
    try {
      listener.jetty.start();
    } catch (Exception e) {
      listener.stop();
      throw new UncheckedIOException(new IOException(
          "cannot listen on " + address.getHostString() + ":" + address.getPort()
              + " (" + e.getMessage() + ")", e));
    }
    return listener;
  }

  int port() {
    return connector.getLocalPort();
  }

  String host() {
    return connector.getHost();
  }

  void stop() {
    try {
      jetty.stop();
    } catch (Exception e) {
      LOG.warn("Stopping the HTTP endpoints: {}", e.getMessage());
    }
  }
}
