package org.eventsync.worker;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How one worker process takes part in the cluster.
 *
 * @param name this worker's name in the scheduler's table and the runs' audit (unique per process)
 * @param threads pairs this worker syncs at once
 * @param pairs the pairs of the configuration, each with how often it runs and its calendar host
 * @param hostBudget pairs that may talk to one calendar host at once, across the whole cluster
 * @param heartbeat how often a worker shows it is alive; after six missed beats its runs are
 *     taken over by another worker
 * @param startSpread a pair scheduled for the first time runs within this long (or its
 *     interval, if shorter), at random, so that many new pairs do not start in the same second
 */
public record WorkerSettings(String name, int threads, List<Pair> pairs, int hostBudget,
    Duration heartbeat, Duration startSpread) {

  /** A pair as the worker sees it. */
  public record Pair(String name, Duration interval, String calendarHost) {
    public Pair {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(interval, "interval");
      Objects.requireNonNull(calendarHost, "calendarHost");
    }
  }

  public WorkerSettings {
    Objects.requireNonNull(name, "name");
    pairs = List.copyOf(pairs);
    Objects.requireNonNull(heartbeat, "heartbeat");
    Objects.requireNonNull(startSpread, "startSpread");
    if (threads < 1 || hostBudget < 1) {
      throw new IllegalArgumentException("a worker needs at least one thread and a budget of one");
    }
    if (heartbeat.toMillis() < 200) {
      throw new IllegalArgumentException("the heartbeat must be at least 200 ms");
    }
  }
}
