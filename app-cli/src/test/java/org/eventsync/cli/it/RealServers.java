package org.eventsync.cli.it;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
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
    new CalDavProbe(SERVERS.xandikosHome() + "calendars/", SERVERS.davUser(), SERVERS.davPassword(),
        "it-events-" + suffix).deleteCalendar();
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
    return env;
  }
}
