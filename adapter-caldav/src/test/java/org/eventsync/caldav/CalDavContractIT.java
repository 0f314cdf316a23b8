package org.eventsync.caldav;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Optional;
import java.util.UUID;
import org.eventsync.core.CalendarEntry;
import org.eventsync.core.Event;
import org.eventsync.core.contract.EventSinkContract;
import org.eventsync.core.port.EventSink;
import org.eventsync.http.HttpSettings;
import org.eventsync.http.HttpTransport;
import org.eventsync.testsupport.CalDavProbe;
import org.eventsync.testsupport.TestServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;

/** The shared {@link EventSinkContract} on the real servers, a new calendar for each test. */
class CalDavContractIT {

  private static final TestServers SERVERS = TestServers.load();

  @Nested
  class OnRadicale extends OnServer {
    OnRadicale() {
      super(SERVERS.radicaleHome(), SERVERS.radicaleHome());
    }
  }

  @Nested
  class OnXandikos extends OnServer {
    OnXandikos() {
      super(SERVERS.xandikosHome(), SERVERS.xandikosCalendars());
    }
  }

  @Nested
  class OnSabreWithNextcloudTraps extends OnServer {
    OnSabreWithNextcloudTraps() {
      super(SERVERS.nextcloudTrapsHome(), SERVERS.nextcloudTrapsHome());
    }
  }

  abstract static class OnServer extends EventSinkContract {
    private final String name = "Contract " + UUID.randomUUID().toString().substring(0, 8);
    private final HttpTransport http = new HttpTransport(HttpSettings.defaults());
    private final CalDavSettings settings;
    private final CalDavProbe probe;
    private final Path cache;
    private final ICalendarCodec codec = new ICalendarCodec(ZoneId.of("Europe/Berlin"));

    OnServer(String home, String calendarsUnder) {
      settings = new CalDavSettings(URI.create(home), SERVERS.davUser(), SERVERS.davPassword(), name,
          ZoneId.of("Europe/Berlin"));
      probe = new CalDavProbe(calendarsUnder, SERVERS.davUser(), SERVERS.davPassword(),
          CalendarPaths.segment(name));
      try {
        cache = Files.createTempDirectory("contract").resolve("cache.json");
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }

    @AfterEach
    void dropCalendar() throws Exception {
      probe.deleteCalendar();
      http.close();
    }

    @Override
    protected EventSink newSink() {
      return new CalDavEventSink(http, settings, Optional.of(cache));
    }

    @Override
    protected EventSink reopen() {
      return new CalDavEventSink(http, settings, Optional.of(cache));
    }

    @Override
    protected void editElsewhere(CalendarEntry entry, Event content) {
      String href = entry.href();
      probe.put(href.substring(href.lastIndexOf('/') + 1), codec.format(content));
    }
  }
}
