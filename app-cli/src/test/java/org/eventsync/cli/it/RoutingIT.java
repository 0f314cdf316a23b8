package org.eventsync.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eventsync.testsupport.CalDavProbe;
import org.eventsync.testsupport.DirectusProbe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One collection routed by category to three calendars on the real Directus and Radicale, with
 * the CLI as users run it: each calendar is created on demand and shows its category; an item
 * whose category changes moves in one run; un-approving removes it from whichever calendar holds
 * it; an event typed into a calendar is imported with that calendar's category.
 */
class RoutingIT extends RealServers {

  private final Map<String, CalDavProbe> calendars = new LinkedHashMap<>();

  private CliRunner routed() {
    StringBuilder routes = new StringBuilder();
    for (String category : List.of("Concert", "Workshop", "Talk")) {
      String name = category + "s " + suffix;
      calendars.put(category, new CalDavProbe(SERVERS.radicaleHome(), SERVERS.davUser(),
          SERVERS.davPassword(), category.toLowerCase() + "s-" + suffix));
      routes.append(routes.length() == 0 ? "" : ", ").append(category).append(':').append(name);
    }
    return cli.with(Map.of("ROUTE_FIELD", "category", "ROUTE_CALENDARS", routes.toString()));
  }

  @AfterEach
  void deleteTheCalendars() {
    calendars.values().forEach(CalDavProbe::deleteCalendar);
  }

  private static JsonObject item(String title, String category, boolean approved) {
    JsonObject item = DirectusProbe.item(title, "2027-05-0" + (1 + title.length() % 8) + "T19:00:00",
        approved);
    item.addProperty("category", category);
    return item;
  }

  private List<String> summaries(String category) {
    return calendars.get(category).summaries().stream().sorted().toList();
  }

  @Test
  void categoriesGoToTheirCalendarsAndAnItemMovesWhenItsCategoryChanges() {
    CliRunner run = routed();
    int concert = directus.create(item("Choir", "Concert", true));
    directus.create(item("Pottery", "Workshop", true));
    directus.create(item("Keynote", "Talk", true));
    directus.create(item("Elsewhere", "Sports", true));
    directus.create(item("Not yet", "Concert", false));

    CliRunner.Result first = run.run();
    assertThat(first.exitCode()).isZero();
    assertThat(first.output()).contains("Created the calendar 'Concerts " + suffix + "'");
    assertThat(summaries("Concert")).containsExactly("Choir");
    assertThat(summaries("Workshop")).containsExactly("Pottery");
    assertThat(summaries("Talk")).containsExactly("Keynote");

    JsonObject move = new JsonObject();
    move.addProperty("category", "Workshop");
    directus.update(concert, move);
    CliRunner.Result moved = run.run();
    assertThat(moved.exitCode()).isZero();
    assertThat(moved.output()).contains("remove \"Choir\"")
        .contains("the source now routes it to another calendar");
    assertThat(summaries("Concert")).isEmpty();
    assertThat(summaries("Workshop")).containsExactly("Choir", "Pottery");

    JsonObject unapprove = new JsonObject();
    unapprove.addProperty("approved", false);
    directus.update(concert, unapprove);
    assertThat(run.run().exitCode()).isZero();
    assertThat(summaries("Workshop")).containsExactly("Pottery");
    for (CalDavProbe calendar : calendars.values()) {
      assertThat(calendar.objects().stream().map(RealServers::uidOf)).doesNotHaveDuplicates();
    }

    CliRunner.Result again = run.run();
    assertThat(again.exitCode()).isZero();
    assertThat(again.output().lines().filter(l -> l.contains("Nothing to do"))).hasSize(3);
  }

  @Test
  void anEventTypedIntoACalendarIsImportedWithItsCategory() {
    CliRunner run = routed();
    assertThat(run.run().exitCode()).isZero();
    calendars.get("Talk").put("typed.ics",
        CalDavProbe.event("typed-" + suffix, "Typed into Talks", "20270601T170000Z"));

    assertThat(run.run().exitCode()).isZero();
    List<JsonObject> items = directus.items();
    assertThat(items).hasSize(1);
    assertThat(items.get(0).get("category").getAsString()).isEqualTo("Talk");
    assertThat(items.get(0).get("approved").getAsBoolean()).isFalse();
    assertThat(summaries("Talk")).containsExactly("Typed into Talks");
    assertThat(summaries("Concert")).isEmpty();

    CliRunner.Result again = run.run();
    assertThat(again.output().lines().filter(l -> l.contains("Nothing to do"))).hasSize(3);
    assertThat(directus.items()).hasSize(1);
  }
}
