package org.eventsync.http;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.Locale;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.NoopHostnameVerifier;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;

/**
 * Certificates are verified for every host, except the ones a user listed on purpose (a
 * self-signed server on their own network). Each strategy is built at the first https
 * connection that needs it: a run against http:// addresses never loads the trust store.
 */
final class TlsStrategies {

  private TlsStrategies() {}

  static TlsSocketStrategy of(HttpSettings settings) {
    Lazy<TlsSocketStrategy> verified = new Lazy<>(DefaultClientTlsStrategy::createSystemDefault);
    Lazy<TlsSocketStrategy> unverified = new Lazy<>(TlsStrategies::trustingEverything);
    return (socket, target, port, attachment, context) ->
        (settings.unverifiedTlsHosts().contains(target.toLowerCase(Locale.ROOT)) ? unverified : verified)
            .get().upgrade(socket, target, port, attachment, context);
  }

  private static TlsSocketStrategy trustingEverything() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {new TrustEverything()}, null);
      return new DefaultClientTlsStrategy(context, NoopHostnameVerifier.INSTANCE);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no TLS in this Java runtime", e);
    }
  }

  /** A value built once, on first use, by whichever connection thread asks first. */
  private static final class Lazy<T> {
    private final Supplier<T> build;
    private T value;

    Lazy(Supplier<T> build) {
      this.build = build;
    }

    synchronized T get() {
      if (value == null) {
        value = build.get();
      }
      return value;
    }
  }

  /** Accepts any certificate: only for the hosts listed in {@code unverifiedTlsHosts}. */
  private static final class TrustEverything implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
