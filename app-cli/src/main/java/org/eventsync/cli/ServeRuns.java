package org.eventsync.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.eventsync.http.HttpTransport;
import org.eventsync.serve.SyncRuns;

/** The runs of {@code serve}: the CLI's runs, each with the requests it sent to either side. */
final class ServeRuns implements SyncRuns {

  private final SyncApp app;
  private final HttpTransport http;
  private final Settings settings;

  /** {@code http}: the transport both sides' adapters use (one per injector). */
  ServeRuns(SyncApp app, HttpTransport http, Settings settings) {
    this.app = app;
    this.http = http;
    this.settings = settings;
  }

  @Override
  public Outcome run(boolean reconcile) {
    long source = http.requestsTo(settings.directusUrl());
    long calendar = http.requestsTo(settings.calendarHome());
    SyncApp.Ran ran = app.attempt(reconcile ? SyncApp.Mode.RECONCILE : SyncApp.Mode.SYNC,
        new SyncApp.Output(false, System.out));
    Map<String, Long> requests = new LinkedHashMap<>();
    requests.put("source", http.requestsTo(settings.directusUrl()) - source);
    if (!sameOrigin()) {
      requests.put("calendar", http.requestsTo(settings.calendarHome()) - calendar);
    }
    return new Outcome(result(ran.code()), ran.report(), ran.failure(), requests);
  }

  /** Both sides behind one origin cannot be told apart; their requests count as the source's. */
  private boolean sameOrigin() {
    return HttpTransport.origin(settings.directusUrl())
        .equals(HttpTransport.origin(settings.calendarHome()));
  }

  private static Result result(ExitCode code) {
    return switch (code) {
      case OK -> Result.OK;
      case PARTIAL -> Result.PARTIAL;
      case REFUSED -> Result.REFUSED;
      default -> Result.FAILED;
    };
  }
}
