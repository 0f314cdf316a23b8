package org.eventsync.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.util.Map;
import org.eventsync.testsupport.CalDavProbe;
import org.eventsync.testsupport.DirectusProbe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The moderation cycle on a calendar with Nextcloud's trash bin (sabre/dav with Nextcloud's
 * traps): a deleted object's uid cannot be created again, nor its file name deleted twice. The
 * tool gives each publication its own uid, so approving, un-approving and approving again works
 * every time and leaves exactly one calendar object.
 */
class NextcloudTrashBinIT extends RealServers {

  private CalDavProbe trapsCalendar() {
    return new CalDavProbe(SERVERS.nextcloudTrapsHome(), SERVERS.davUser(), SERVERS.davPassword(),
        "it-events-" + suffix);
  }

  private CliRunner trapsCli() {
    return cli.with(Map.of("NEXTCLOUD_URL", SERVERS.nextcloudTrapsHome()));
  }

  @AfterEach
  void dropTrapsCalendar() {
    trapsCalendar().deleteCalendar();
  }

  @Test
  void approvingUnapprovingAndApprovingAgainFiveTimesEndsWithOneCalendarObject() {
    int id = directus.create(DirectusProbe.item("Choir concert", "2026-12-05T19:00:00", true));
    CalDavProbe calendar = trapsCalendar();
    assertThat(trapsCli().run().exitCode()).isZero();
    assertThat(calendar.summaries()).containsExactly("Choir concert");

    for (int cycle = 1; cycle <= 5; cycle++) {
      approve(id, false);
      CliRunner.Result hidden = trapsCli().run();
      assertThat(hidden.exitCode()).as("un-approval %d: %s", cycle, hidden.output()).isZero();
      assertThat(calendar.objects()).as("un-approval %d", cycle).isEmpty();

      approve(id, true);
      CliRunner.Result shown = trapsCli().run();
      assertThat(shown.exitCode()).as("approval %d: %s", cycle, shown.output()).isZero();
      assertThat(calendar.summaries()).as("approval %d", cycle).containsExactly("Choir concert");
    }
    String uid = uidOf(calendar.objects().get(0));
    assertThat(uid).contains(".gen6@");
    assertThat(directus.items().get(0).get("ical_uid").getAsString()).isEqualTo(uid);
    assertConverged("after five cycles", calendar);
  }

  @Test
  void anEventAPersonDeletedIsPublishedAgainUnderANewUid() {
    directus.create(DirectusProbe.item("Fair", "2026-12-06T10:00:00", true));
    CalDavProbe calendar = trapsCalendar();
    assertThat(trapsCli().run().exitCode()).isZero();
    String first = uidOf(calendar.objects().get(0));
    calendar.delete(first + ".ics");

    CliRunner.Result again = trapsCli().run();

    assertThat(again.exitCode()).as(again.output()).isZero();
    assertThat(calendar.summaries()).containsExactly("Fair");
    assertThat(uidOf(calendar.objects().get(0))).isNotEqualTo(first);
  }

  /**
   * A calendar that an older tool (or a person) left with the uid in the trash bin: the tool
   * learns it from the server's 400 and moves on to the next uid.
   */
  @Test
  void aUidAlreadyInTheTrashBinIsGivenUpForTheNextOne() {
    int id = directus.create(DirectusProbe.item("Talk", "2026-12-07T18:00:00", true));
    CalDavProbe calendar = trapsCalendar();
    assertThat(trapsCli().run().exitCode()).isZero();
    String first = uidOf(calendar.objects().get(0));
    calendar.delete(first + ".ics"); // in the trash bin now
    approve(id, false);
    assertThat(trapsCli().with(Map.of("EVENT_SYNC_STATE_FILE", work.resolve("fresh/state.json").toString()))
        .run().exitCode()).isZero();
    // Un-approved after the object was gone, with a lost state: the item kept its first uid.
    approve(id, true);

    CliRunner.Result published =
        trapsCli().with(Map.of("EVENT_SYNC_STATE_FILE", work.resolve("fresh/state.json").toString())).run();

    assertThat(published.exitCode()).as(published.output()).isZero();
    assertThat(published.output()).contains("published under the new uid");
    assertThat(calendar.summaries()).containsExactly("Talk");
    assertThat(uidOf(calendar.objects().get(0))).isNotEqualTo(first);
  }

  private void approve(int id, boolean approved) {
    JsonObject change = new JsonObject();
    change.addProperty("approved", approved);
    directus.update(id, change);
  }
}
