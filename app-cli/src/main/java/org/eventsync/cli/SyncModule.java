package org.eventsync.cli;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eventsync.caldav.CalDavEventSink;
import org.eventsync.caldav.CalDavSettings;
import org.eventsync.core.port.EventSink;
import org.eventsync.core.port.EventSource;
import org.eventsync.core.port.SyncStateStore;
import org.eventsync.core.sync.RoutedSource;
import org.eventsync.core.sync.SyncListener;
import org.eventsync.core.sync.SyncPolicy;
import org.eventsync.core.sync.Synchronizer;
import org.eventsync.directus.DirectusEventSource;
import org.eventsync.http.HttpTransport;

/**
 * Binds each port to its adapter, as the CLI runs them. An embedder replaces one binding (say, a
 * custom {@link EventSource}) with {@code Modules.override(SyncModule.of(settings)).with(...)} and
 * asks the injector for a {@link Synchronizer}; see docs/embedding.md.
 */
public final class SyncModule extends AbstractModule {

  private final Settings settings;
  private final SyncPolicy policy;
  private final SyncListener listener;
  private final StateDatabase stateDatabase;

  /**
   * The CLI's wiring: its settings, the policy its flags make of them, its way of reporting, and
   * the process's state database when the settings name one (shared by all its pairs).
   */
  SyncModule(Settings settings, SyncPolicy policy, SyncListener listener,
      StateDatabase stateDatabase) {
    this.settings = settings;
    this.policy = policy;
    this.listener = listener;
    this.stateDatabase = stateDatabase;
  }

  /**
   * The CLI's wiring for settings named as in {@code .env.example} ({@code DIRECTUS_API_URL},
   * {@code NEXTCLOUD_URL}, …); no {@code .env} or JSON file is read.
   *
   * @throws IllegalArgumentException naming the setting that is missing or wrong
   */
  public static SyncModule of(Map<String, String> settings) {
    try {
      Settings loaded = ConfigLoader.of(settings).load();
      return new SyncModule(loaded, loaded.policy(), SyncListener.silent(),
          StateDatabase.of(List.of(loaded)));
    } catch (ConfigException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** A whole sync with the bound ports and rules; it reports through the bound listener. */
  @Provides
  Synchronizer synchronizer(EventSource source, EventSink sink, SyncStateStore store,
      SyncPolicy rules, SyncListener reporting) {
    return new Synchronizer(source, sink, store, rules, reporting)
        .withWriteConcurrency(settings.writeConcurrency());
  }

  /** The settings' rules ({@code HIDE_PENDING_EVENTS}, …), with the CLI's flags applied. */
  @Provides
  SyncPolicy policy() {
    return policy;
  }

  /** Silent for {@link #of}; the CLI logs each action. */
  @Provides
  SyncListener listener() {
    return listener;
  }

  @Override
  protected void configure() {
    bind(Settings.class).toInstance(settings);
  }

  @Provides
  @Singleton
  HttpTransport http() {
    return new HttpTransport(settings.http());
  }

  @Provides
  @Singleton
  EventSource source(HttpTransport http) {
    EventSource directus = new DirectusEventSource(
        http, settings.directus(), settings.fields(),
        Optional.of(settings.stateFile().resolveSibling("directus-cache.json")),
        settings.proposing());
    return settings.route().<EventSource>map(r -> new RoutedSource(directus, r)).orElse(directus);
  }

  @Provides
  @Singleton
  EventSink sink(HttpTransport http) {
    return new CalDavEventSink(
        http,
        new CalDavSettings(
            settings.calendarHome(), settings.calendarUser(), settings.calendarPassword(),
            settings.calendarName(), settings.zone()),
        // The calendar cache lives beside the state: one request per run when nothing changed.
        Optional.of(settings.stateFile().resolveSibling("calendar-cache.json")));
  }

  @Provides
  @Singleton
  SyncStateStore stateStore() {
    return stateDatabase.storeOf(settings);
  }
}
