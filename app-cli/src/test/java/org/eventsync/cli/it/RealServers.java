package org.eventsync.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.eventsync.core.Origin;
import org.eventsync.core.SourceEvent;
import org.eventsync.directus.DirectusEventSource;
import org.eventsync.directus.DirectusFields;
import org.eventsync.directus.DirectusSettings;
import org.eventsync.http.HttpSettings;
import org.eventsync.http.HttpTransport;
import org.eventsync.testsupport.CalDavProbe;
import org.eventsync.testsupport.DirectusProbe;
import org.eventsync.testsupport.TestServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every end-to-end test starts from: a fresh Directus collection (created with the tool's
 * own init-schema), a calendar name nobody used, a work folder, and the jar configured for them.
 */
abstract class RealServers {

  static final TestServers SERVERS = TestServers.load();

  final String suffix = UUID.randomUUID().toString().substring(0, 8);
  final String collection = "it_" + suffix;
  final String calendarName = "IT Events " + suffix;
  DirectusProbe directus;
  CalDavProbe calendar;
  CliRunner cli;

  @TempDir Path work;

  @BeforeEach
  void createCollection() {
    directus = new DirectusProbe(SERVERS, collection);
    calendar =
        new CalDavProbe(
            SERVERS.radicaleHome(), SERVERS.davUser(), SERVERS.davPassword(), "it-events-" + suffix);
    cli = new CliRunner(work, environment());
    if (cli.run("init-schema").exitCode() != 0) {
      throw new IllegalStateException("init-schema failed");
    }
  }

  @AfterEach
  void dropCollection() {
    directus.dropCollection();
    calendar.deleteCalendar();
    new CalDavProbe(SERVERS.xandikosCalendars(), SERVERS.davUser(), SERVERS.davPassword(),
        "it-events-" + suffix).deleteCalendar();
  }

  /**
   * Both sides hold what the rules say, read straight from the servers: every approved item is
   * in the calendar once, no pending item entered in Directus is, every calendar event has its
   * Directus item, and no uid appears twice on either side.
   */
  void assertConverged(String what, CalDavProbe cal) {
    try (HttpTransport http = new HttpTransport(HttpSettings.defaults())) {
      List<SourceEvent> items =
          new DirectusEventSource(http,
                  new DirectusSettings(URI.create(SERVERS.directusUrl()), SERVERS.directusToken(),
                      collection, ZoneId.of("Europe/Berlin")),
                  DirectusFields.defaults())
              .list().items();
      List<String> uids = cal.objects().stream().map(RealServers::uidOf).toList();
      assertThat(uids).as("%s: no two calendar objects share a uid", what).doesNotHaveDuplicates();
      assertThat(items.stream().map(SourceEvent::uid)).as("%s: no duplicate items", what)
          .doesNotHaveDuplicates();
      for (SourceEvent s : items) {
        if (s.approved()) {
          assertThat(uids).as("%s: approved %s is published", what, s).contains(s.uid());
        } else if (s.origin() == Origin.SOURCE) {
          assertThat(uids).as("%s: pending %s is not", what, s).doesNotContain(s.uid());
        }
      }
      Set<String> stray = new HashSet<>(uids);
      items.forEach(s -> stray.remove(s.uid()));
      assertThat(stray).as("%s: every calendar event is in Directus", what).isEmpty();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static String uidOf(String ics) {
    String event = ics.substring(Math.max(0, ics.indexOf("BEGIN:VEVENT")));
    for (String line : event.replace("\r", "").split("\n")) {
      if (line.startsWith("UID:")) {
        return line.substring(4).strip();
      }
    }
    return "";
  }

  /** A port nothing listens on now, for a process the test starts. */
  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  Map<String, String> environment() {
    Map<String, String> env = new HashMap<>();
    env.put("DIRECTUS_API_URL", SERVERS.directusUrl());
    env.put("DIRECTUS_API_TOKEN", SERVERS.directusToken());
    env.put("DIRECTUS_COLLECTION", collection);
    env.put("NEXTCLOUD_URL", SERVERS.radicaleHome());
    env.put("NEXTCLOUD_USERNAME", SERVERS.davUser());
    env.put("NEXTCLOUD_PASSWORD", SERVERS.davPassword());
    env.put("NEXTCLOUD_CALENDAR_NAME", calendarName);
    env.put("EVENT_TIMEZONE", "Europe/Berlin");
    env.put("PROPOSALS_COLLECTION", directus.proposalsCollection());
    return env;
  }
}
