package org.eventsync.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Where the real servers started by {@code scripts/test-servers.sh start} listen. Integration
 * tests fail (never skip) when they are not running: a skipped test proves nothing.
 */
public final class TestServers {

  private final Map<String, String> values;
  private final Path folder;

  private TestServers(Map<String, String> values, Path folder) {
    this.values = values;
    this.folder = folder;
  }

  public static TestServers load() {
    String location = System.getenv("EVENT_SYNC_SERVERS_ENV");
    Path file = Path.of(location == null ? "../.servers/servers.env" : location);
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException(
          "the test servers are not running (no " + file.toAbsolutePath() + "): run"
              + " 'scripts/test-servers.sh start' first, or use scripts/test.sh");
    }
    Map<String, String> values = new HashMap<>();
    try {
      for (String line : Files.readAllLines(file)) {
        int eq = line.indexOf('=');
        if (eq > 0 && !line.startsWith("#")) {
          values.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file, e);
    }
    return new TestServers(values, file.toAbsolutePath().getParent());
  }

  public String get(String name) {
    String value = values.get(name);
    if (value == null) {
      throw new IllegalStateException(name + " is missing from the servers' env file");
    }
    return value;
  }

  public String directusUrl() {
    return get("DIRECTUS_API_URL");
  }

  public String directusToken() {
    return get("DIRECTUS_API_TOKEN");
  }

  public String radicaleHome() {
    return get("NEXTCLOUD_URL");
  }

  public String xandikosHome() {
    return get("XANDIKOS_URL");
  }

  /** Where Xandikos keeps a user's calendars: below the home that NEXTCLOUD_URL names. */
  public String xandikosCalendars() {
    return xandikosHome() + "calendars/";
  }

  public String sabreHome() {
    return get("SABRE_URL");
  }

  /** sabre/dav answering as Nextcloud does in its known traps (scripts/sabre/server.php). */
  public String nextcloudTrapsHome() {
    return get("NEXTCLOUD_TRAPS_URL");
  }

  /**
   * The log of a server the script started ({@code radicale}, {@code xandikos}, …), beside the env
   * file: where a server says why it refused a request when its answer does not (Radicale).
   */
  public Path log(String server) {
    return folder.resolve(server + ".log");
  }

  public String davUser() {
    return get("NEXTCLOUD_USERNAME");
  }

  public String davPassword() {
    return get("NEXTCLOUD_PASSWORD");
  }
}
