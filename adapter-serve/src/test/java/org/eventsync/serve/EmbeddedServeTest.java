package org.eventsync.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.eventsync.core.testing.Events.event;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eventsync.core.port.SideUnavailableException;
import org.eventsync.core.sync.SyncListener;
import org.eventsync.core.sync.SyncPolicy;
import org.eventsync.core.sync.SyncReport;
import org.eventsync.core.sync.Synchronizer;
import org.eventsync.core.testing.InMemoryEventSink;
import org.eventsync.core.testing.InMemoryEventSource;
import org.eventsync.core.testing.InMemorySyncStateStore;
import org.junit.jupiter.api.Test;

/** The embedding example of docs/embedding.md, as written there, with the in-memory adapters. */
class EmbeddedServeTest {

  @Test
  void anEmbeddersServerSyncsOnAHookCall() throws Exception {
    InMemoryEventSource source = new InMemoryEventSource();
    InMemoryEventSink sink = new InMemoryEventSink();
    InMemorySyncStateStore store = new InMemorySyncStateStore();
    String secret = "an-embedders-secret-0123";

    Synchronizer synchronizer =
        new Synchronizer(source, sink, store, SyncPolicy.defaults(), SyncListener.silent());
    AtomicBoolean stop = new AtomicBoolean();
    SyncServer server = SyncServer.start(
        new ServeSettings(new InetSocketAddress("127.0.0.1", 0), Optional.of(secret),
            Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofMillis(500), Optional.empty()),
        reconcile -> {
          try {
            SyncReport report =
                reconcile ? synchronizer.reconcile(stop::get) : synchronizer.run(stop::get);
            SyncRuns.Result result = report.refused() ? SyncRuns.Result.REFUSED
                : report.partial() ? SyncRuns.Result.PARTIAL : SyncRuns.Result.OK;
            return new SyncRuns.Outcome(result, Optional.of(report), report.plan().refusal(), Map.of());
          } catch (SideUnavailableException e) {
            return new SyncRuns.Outcome(SyncRuns.Result.FAILED, Optional.empty(),
                Optional.of(e.getMessage()), Map.of());
          }
        });
    try {
      HttpClient client = HttpClient.newHttpClient();
      URI metrics = URI.create("http://127.0.0.1:" + server.port() + "/metrics");
      for (int i = 0; i < 500 && !client.send(HttpRequest.newBuilder(metrics).build(),
          HttpResponse.BodyHandlers.ofString()).body()
          .contains("event_sync_runs_total{outcome=\"ok\"} 1.0"); i++) {
        Thread.sleep(10); // the start run, with nothing to publish yet
      }
      source.add(event("x", "Open day", 3), true);
      HttpResponse<String> answer = client.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/hooks/directus"))
              .header("Authorization", "Bearer " + secret)
              .POST(HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.ofString());

      assertThat(answer.statusCode()).isEqualTo(202);
      awaitCalendar(sink, 1);
      assertThat(sink.all()).singleElement()
          .satisfies(c -> assertThat(c.event().title()).isEqualTo("Open day"));
    } finally {
      stop.set(true);
      server.close();
    }
  }

  private static void awaitCalendar(InMemoryEventSink sink, int size) throws InterruptedException {
    for (int i = 0; i < 500 && sink.all().size() != size; i++) {
      Thread.sleep(10);
    }
    Thread.sleep(100);
    assertThat(sink.all()).hasSize(size);
  }
}
