package org.eventsync.worker;

/** Runs one sync of a pair, as the application wires it; the worker decides when and where. */
@FunctionalInterface
public interface PairRuns {

  /**
   * Syncs the pair called {@code pair} once and says how it ended in a word or a line ("ok",
   * "partial", "failed: …"). A failure of the pair's servers is an outcome, not an exception.
   */
  String run(String pair);
}
