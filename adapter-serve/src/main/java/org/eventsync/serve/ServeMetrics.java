package org.eventsync.serve;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.eventsync.core.sync.Action;

/** The runs in Prometheus's text format, through Micrometer. */
final class ServeMetrics implements Consumer<FinishedRun> {

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Timer duration;
  private final Timer sinceHook;
  private final Counter failedItems;
  private final AtomicLong lastSuccess = new AtomicLong();
  private final AtomicLong awaiting = new AtomicLong(-1);

  ServeMetrics() {
    duration = Timer.builder("event_sync.run.duration")
        .description("How long a sync run took").register(registry);
    sinceHook = Timer.builder("event_sync.trigger.latency")
        .description("From the first hook call a run served to the end of that run")
        .register(registry);
    failedItems = Counter.builder("event_sync.failed.items")
        .description("Items a run could not read or write").register(registry);
    Gauge.builder("event_sync.last.success", lastSuccess, AtomicLong::get)
        .description("When a run last synced, in seconds since the epoch (0: not yet)")
        .baseUnit("seconds").register(registry);
    Gauge.builder("event_sync.awaiting.moderation", awaiting, AtomicLong::get)
        .description("Source items not approved when a run last listed them (-1: not yet)")
        .register(registry);
    for (SyncRuns.Result result : SyncRuns.Result.values()) {
      runs(result); // every outcome shows from the start, at 0
    }
    for (Action.Kind kind : Action.Kind.values()) {
      writes(kind);
    }
  }

  @Override
  public void accept(FinishedRun run) {
    runs(run.outcome().result()).increment();
    duration.record(run.took());
    run.sinceTrigger().ifPresent(sinceHook::record);
    run.outcome().requests().forEach((side, count) ->
        Counter.builder("event_sync.requests").tag("side", side)
            .description("Requests sent to each side").register(registry).increment(count));
    run.outcome().report().ifPresent(report -> {
      for (Action.Kind kind : Action.Kind.values()) {
        writes(kind).increment(report.count(kind));
      }
      failedItems.increment(report.failed().size() + report.plan().newProblems().size());
      report.plan().awaitingModeration().ifPresent(awaiting::set);
    });
    if (run.outcome().result().synced()) {
      lastSuccess.set(run.finished().getEpochSecond());
    }
  }

  /** A hook call and the status it was answered with. */
  void hook(String hook, int status) {
    Counter.builder("event_sync.hook.calls").tag("hook", hook).tag("status", Integer.toString(status))
        .description("Hook calls by answer").register(registry).increment();
  }

  String scrape() {
    return registry.scrape();
  }

  private Counter runs(SyncRuns.Result result) {
    return Counter.builder("event_sync.runs").tag("outcome", result.name().toLowerCase(Locale.ROOT))
        .description("Sync runs by outcome").register(registry);
  }

  private Counter writes(Action.Kind kind) {
    return Counter.builder("event_sync.writes").tag("kind", kind.name().toLowerCase(Locale.ROOT))
        .description("Writes done, by kind").register(registry);
  }
}
