package org.eventsync.directus;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Runs a read beside the caller's, so that the two take one round trip: a daemon thread per
 * task, for the few reads a run overlaps.
 */
final class Beside implements Executor {

  private final String name;

  Beside(String name) {
    this.name = name;
  }

  @Override
  public void execute(Runnable task) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    thread.start();
  }

  /** The task's result, or the exception it threw. */
  static <T> T joined(CompletableFuture<T> task) {
    try {
      return task.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }
}
