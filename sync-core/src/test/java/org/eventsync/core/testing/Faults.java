package org.eventsync.core.testing;

/** Makes a fake fail on purpose: a crash after some writes, to test what an interrupted run leaves. */
public final class Faults {

  /** What a killed process looks like from inside: an error nothing catches. */
  public static final class Crash extends Error {
    private static final long serialVersionUID = 1L;

    Crash() {
      super("simulated crash");
    }
  }

  private int writesBeforeCrash;

  private Faults(int writesBeforeCrash) {
    this.writesBeforeCrash = writesBeforeCrash;
  }

  public static Faults none() {
    return new Faults(-1);
  }

  /** Crash at the write after {@code writes} successful ones (shared by both sides). */
  public static Faults crashAfter(int writes) {
    return new Faults(writes);
  }

  synchronized void beforeWrite() {
    if (writesBeforeCrash == 0) {
      throw new Crash();
    }
    if (writesBeforeCrash > 0) {
      writesBeforeCrash--;
    }
  }
}
