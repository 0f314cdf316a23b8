package org.eventsync.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;
import org.eventsync.caldav.CalendarPaths;
import org.eventsync.core.sync.SyncReport;
import org.eventsync.directus.DirectusFields;
import org.eventsync.directus.DirectusSchema;
import org.eventsync.directus.DirectusSettings;
import org.eventsync.http.HttpSettings;
import org.eventsync.http.HttpTransport;
import org.eventsync.testsupport.CalDavProbe;
import org.eventsync.testsupport.DirectusProbe;
import org.eventsync.testsupport.TestServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedding examples run against the real Directus and Radicale, as a reader would run them. */
class ExamplesIT {

  private static final TestServers SERVERS = TestServers.load();

  @TempDir Path work;
  private final String suffix = UUID.randomUUID().toString().substring(0, 8);
  private final String collection = "ex_" + suffix;
  private final String calendarName = "Examples " + suffix;
  private final DirectusProbe directus = new DirectusProbe(SERVERS, collection);
  private final CalDavProbe calendar = new CalDavProbe(SERVERS.radicaleHome(), SERVERS.davUser(),
      SERVERS.davPassword(), CalendarPaths.segment(calendarName));

  @AfterEach
  void cleanUp() {
    directus.dropCollection();
    calendar.deleteCalendar();
  }

  private Map<String, String> settings() {
    return Map.of(
        "DIRECTUS_API_URL", SERVERS.directusUrl(),
        "DIRECTUS_API_TOKEN", SERVERS.directusToken(),
        "DIRECTUS_COLLECTION", collection,
        "NEXTCLOUD_URL", SERVERS.radicaleHome(),
        "NEXTCLOUD_USERNAME", SERVERS.davUser(),
        "NEXTCLOUD_PASSWORD", SERVERS.davPassword(),
        "NEXTCLOUD_CALENDAR_NAME", calendarName,
        "EVENT_TIMEZONE", "Europe/Berlin",
        "EVENT_SYNC_STATE_FILE", work.resolve("state/sync-state.json").toString());
  }

  @Test
  void plainJavaPublishesApprovedDirectusEvents() throws Exception {
    try (HttpTransport http = new HttpTransport(HttpSettings.defaults())) {
      new DirectusSchema(http, new DirectusSettings(URI.create(SERVERS.directusUrl()),
          SERVERS.directusToken(), collection, ZoneId.of("Europe/Berlin")),
          DirectusFields.defaults()).ensure();
    }
    directus.create(DirectusProbe.item("Approved", "2026-12-05T19:00:00", true));
    directus.create(DirectusProbe.item("Pending", "2026-12-06T19:00:00", false));

    SyncReport report = PlainJavaSync.syncOnce(settings(), work.resolve("state"));

    assertThat(report.failed()).isEmpty();
    assertThat(calendar.summaries()).containsExactly("Approved");
  }

  @Test
  void aGuiceOverrideSyncsAJsonFileToTheCalendar() throws Exception {
    Path events = work.resolve("events.json");
    Files.writeString(events, "[{\"id\":\"1\",\"title\":\"From the file\","
        + "\"start\":\"2026-12-05T19:00+01:00[Europe/Berlin]\",\"approved\":true},"
        + "{\"id\":\"2\",\"title\":\"Not yet\",\"start\":\"2026-12-06\",\"approved\":false}]");

    SyncReport first = GuiceOverrideExample.syncOnce(settings(), events);
    calendar.put("typed.ics", CalDavProbe.event("typed@phone", "Typed on a phone", "20261207T170000Z"));
    SyncReport second = GuiceOverrideExample.syncOnce(settings(), events);

    assertThat(first.failed()).isEmpty();
    assertThat(second.failed()).isEmpty();
    assertThat(calendar.summaries()).containsExactlyInAnyOrder("From the file", "Typed on a phone");
    assertThat(Files.readString(events)).contains("Typed on a phone", "\"origin\": \"calendar\"");
  }
}
