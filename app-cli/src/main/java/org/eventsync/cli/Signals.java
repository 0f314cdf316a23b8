package org.eventsync.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** How a command stops on SIGTERM or SIGINT: what is under way finishes and saves first. */
final class Signals {

  private Signals() {}

  /**
   * On SIGTERM/SIGINT: runs {@code stop} (the current item finishes and the state is saved), then
   * lets the JVM exit once the returned latch is counted down, or after 30 seconds.
   */
  static CountDownLatch stopOnSignal(Runnable stop) {
    CountDownLatch finished = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      stop.run();
      try {
        finished.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "graceful-shutdown"));
    return finished;
  }
}
