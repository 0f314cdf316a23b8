package org.eventsync.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.eventsync.testsupport.DirectusProbe;
import org.junit.jupiter.api.Test;

/**
 * Moderation of calendar-side changes (CALENDAR_EDITS=propose, the default) on the real Directus
 * and Radicale: edits and deletions become proposals in the proposals collection that init-schema
 * made, moderators decide in Directus, the next run carries the decision out.
 */
class ModerationIT extends RealServers {

  @Test
  void editsAreProposedUpdatedInPlaceRejectedOrAcceptedAndTheCalendarFollows() throws Exception {
    // init-schema made the collection and, once, the moderators' bookmark of pending proposals.
    assertThat(cli.run("init-schema").exitCode()).isZero();
    assertThat(directus.proposalBookmarks()).containsExactly("Pending calendar changes");
    int id = talk();
    String name = objectName();

    // An edit in the calendar: one pending proposal with both values; the calendar shows the
    // approved version again, and the run, its summary and the dry run name the proposal.
    calendar.put(name, published().replace("LOCATION:Room 1", "LOCATION:Hall B"));
    CliRunner.Result dry = cli.run("--dry-run");
    assertThat(dry.output()).contains("proposed: location 'Room 1' \u2192 'Hall B' for item " + id
        + ", from the calendar");
    assertThat(directus.proposals()).isEmpty();
    CliRunner.Result proposing = cli.run();
    assertThat(proposing.exitCode()).isZero();
    assertThat(proposing.output()).contains("proposed: location 'Room 1' \u2192 'Hall B' for item " + id);
    JsonObject summary = JsonParser.parseString(
        Files.readString(work.resolve("state/last-run.json"))).getAsJsonObject();
    assertThat(summary.getAsJsonArray("proposed").toString()).contains("'Hall B' for item " + id);
    assertThat(published()).contains("LOCATION:Room 1");
    JsonObject proposal = single(directus.proposals());
    assertThat(proposal.get("status").getAsString()).isEqualTo("pending");
    assertThat(proposal.get("kind").getAsString()).isEqualTo("edit");
    assertThat(proposal.get("item").getAsInt()).isEqualTo(id);
    assertThat(proposal.getAsJsonObject("changes").toString())
        .isEqualTo("{\"location\":{\"approved\":\"Room 1\",\"calendar\":\"Hall B\"}}");
    assertThat(proposal.get("calendar_href").getAsString()).endsWith(".ics");
    assertThat(cli.run().output()).contains("Nothing to do");

    // A second edit updates the same proposal.
    calendar.put(name, published().replace("LOCATION:Room 1", "LOCATION:Hall C"));
    assertThat(cli.run().exitCode()).isZero();
    proposal = single(directus.proposals());
    assertThat(proposal.getAsJsonObject("changes").toString()).contains("\"calendar\":\"Hall C\"");

    // Rejected: nothing changes, and the proposal stays rejected.
    directus.decide(proposal.get("id").getAsInt(), "rejected");
    assertThat(cli.run().exitCode()).isZero();
    assertThat(location(id)).isEqualTo("Room 1");
    assertThat(published()).contains("LOCATION:Room 1");
    assertThat(single(directus.proposals()).get("status").getAsString()).isEqualTo("rejected");

    // A new edit is a new proposal; accepted, the item takes it and the calendar shows it.
    calendar.put(name, published().replace("LOCATION:Room 1", "LOCATION:Hall D"));
    assertThat(cli.run().exitCode()).isZero();
    List<JsonObject> proposals = directus.proposals();
    assertThat(proposals).hasSize(2);
    directus.decide(proposals.get(1).get("id").getAsInt(), "accepted");
    CliRunner.Result accepting = cli.run();
    assertThat(accepting.exitCode()).isZero();
    assertThat(accepting.output()).contains("carried out the accepted proposal "
        + proposals.get(1).get("id").getAsInt() + ": item " + id + " takes [location]");
    assertThat(location(id)).isEqualTo("Hall D");
    assertThat(published()).contains("LOCATION:Hall D");
    assertThat(directus.proposals()).as("the run that carried it out saw the item take it")
        .hasSize(2);
    assertThat(directus.proposals().get(1).get("applied").isJsonNull()).isFalse();
    assertThat(cli.run().output()).contains("Nothing to do");
    assertConverged("after the accepted edit", calendar);
  }

  @Test
  void withLocationEditsAcceptedTheItemTakesThemBesideADirectusChangeAndOtherFieldsAreProposed() {
    cli = cli.with(Map.of("CALENDAR_EDITS_FIELDS", "location:accept"));
    int id = talk();

    // Directus renames the event while the calendar moves it: both changes survive.
    JsonObject rename = new JsonObject();
    rename.addProperty("title", "Talk on moss");
    directus.update(id, rename);
    calendar.put(objectName(), published().replace("LOCATION:Room 1", "LOCATION:Hall B"));
    CliRunner.Result merging = cli.run();
    assertThat(merging.exitCode()).isZero();
    assertThat(merging.output()).contains("item " + id + " takes location from the calendar");
    assertThat(location(id)).isEqualTo("Hall B");
    assertThat(directus.items().get(0).get("title").getAsString()).isEqualTo("Talk on moss");
    assertThat(published()).contains("SUMMARY:Talk on moss", "LOCATION:Hall B");
    assertThat(directus.proposals()).isEmpty();
    assertThat(cli.run().output()).contains("Nothing to do");

    // A title and a location typed at once: the location is taken, the title proposed.
    calendar.put(objectName(), published().replace("SUMMARY:Talk on moss", "SUMMARY:Talk on lichen")
        .replace("LOCATION:Hall B", "LOCATION:Hall C"));
    assertThat(cli.run().exitCode()).isZero();
    assertThat(location(id)).isEqualTo("Hall C");
    assertThat(single(directus.proposals()).getAsJsonObject("changes").toString())
        .isEqualTo("{\"title\":{\"approved\":\"Talk on moss\",\"calendar\":\"Talk on lichen\"}}");
    assertThat(published()).contains("SUMMARY:Talk on moss", "LOCATION:Hall C");
    assertConverged("after a field taken and one proposed", calendar);
  }

  @Test
  void aDeletionIsProposedTheEventPublishedAgainAndAnAcceptedOneUnapprovesTheItem() {
    int id = talk();

    calendar.delete(objectName());
    CliRunner.Result run = cli.run();
    assertThat(run.exitCode()).isZero();
    assertThat(run.output()).contains("proposed: delete item " + id);
    assertThat(calendar.summaries()).containsExactly("Talk");
    JsonObject proposal = single(directus.proposals());
    assertThat(proposal.get("kind").getAsString()).isEqualTo("delete");

    directus.decide(proposal.get("id").getAsInt(), "accepted");
    assertThat(cli.run().exitCode()).isZero();
    assertThat(directus.items()).singleElement()
        .satisfies(i -> assertThat(i.get("approved").getAsBoolean()).isFalse());
    assertThat(calendar.summaries()).isEmpty();
    assertConverged("after the accepted deletion", calendar);
  }

  @Test
  void aProposalWhoseItemWasDeletedMeanwhileIsClosedWithOneLine() {
    int id = talk();
    calendar.put(objectName(), published().replace("LOCATION:Room 1", "LOCATION:Hall B"));
    assertThat(cli.run().exitCode()).isZero();
    int proposal = single(directus.proposals()).get("id").getAsInt();

    directus.delete(id);
    directus.decide(proposal, "accepted");
    CliRunner.Result run = cli.run();

    assertThat(run.exitCode()).isZero();
    assertThat(run.output()).contains("the accepted proposal " + proposal + " names no item");
    assertThat(single(directus.proposals()).get("note").getAsString()).contains("no longer exists");
    assertThat(cli.run().output()).doesNotContain("the accepted proposal");
  }

  @Test
  void withoutTheProposalsCollectionOrItsPermissionsTheSyncGoesOnAndTheEditStaysInTheCalendar() {
    int id = talk();
    String edited = published().replace("LOCATION:Room 1", "LOCATION:Hall B");
    calendar.put(objectName(), edited);
    int other = directus.create(DirectusProbe.item("Concert", "2026-12-06T20:00:00", true));

    CliRunner missing = cli.with(Map.of("PROPOSALS_COLLECTION", "no_such_changes"));
    CliRunner.Result run = missing.run();

    assertThat(run.exitCode()).isZero();
    assertThat(run.output()).contains("cannot be proposed (Directus refuses the proposals"
        + " collection 'no_such_changes'");
    assertThat(run.output().lines().filter(l -> l.contains("refuses the proposals collection")))
        .hasSize(1);
    assertThat(calendar.summaries()).as("the rest of the sync goes on")
        .containsExactlyInAnyOrder("Talk", "Concert");
    assertThat(String.join("", calendar.objects())).contains("LOCATION:Hall B");
    assertThat(location(id)).isEqualTo("Room 1");
    assertThat(other).isPositive();

    // A token that may not use the proposals collection: the same.
    try (DirectusProbe.LimitedUser limited = directus.limitedUser(true, "read", "create", "update")) {
      CliRunner.Result forbidden = cli.with(Map.of("DIRECTUS_API_TOKEN", limited.token())).run();
      assertThat(forbidden.exitCode()).isZero();
      assertThat(forbidden.output()).contains("cannot be proposed (Directus refuses the proposals"
          + " collection '" + directus.proposalsCollection() + "'")
          .doesNotContain(limited.token());
      assertThat(String.join("", calendar.objects())).contains("LOCATION:Hall B");
    }

    // Once proposals can be stored, the edit kept in the calendar is proposed.
    assertThat(cli.run().exitCode()).isZero();
    assertThat(single(directus.proposals()).getAsJsonObject("changes").toString()).contains("Hall B");
  }

  private int talk() {
    JsonObject talk = DirectusProbe.item("Talk", "2026-12-05T10:00:00", true);
    talk.addProperty("location", "Room 1");
    int id = directus.create(talk);
    assertThat(cli.run().exitCode()).isZero();
    return id;
  }

  private String published() {
    return calendar.objects().stream().filter(o -> o.contains("SUMMARY:Talk")).findFirst().orElseThrow();
  }

  private String objectName() {
    return uidOf(published()) + ".ics";
  }

  private String location(int id) {
    return directus.items().stream().filter(i -> i.get("id").getAsInt() == id).findFirst()
        .orElseThrow().get("location").getAsString();
  }

  private static JsonObject single(List<JsonObject> proposals) {
    assertThat(proposals).hasSize(1);
    return proposals.get(0);
  }
}
