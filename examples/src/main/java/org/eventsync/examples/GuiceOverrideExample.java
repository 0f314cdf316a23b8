package org.eventsync.examples;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.util.Modules;
import java.nio.file.Path;
import java.util.Map;
import org.eventsync.cli.SyncModule;
import org.eventsync.core.port.EventSource;
import org.eventsync.core.sync.SyncReport;
import org.eventsync.core.sync.Synchronizer;

/**
 * Embedding with the CLI's Guice wiring, one binding replaced: events come from a JSON file
 * ({@link JsonFileEventSource}) instead of Directus, and go to the configured CalDAV calendar.
 */
public final class GuiceOverrideExample {

  private GuiceOverrideExample() {}

  public static void main(String[] args) {
    SyncReport report = syncOnce(System.getenv(), Path.of(args.length > 0 ? args[0] : "events.json"));
    System.out.printf("%d changes made, %d failed%n", report.done().size(), report.failed().size());
  }

  /** One sync from {@code eventsFile} to the calendar named in {@code settings}. */
  public static SyncReport syncOnce(Map<String, String> settings, Path eventsFile) {
    return Guice.createInjector(
            Modules.override(SyncModule.of(settings))
                .with(new AbstractModule() {
                  @Override
                  protected void configure() {
                    bind(EventSource.class).toInstance(new JsonFileEventSource(eventsFile));
                  }
                }))
        .getInstance(Synchronizer.class)
        .run(() -> false);
  }
}
