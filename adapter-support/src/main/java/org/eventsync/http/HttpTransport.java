package org.eventsync.http;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;
import org.eventsync.core.port.SideUnavailableException;
import org.eventsync.core.port.SideUnavailableException.Reason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one HTTP client both adapters use: pooled keep-alive connections, connect and read timeouts,
 * and retries with exponential backoff for the failures that pass (429, 502, 503, 504, connection
 * resets and timeouts), honouring {@code Retry-After} within a sane range.
 *
 * <p>Only requests that are safe to repeat are retried after the server may have received them;
 * a {@code POST} is retried only when the server said it did not process it (429, 503) or the
 * connection never opened. Nothing here logs headers or bodies, so credentials stay out of logs.
 */
public final class HttpTransport implements Closeable {

  private static final Logger LOG = LoggerFactory.getLogger(HttpTransport.class);
  /** A 500 may pass too, but only a request that is safe to repeat is sent again for it. */
  private static final int SERVER_ERROR = 500;
  private static final Set<Integer> NOT_PROCESSED = Set.of(429, 503);

  private final CloseableHttpClient client;
  private final PoolingHttpClientConnectionManager pool;
  private final HttpSettings settings;
  private final Sleeper sleeper;
  private final Backoff backoff;
  private final AtomicLong requests = new AtomicLong();
  /** Per host and port: how many requests may be in flight there now. */
  private final Map<String, InFlightLimit> limits = new ConcurrentHashMap<>();
  /** Requests sent per origin (scheme, host and port), for the two sides' counts. */
  private final Map<String, AtomicLong> requestsByOrigin = new ConcurrentHashMap<>();
  private final AtomicLong bytesSent = new AtomicLong();
  private final AtomicLong bytesReceived = new AtomicLong();

  /** Waits between retries; tests replace it so they need not sleep. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  public HttpTransport(HttpSettings settings) {
    this(settings, d -> Thread.sleep(d.toMillis()));
  }

  public HttpTransport(HttpSettings settings, Sleeper sleeper) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.backoff = new Backoff(settings);
    this.pool =
        PoolingHttpClientConnectionManagerBuilder.create()
            .setMaxConnTotal(settings.maxConnections())
            .setMaxConnPerRoute(settings.maxConnections())
            .setTlsSocketStrategy(TlsStrategies.of(settings))
            .setDefaultConnectionConfig(
                ConnectionConfig.custom()
                    .setConnectTimeout(Timeout.of(settings.connectTimeout()))
                    .setSocketTimeout(Timeout.of(settings.readTimeout()))
                    .setValidateAfterInactivity(Timeout.ofSeconds(2))
                    .build())
            .build();
    this.client =
        HttpClients.custom()
            .setConnectionManager(pool)
            .disableAutomaticRetries()
            .disableRedirectHandling()
            .disableCookieManagement()
            .setUserAgent(settings.userAgent())
            .setDefaultRequestConfig(
                RequestConfig.custom()
                    .setResponseTimeout(Timeout.of(settings.readTimeout()))
                    .build())
            .evictIdleConnections(Timeout.ofSeconds(30))
            .build();
  }

  /** Sends {@code request}, retrying passing failures; the last answer comes back, whatever it is. */
  public HttpResponse send(HttpRequest request) {
    int attempt = 0;
    while (true) {
      attempt++;
      try {
        HttpResponse response = sendOnce(request);
        boolean mayRepeat = request.idempotent() || NOT_PROCESSED.contains(response.status());
        boolean passing = response.passing()
            || (response.status() == SERVER_ERROR && request.idempotent());
        if (passing
            && mayRepeat
            && attempt < settings.maxAttempts()) {
          Duration wait = backoff.before(attempt, response.header("retry-after"));
          LOG.warn(
              "{} {} answered {}; retrying in {} ms (attempt {} of {})",
              request.method(), describe(request.uri()), response.status(), wait.toMillis(),
              attempt + 1, settings.maxAttempts());
          pause(wait);
          continue;
        }
        return response;
      } catch (IOException e) {
        boolean neverSent = e instanceof ConnectException || e instanceof UnknownHostException
            || e instanceof NoRouteToHostException;
        if (e instanceof SSLException || e instanceof UnknownHostException) {
          throw unavailable(request, e);
        }
        if ((request.idempotent() || neverSent) && attempt < settings.maxAttempts()) {
          Duration wait = backoff.before(attempt, Optional.empty());
          LOG.warn(
              "{} {} failed ({}); retrying in {} ms (attempt {} of {})",
              request.method(), describe(request.uri()), reason(e), wait.toMillis(), attempt + 1,
              settings.maxAttempts());
          pause(wait);
          continue;
        }
        throw unavailable(request, e);
      }
    }
  }

  /** One attempt, within the host's in-flight limit, which the answer may lower. */
  private HttpResponse sendOnce(HttpRequest request) throws IOException {
    InFlightLimit limit = limits.computeIfAbsent(
        request.uri().getHost() + ":" + request.uri().getPort(),
        host -> new InFlightLimit(settings.maxConnections()));
    try {
      limit.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting to send");
    }
    boolean overloaded = false;
    try {
      HttpResponse response = exchange(request);
      overloaded = NOT_PROCESSED.contains(response.status());
      if (overloaded) {
        LOG.debug("{} is overloaded ({}); at most {} requests in flight to it now",
            describe(request.uri()), response.status(), Math.max(1, limit.limit() / 2));
      }
      return response;
    } finally {
      limit.release(overloaded);
    }
  }

  private HttpResponse exchange(HttpRequest request) throws IOException {
    HttpUriRequestBase http = new HttpUriRequestBase(request.method(), request.uri());
    request.headers().forEach(http::setHeader);
    request.body().ifPresent(body -> {
      http.setEntity(new ByteArrayEntity(body, ContentType.parse(request.contentType())));
      bytesSent.addAndGet(body.length);
    });
    requests.incrementAndGet();
    requestsByOrigin.computeIfAbsent(origin(request.uri()), o -> new AtomicLong()).incrementAndGet();
    LOG.debug("{} {}", request.method(), request.uri());
    return client.execute(http, response -> {
      byte[] body = response.getEntity() == null ? new byte[0]
          : EntityUtils.toByteArray(response.getEntity(), settings.maxResponseBytes());
      bytesReceived.addAndGet(body.length);
      Map<String, String> headers = new LinkedHashMap<>();
      for (Header header : response.getHeaders()) {
        headers.putIfAbsent(header.getName().toLowerCase(Locale.ROOT), header.getValue());
      }
      return new HttpResponse(response.getCode(), headers, body);
    });
  }

  private void pause(Duration wait) {
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SideUnavailableException(Reason.UNREACHABLE, "interrupted while waiting to retry");
    }
  }

  private SideUnavailableException unavailable(HttpRequest request, IOException e) {
    String what = request.method() + " " + describe(request.uri());
    if (e instanceof SSLException) {
      return new SideUnavailableException(
          Reason.UNREACHABLE,
          "TLS failed for " + what + " (" + e.getMessage() + "); check the certificate and the"
              + " URL's scheme and port",
          e);
    }
    if (e instanceof UnknownHostException) {
      return new SideUnavailableException(
          Reason.UNREACHABLE, "unknown host in " + what + "; check the URL", e);
    }
    return new SideUnavailableException(
        Reason.UNREACHABLE,
        "cannot reach " + what + " (" + reason(e) + ") after " + settings.maxAttempts()
            + " attempts; check that the server runs and the URL is right",
        e);
  }

  private static String reason(IOException e) {
    if (e instanceof InterruptedIOException) {
      return "timed out";
    }
    if (e instanceof ConnectException) {
      return "connection refused";
    }
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }

  /** The URI without user info or query, for messages: queries may hold filters but never secrets. */
  public static String describe(URI uri) {
    return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
        + (uri.getRawPath() == null ? "" : uri.getRawPath());
  }

  /** Requests sent (each retry counts), bytes of request bodies sent and response bodies read. */
  public Stats stats() {
    return new Stats(requests.get(), bytesSent.get(), bytesReceived.get());
  }

  /** Requests sent so far (each retry counts) to the origin of {@code uri}: its scheme, host and port. */
  public long requestsTo(URI uri) {
    AtomicLong count = requestsByOrigin.get(origin(uri));
    return count == null ? 0 : count.get();
  }

  /** The origin {@link #requestsTo} counts by: scheme, host and port. */
  public static String origin(URI uri) {
    return uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort();
  }

  /** Counters for benchmarks and summaries. */
  public record Stats(long requests, long bytesSent, long bytesReceived) {}

  @Override
  public void close() throws IOException {
    client.close();
    pool.close();
  }

}
