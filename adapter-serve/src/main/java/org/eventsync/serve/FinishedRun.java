package org.eventsync.serve;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One run as the server saw it.
 *
 * @param cause why it ran
 * @param started when it started
 * @param took how long it took
 * @param outcome what came of it
 * @param sinceTrigger from the first hook call it served to its end, when hooks caused it
 */
record FinishedRun(
    Cause cause, Instant started, Duration took, SyncRuns.Outcome outcome,
    Optional<Duration> sinceTrigger) {

  /** Why a run started. */
  enum Cause {
    /** The first run after the server started. */
    START("start"),
    /** A hook call (or a burst of them). */
    HOOK("hook"),
    /** The periodic cheap check. */
    POLL("poll"),
    /** The periodic full listing. */
    RECONCILE("reconcile");

    final String word;

    Cause(String word) {
      this.word = word;
    }
  }

  FinishedRun {
    Objects.requireNonNull(cause, "cause");
    Objects.requireNonNull(started, "started");
    Objects.requireNonNull(took, "took");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(sinceTrigger, "sinceTrigger");
  }

  Instant finished() {
    return started.plus(took);
  }
}
