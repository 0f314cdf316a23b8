package org.eventsync.core.sync;

import org.eventsync.core.port.ItemProblem;

/**
 * Hears what a run does, as it does it; the CLI logs and shows progress through it. The core
 * itself logs nothing, so an embedder decides where the words go.
 */
public interface SyncListener {

  /** A step of the run began (listing, planning, writing). */
  default void phase(String description) {}

  /** An action succeeded; {@code done} of {@code total} are finished. */
  default void done(Action action, int done, int total) {}

  /** An action failed; the run goes on with the next one. */
  default void failed(Action action, ItemProblem problem) {}

  /** Something worth telling that is neither a success nor a failure (a worked-around trap). */
  default void note(String message) {}

  /** A listener that ignores everything. */
  static SyncListener silent() {
    return new SyncListener() {};
  }
}
