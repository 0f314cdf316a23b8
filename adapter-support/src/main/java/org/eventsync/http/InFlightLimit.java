package org.eventsync.http;

/**
 * How many requests may be in flight to one host: the most the settings allow, halved each time
 * the host says it is overloaded (429 or 503), and raised again by one after as many answers
 * without complaint as the limit stands at. So parallel writes slow down by themselves on a
 * server that asks for it, and come back when it recovers.
 */
final class InFlightLimit {

  private final int most;
  private int limit;
  private int inFlight;
  private int calmAnswers;

  InFlightLimit(int most) {
    this.most = most;
    this.limit = most;
  }

  /** Waits until one more request may go out. */
  synchronized void acquire() throws InterruptedException {
    while (inFlight >= limit) {
      wait();
    }
    inFlight++;
  }

  /** A request has its answer; {@code overloaded} when the host said so. */
  synchronized void release(boolean overloaded) {
    inFlight--;
    if (overloaded) {
      limit = Math.max(1, limit / 2);
      calmAnswers = 0;
    } else if (limit < most && ++calmAnswers >= limit) {
      limit++;
      calmAnswers = 0;
    }
    notifyAll();
  }

  synchronized int limit() {
    return limit;
  }
}
