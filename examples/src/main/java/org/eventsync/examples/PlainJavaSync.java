package org.eventsync.examples;

import java.net.URI;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import org.eventsync.caldav.CalDavEventSink;
import org.eventsync.caldav.CalDavSettings;
import org.eventsync.core.sync.SyncListener;
import org.eventsync.core.sync.SyncPolicy;
import org.eventsync.core.sync.SyncReport;
import org.eventsync.core.sync.Synchronizer;
import org.eventsync.directus.DirectusEventSource;
import org.eventsync.directus.DirectusFields;
import org.eventsync.directus.DirectusSettings;
import org.eventsync.http.HttpSettings;
import org.eventsync.http.HttpTransport;
import org.eventsync.statefile.JsonFileSyncStateStore;

/**
 * Embedding without Guice: the engine is four objects put together by hand. Needs {@code
 * sync-core}, {@code adapter-directus}, {@code adapter-caldav} and {@code adapter-statefile}.
 *
 * <pre>
 * DIRECTUS_API_URL=… DIRECTUS_API_TOKEN=… NEXTCLOUD_URL=… NEXTCLOUD_USERNAME=… NEXTCLOUD_PASSWORD=… \
 *   java -cp … org.eventsync.examples.PlainJavaSync
 * </pre>
 */
public final class PlainJavaSync {

  private PlainJavaSync() {}

  public static void main(String[] args) throws Exception {
    SyncReport report = syncOnce(System.getenv(), Path.of("state"));
    System.out.printf("%d changes made, %d failed%n", report.done().size(), report.failed().size());
  }

  /** One sync with the settings named as in .env.example, keeping its state in {@code stateDir}. */
  public static SyncReport syncOnce(Map<String, String> env, Path stateDir) throws Exception {
    ZoneId zone = ZoneId.of(env.getOrDefault("EVENT_TIMEZONE", "Europe/Berlin"));
    try (HttpTransport http = new HttpTransport(HttpSettings.defaults())) {
      DirectusEventSource directus = new DirectusEventSource(http,
          new DirectusSettings(URI.create(env.get("DIRECTUS_API_URL")), env.get("DIRECTUS_API_TOKEN"),
              env.getOrDefault("DIRECTUS_COLLECTION", "events"), zone),
          DirectusFields.defaults());
      CalDavEventSink calendar = new CalDavEventSink(http,
          new CalDavSettings(URI.create(env.get("NEXTCLOUD_URL")), env.get("NEXTCLOUD_USERNAME"),
              env.get("NEXTCLOUD_PASSWORD"), env.getOrDefault("NEXTCLOUD_CALENDAR_NAME", "events"), zone),
          Optional.of(stateDir.resolve("calendar-cache.json")));
      Synchronizer sync = new Synchronizer(directus, calendar,
          new JsonFileSyncStateStore(stateDir.resolve("sync-state.json")),
          SyncPolicy.defaults(), SyncListener.silent());
      return sync.run(() -> false);
    }
  }
}
