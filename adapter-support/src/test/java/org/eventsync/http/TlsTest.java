package org.eventsync.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.eventsync.core.port.SideUnavailableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real TLS server with a self-signed certificate (made with the JDK's keytool). */
class TlsTest {

  @TempDir Path dir;
  private HttpsServer server;
  private URI uri;

  @BeforeEach
  void start() throws Exception {
    Path store = dir.resolve("server.p12");
    Process keytool = new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
            "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
            "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
            "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", "changeit")
        .redirectErrorStream(true).start();
    assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(keytool.exitValue()).isZero();
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      keys.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, "changeit".toCharArray());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf.getKeyManagers(), null, null);
    server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(context));
    server.createContext("/", exchange -> {
      exchange.sendResponseHeaders(200, 2);
      exchange.getResponseBody().write("ok".getBytes());
      exchange.close();
    });
    server.start();
    uri = URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void aCertificateNobodyVouchesForIsRefusedWithAClearLine() throws Exception {
    try (HttpTransport http = new HttpTransport(HttpSettings.defaults(), d -> {})) {
      assertThatThrownBy(() -> http.send(HttpRequest.of("GET", uri, Map.of())))
          .isInstanceOf(SideUnavailableException.class)
          .hasMessageContaining("TLS failed")
          .hasMessageContaining("check the certificate");
    }
  }

  @Test
  void aHostListedOnPurposeIsNotChecked() throws Exception {
    HttpSettings settings = HttpSettings.defaults().withUnverifiedTlsHosts(Set.of("127.0.0.1"));
    try (HttpTransport http = new HttpTransport(settings, d -> {})) {
      assertThat(http.send(HttpRequest.of("GET", uri, Map.of())).text()).isEqualTo("ok");
    }
    HttpSettings other = HttpSettings.defaults().withUnverifiedTlsHosts(Set.of("cms.example.org"));
    try (HttpTransport http = new HttpTransport(other, d -> {})) {
      assertThatThrownBy(() -> http.send(HttpRequest.of("GET", uri, Map.of())))
          .isInstanceOf(SideUnavailableException.class);
    }
  }
}
