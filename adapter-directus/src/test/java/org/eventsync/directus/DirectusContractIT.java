package org.eventsync.directus;

import com.google.gson.JsonObject;
import java.net.URI;
import java.time.ZoneId;
import java.util.UUID;
import org.eventsync.core.SourceEvent;
import org.eventsync.core.contract.EventSourceContract;
import org.eventsync.core.port.EventSource;
import org.eventsync.http.HttpSettings;
import org.eventsync.http.HttpTransport;
import org.eventsync.testsupport.DirectusProbe;
import org.eventsync.testsupport.TestServers;
import org.junit.jupiter.api.AfterEach;

/** The shared {@link EventSourceContract} on the real Directus, a new collection for each test. */
class DirectusContractIT extends EventSourceContract {

  private static final TestServers SERVERS = TestServers.load();

  private final String collection = "contract_" + UUID.randomUUID().toString().substring(0, 8);
  private final HttpTransport http = new HttpTransport(HttpSettings.defaults());
  private final DirectusSettings settings = new DirectusSettings(URI.create(SERVERS.directusUrl()),
      SERVERS.directusToken(), collection, ZoneId.of("Europe/Berlin"));
  private final DirectusProbe probe = new DirectusProbe(SERVERS, collection);

  @AfterEach
  void dropCollection() throws Exception {
    probe.dropCollection();
    http.close();
  }

  @Override
  protected EventSource newSource() {
    new DirectusSchema(http, settings, DirectusFields.defaults()).ensure();
    return reopen();
  }

  @Override
  protected EventSource reopen() {
    return new DirectusEventSource(http, settings, DirectusFields.defaults());
  }

  @Override
  protected void approveElsewhere(SourceEvent item) {
    JsonObject approval = new JsonObject();
    approval.addProperty("approved", true);
    probe.update(Integer.parseInt(item.id()), approval);
  }
}
