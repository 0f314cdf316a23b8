package org.eventsync.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.eventsync.testsupport.CalDavProbe;
import org.eventsync.testsupport.DirectusProbe;
import org.junit.jupiter.api.Test;

/**
 * Kills the real process (SIGKILL: no shutdown hook, no last words) at random moments until 30
 * syncs were killed, with edits on both sides in between. The next run must converge: no duplicates, nothing
 * lost, and the state file always readable.
 */
class CrashSafetyIT extends RealServers {

  private static final int KILLS = Integer.getInteger("crash.kills", 30);

  @Test
  void killedRunsLeaveNothingTheNextRunCannotMend() throws Exception {
    long seed = Long.getLong("crash.seed", new Random().nextLong());
    Random random = new Random(seed);
    JsonArray items = new JsonArray();
    for (int i = 0; i < 60; i++) {
      items.add(DirectusProbe.item("Event " + i, "2027-01-" + (10 + i % 18) + "T10:00:00", random.nextBoolean()));
    }
    directus.createAll(items);
    int killed = 0;
    int attempt = 0;
    for (; killed < KILLS && attempt < 3 * KILLS; attempt++) {
      Process run = cli.start();
      long delay = 600 + random.nextInt(1200); // from JVM start-up into the writes
      if (!run.waitFor(delay, TimeUnit.MILLISECONDS)) {
        run.destroyForcibly(); // SIGKILL
        run.waitFor(10, TimeUnit.SECONDS);
        killed++;
      }
      edit(random, attempt);
    }
    System.out.printf("seed %d: %d of %d runs killed%n", seed, killed, attempt);
    assertThat(killed).as("seed %d: runs killed mid-way", seed).isEqualTo(KILLS);

    CliRunner.Result last = cli.run();
    assertThat(last.exitCode()).as("seed %d: %s", seed, last.output()).isZero();
    assertConverged("seed " + seed, calendar);
    assertThat(cli.run().output()).as("seed %d", seed).contains("Nothing to do");
  }

  private void edit(Random random, int attempt) {
    // Enough changes that the next run has a dozen writes to be killed in the middle of.
    List<JsonObject> all = directus.items();
    for (int i = 0; i < 12; i++) {
      JsonObject pick = all.get(random.nextInt(all.size()));
      JsonObject change = new JsonObject();
      change.addProperty("approved", random.nextBoolean());
      directus.update(pick.get("id").getAsInt(), change);
    }
    if (attempt % 5 == 4 && calendar.exists()) {
      calendar.put("typed-" + attempt + ".ics",
          CalDavProbe.event("crash-typed-" + attempt, "Typed " + attempt, "20270201T1" + (attempt % 10) + "0000Z"));
    }
  }
}
