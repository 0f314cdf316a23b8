package org.eventsync.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eventsync.testsupport.CalDavProbe;
import org.eventsync.testsupport.DirectusProbe;
import org.eventsync.testsupport.Http;
import org.junit.jupiter.api.Test;

/**
 * The bad-input corpus against the real servers, through the real jar: every bad item is named in
 * one line, every good one syncs, the exit code says "partial", and a second run changes nothing.
 * The calendar is on Xandikos, which stores almost anything it is sent.
 */
class BadInputIT extends RealServers {

  private static final Path CORPUS = Path.of("../adapter-caldav/src/test/resources/bad-input");

  @Override
  Map<String, String> environment() {
    Map<String, String> env = super.environment();
    env.put("NEXTCLOUD_URL", SERVERS.xandikosHome());
    return env;
  }

  @Test
  void eachBadItemIsOneLineTheRestSyncsAndNothingIsDuplicated() throws IOException {
    relaxRequiredFields();
    directus.create(DirectusProbe.item("Good one", "2026-12-01T10:00:00", true));
    JsonObject injection = DirectusProbe.item("Injected", "2026-12-02T10:00:00", true);
    injection.addProperty("description", "Hello\r\nATTENDEE:mailto:evil@example.org\r\nX-EVIL:1");
    directus.create(injection);
    JsonObject unicode = DirectusProbe.item("Fest \uD83C\uDF89 \uD834\uDD1E", "2026-12-03T10:00:00", true);
    unicode.addProperty("description", "y".repeat(1_000_000));
    directus.create(unicode);
    List<Integer> bad = new ArrayList<>();
    // Not approved, whatever else it is: the approval filter (approved = true) decides.
    directus.create(with(DirectusProbe.item("Maybe approved", "2026-12-04T10:00:00", true), "approved", "maybe"));
    // SQLite stores an object sent as a title as its JSON text: odd, but text.
    JsonObject objectTitle = DirectusProbe.item("x", "2026-12-05T10:00:00", true);
    objectTitle.add("title", JsonParser.parseString("{\"nested\":true}"));
    directus.create(objectTitle);
    JsonObject backwards = DirectusProbe.item("Backwards", "2026-12-06T10:00:00", true);
    backwards.addProperty("end_date", "2026-12-05T10:00:00");
    bad.add(directus.create(backwards));
    JsonObject noTitle = DirectusProbe.item("x", "2026-12-07T10:00:00", true);
    noTitle.remove("title");
    bad.add(directus.create(noTitle));
    bad.add(directus.create(with(DirectusProbe.item("All day?", "2026-12-08T00:00:00", true), "all_day", "yes")));

    CliRunner.Result first = cli.run();
    assertThat(first.exitCode()).isEqualTo(5);
    CalDavProbe xandikos =
        new CalDavProbe(SERVERS.xandikosCalendars(), SERVERS.davUser(), SERVERS.davPassword(),
            "it-events-" + suffix);
    assertThat(xandikos.summaries())
        .containsExactlyInAnyOrder("Good one", "Injected", "Fest \uD83C\uDF89 \uD834\uDD1E", "{\"nested\":true}");
    assertThat(String.join("", xandikos.objects())).doesNotContain("\nATTENDEE").doesNotContain("\nX-EVIL");

    List<String> badFiles = new ArrayList<>();
    int okFiles = 0;
    for (String line : Files.readAllLines(CORPUS.resolve("expectations.txt"))) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String file = line.split("\\|")[0].strip();
      int status = Http.send("PUT", xandikosUrl() + file, Http.basic(SERVERS.davUser(), SERVERS.davPassword()),
          Files.readString(CORPUS.resolve(file), StandardCharsets.UTF_8), "text/calendar").statusCode();
      if (status != 201 && status != 204) {
        continue; // the server refused it itself
      }
      if (line.contains("| ok")) {
        okFiles++;
      } else if (!file.startsWith("16-")) { // a task, not an event: ignored, not reported
        badFiles.add(file);
      }
    }
    assertThat(badFiles).hasSizeGreaterThanOrEqualTo(10);

    CliRunner.Result second = cli.run();

    assertThat(second.exitCode()).isEqualTo(5);
    for (String file : badFiles) {
      assertThat(second.output().lines().filter(l -> l.contains(file)))
          .as("one line for %s", file).hasSize(1);
    }
    for (int id : bad) {
      assertThat(second.output().lines().filter(l -> l.contains("Directus item " + id)))
          .as("one line for item %d", id).hasSize(1);
    }
    // Untitled objects with one start are one event typed twice: imported once, the rest left alone.
    long twins = second.output().lines().filter(l -> l.contains("same title and start")).count();
    int directusItems = directus.items().size();
    assertThat(directusItems).isEqualTo(5 + bad.size() + okFiles - twins);

    CliRunner.Result third = cli.run();
    assertThat(third.exitCode()).isEqualTo(5);
    assertThat(third.output()).contains("Nothing to do");
    assertThat(directus.items()).hasSize(directusItems);
    // A calendar object is said once per version; Directus items are said on every run.
    for (String file : badFiles) {
      assertThat(third.output()).as("%s said once", file).doesNotContain(file);
    }
    assertThat(third.output()).contains(badFiles.size() + " unreadable calendar objects left alone as an"
        + " earlier run said");
    for (int id : bad) {
      assertThat(third.output().lines().filter(l -> l.contains("Directus item " + id))).hasSize(1);
    }
  }

  private String xandikosUrl() {
    return SERVERS.xandikosHome() + "calendars/it-events-" + suffix + "/";
  }

  /** Users' collections may not require fields; make this one accept items without them. */
  private void relaxRequiredFields() {
    for (String field : List.of("title", "start_date")) {
      Http.expect(Http.send("PATCH", SERVERS.directusUrl() + "/fields/" + collection + "/" + field,
          Http.bearer(SERVERS.directusToken()), "{\"meta\":{\"required\":false}}", "application/json"), 200);
    }
  }

  private static JsonObject with(JsonObject item, String field, String value) {
    item.addProperty(field, value);
    return item;
  }
}
