package org.eventsync.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.util.List;
import java.util.Map;
import org.eventsync.testsupport.CalDavProbe;
import org.eventsync.testsupport.DirectusProbe;
import org.junit.jupiter.api.Test;

/**
 * The walking skeleton, end to end: the real jar against the real Directus and the real Radicale,
 * each run on a fresh collection and a fresh calendar, checked by reading both servers back.
 */
class EndToEndSyncIT extends RealServers {

  @Test
  void createsCalendarImportsPublishesUnpublishesAndThenRestsQuietly() {
    int openDay = directus.create(DirectusProbe.item("Open day", "2026-12-05T10:00:00", true));
    directus.create(DirectusProbe.item("Board meeting", "2026-12-07T19:00:00", false));
    JsonObject fair = DirectusProbe.item("Winter fair", "2026-12-12T00:00:00", true);
    fair.addProperty("all_day", true);
    fair.addProperty("description", "Stalls, music; mulled wine,\nand a raffle");
    fair.addProperty("location", "Market square");
    directus.create(fair);
    assertThat(calendar.exists()).isFalse();

    // 1 + 3: the calendar is created and only approved events are published.
    assertThat(cli.run("--sync-once").exitCode()).isZero();
    assertThat(calendar.exists()).isTrue();
    assertThat(calendar.summaries()).containsExactlyInAnyOrder("Open day", "Winter fair");
    assertThat(String.join("", calendar.objects()))
        .contains("LOCATION:Market square", "DTSTART;VALUE=DATE:20261212");

    // 2: an event typed into the calendar is imported as not approved, and stays in the calendar.
    calendar.put("typed.ics", CalDavProbe.event("typed-" + suffix, "Choir rehearsal", "20261210T170000Z"));
    assertThat(cli.run().exitCode()).isZero();
    List<JsonObject> items = directus.items();
    assertThat(items).hasSize(4);
    JsonObject imported = items.get(3);
    assertThat(imported.get("title").getAsString()).isEqualTo("Choir rehearsal");
    assertThat(imported.get("ical_uid").getAsString()).isEqualTo("typed-" + suffix);
    assertThat(imported.get("approved").getAsBoolean()).isFalse();
    assertThat(calendar.summaries()).containsExactlyInAnyOrder("Open day", "Winter fair", "Choir rehearsal");

    // 4: un-approving removes the event from the calendar.
    JsonObject unapprove = new JsonObject();
    unapprove.addProperty("approved", false);
    directus.update(openDay, unapprove);
    assertThat(cli.run().exitCode()).isZero();
    assertThat(calendar.summaries()).containsExactlyInAnyOrder("Winter fair", "Choir rehearsal");

    // 5: a further run changes nothing and says so; no duplicates on either side.
    CliRunner.Result quiet = cli.run("--sync-once");
    assertThat(quiet.exitCode()).isZero();
    assertThat(quiet.output()).contains("Nothing to do");
    assertThat(directus.items()).hasSize(4);
    assertThat(calendar.summaries()).containsExactlyInAnyOrder("Winter fair", "Choir rehearsal");
  }

  @Test
  void aCalendarEditOfAPublishedEventIsPutBackOrCopiedIntoTheItemAsCalendarEditsSays() {
    cli = cli.with(Map.of("CALENDAR_EDITS", "ignore"));
    JsonObject talk = DirectusProbe.item("Talk", "2026-12-05T10:00:00", true);
    talk.addProperty("location", "Room 1");
    int id = directus.create(talk);
    assertThat(cli.run().exitCode()).isZero();
    String published = calendar.objects().get(0);
    String name = uidOf(published) + ".ics";

    // ignore: the approved version is put back, and the log says why.
    calendar.put(name, published.replace("LOCATION:Room 1", "LOCATION:Hall B"));
    CliRunner.Result ignored = cli.run();
    assertThat(ignored.exitCode()).isZero();
    assertThat(ignored.output()).contains("edited in the calendar");
    assertThat(calendar.objects().get(0)).contains("LOCATION:Room 1");

    // accept: the person's edit becomes the item's, and the calendar keeps it.
    calendar.put(name, calendar.objects().get(0).replace("LOCATION:Room 1", "LOCATION:Hall B"));
    CliRunner accepting = cli.with(Map.of("CALENDAR_EDITS", "accept"));
    assertThat(accepting.run().exitCode()).isZero();
    JsonObject item = directus.items().stream().filter(i -> i.get("id").getAsInt() == id)
        .findFirst().orElseThrow();
    assertThat(item.get("location").getAsString()).isEqualTo("Hall B");
    assertThat(item.get("approved").getAsBoolean()).isTrue();
    assertThat(calendar.objects()).singleElement().satisfies(o -> assertThat(o).contains("LOCATION:Hall B"));
    assertThat(accepting.run().output()).contains("Nothing to do");
  }
}
