package org.eventsync.serve;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.eventsync.core.sync.SyncReport;

/**
 * What the server needs from the application: one sync, under whatever lock and with whatever
 * reporting the application keeps for its runs. Called from one thread at a time.
 */
@FunctionalInterface
public interface SyncRuns {

  /**
   * Runs one sync; {@code reconcile} lists both sides even when their versions say nothing
   * changed. Returns what came of it, including a failure of a side: it does not throw for one.
   */
  Outcome run(boolean reconcile);

  /** How a run ended, in the words of the probes and the page. */
  enum Result {
    /** Everything planned was done. */
    OK,
    /** The run went through, but some items could not be read or written. */
    PARTIAL,
    /** The run refused to write (the mass-deletion guard, or another run held the lock). */
    REFUSED,
    /** A side could not be used: wrong settings, credentials, or a server down. */
    FAILED;

    boolean synced() {
      return this == OK || this == PARTIAL;
    }
  }

  /**
   * What one run came to.
   *
   * @param result how it ended
   * @param report what it planned and did, when it got as far as planning
   * @param failure one line on why it failed or was refused, when it did
   * @param requests requests each side was sent during the run, by side ("source", "calendar")
   */
  record Outcome(
      Result result, Optional<SyncReport> report, Optional<String> failure,
      Map<String, Long> requests) {

    public Outcome {
      Objects.requireNonNull(result, "result");
      report = Objects.requireNonNull(report, "report");
      failure = Objects.requireNonNull(failure, "failure");
      requests = Map.copyOf(requests);
    }
  }
}
