package org.eventsync.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eventsync.testsupport.CalDavProbe;
import org.eventsync.testsupport.Http;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real-world corpus ({@code ../shared/corpus}: files written by Google, Outlook, Apple,
 * Thunderbird, Evolution, KOrganizer, Nextcloud, DAVx5 and more) through the real jar, on Xandikos
 * and on Radicale, with Directus, as a client stores it: one calendar object per UID (the first
 * {@value #PER_FILE} UIDs of each file; the holiday calendars hold up to 1,826 near-identical ones).
 *
 * <ol>
 *   <li>each object the server accepts from a client is imported into Directus as not approved,
 *       or refused in one line naming it; what the server refuses is reported with its reason;
 *   <li>approved and retitled in Directus, its calendar copy keeps its meaning ({@link Meaning}:
 *       instants or dates, zone, recurrence, overrides, alarms, attendees, categories, URL, GEO,
 *       X- properties) with the new title;
 *   <li>a refusal is said once: the later runs do not name the object again;
 *   <li>the third run writes nothing.
 * </ol>
 *
 * The outcome of every object and file is written to {@code target/corpus-report-SERVER.tsv}.
 */
class RealWorldCorpusIT extends RealServers {

  private static final Path CORPUS = Path.of("../../shared/corpus");
  private static final int PER_FILE = 25;
  private static final String EDIT = " (approved)";
  private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
  /** Why a valid object may be refused: what an event in Directus cannot be (docs/caldav.md). */
  private static final List<String> REPRESENTABLE_NOT =
      List.of("missing DTSTART", "overridden instances (RECURRENCE-ID)", "missing UID");

  private static final Pattern SUBJECT = Pattern.compile("/(f\\d+-\\d+\\.ics)");

  /** One object of one file, and what became of it. */
  private static final class Obj {
    final String file;
    final boolean broken;
    final String name;
    final String uid;
    final String text;
    String baseline;
    int putStatus;
    String putAnswer = "";
    String outcome = "";
    String reason = "";

    Obj(String file, boolean broken, String name, String uid, String text) {
      this.file = file;
      this.broken = broken;
      this.name = name;
      this.uid = uid;
      this.text = text;
    }

    @Override
    public String toString() {
      return file + " " + name + ": " + outcome + (reason.isEmpty() ? "" : " (" + reason + ")");
    }
  }


  private String server;
  private String calendars;

  static Stream<Arguments> servers() {
    return Stream.of(
        Arguments.of("Xandikos", SERVERS.xandikosHome(), SERVERS.xandikosCalendars()),
        Arguments.of("Radicale", SERVERS.radicaleHome(), SERVERS.radicaleHome()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("servers")
  void realWorldCalendarsRoundTripWithTheirMeaningOrAreRefusedInOneLine(String server, String home,
      String calendars) throws Exception {
    this.server = server;
    this.calendars = calendars;
    cli = cli.with(Map.of("NEXTCLOUD_URL", home));
    assertThat(CORPUS.resolve("INDEX.tsv")).as("the shared corpus").exists();
    assertThat(cli.run().exitCode()).isEqualTo(0); // creates the calendar
    List<Obj> objects = putCorpus();
    serverReasons(objects);
    // The baseline is the server's own copy: Xandikos re-serialises what it stores (GEO numbers,
    // TRIGGER durations), Radicale reorders it, and only what the tool changes is measured.
    Map<String, String> stored = served();
    objects.forEach(o -> o.baseline = stored.getOrDefault(o.uid, o.text));

    CliRunner.Result first = cli.run();
    assertThat(first.exitCode()).as("no crash").isIn(0, 5);
    Map<String, JsonObject> items = new HashMap<>();
    directus.items().forEach(i -> items.put(i.get("ical_uid").getAsString(), i));
    for (Obj o : objects) {
      classifyFirstRun(o, first.output(), items);
    }

    approveAndRetitle(items);
    CliRunner.Result second = cli.run();
    assertThat(second.exitCode()).as("no crash").isIn(0, 5);
    Map<String, String> served = served();
    for (Obj o : objects) {
      List<String> writeLines = linesNaming(o, second.output());
      if (o.outcome.equals("imported") && !writeLines.isEmpty()) {
        o.outcome = "write refused";
        o.reason = String.join(" | ", writeLines);
      } else if (o.outcome.equals("imported")) {
        compareMeaning(o, served.get(o.uid), items.get(o.uid));
      }
    }

    CliRunner.Result third = cli.run();
    Map<String, String> files = report(objects);

    assertThat(third.output()).as("the third run writes nothing").contains("Nothing to do");
    assertThat(objects.stream().filter(o -> o.outcome.startsWith("refused")
            && !(linesNaming(o, second.output()).isEmpty() && linesNaming(o, third.output()).isEmpty())))
        .as("an object refused on the first run is not named again while it stays as it is")
        .isEmpty();
    assertThat(objects).as("every object was imported or refused in one line, none lost")
        .noneMatch(o -> o.outcome.equals("lost") || o.outcome.equals("more than one line"));
    assertThat(objects.stream().filter(o -> !o.broken && o.outcome.equals("refused")))
        .as("a valid object is refused only for what the sync cannot represent")
        .allMatch(o -> REPRESENTABLE_NOT.stream().anyMatch(o.reason::contains));
    assertThat(objects.stream().filter(o -> o.outcome.equals("changed")))
        .as("approved and retitled, the calendar copy keeps its meaning")
        .allMatch(o -> o.reason.startsWith("categories:") || o.reason.startsWith("cannot compare"));
    // A broken file is refused in one line (by the tool or the server), or, when its fault lies
    // in what the sync neither reads nor writes, read gracefully with that line kept as written.
    assertThat(files.entrySet().stream().filter(e -> e.getKey().startsWith("broken ")))
        .as("broken files: refused in one line or read gracefully, never lost")
        .allMatch(e -> e.getValue().equals("refused") || e.getValue().equals("read gracefully"));
    long valid = files.keySet().stream().filter(k -> !k.startsWith("broken ")).count();
    long roundTrip = validFiles(files, "round-trip");
    long refusedForAReason = validFiles(files, "refused for a documented reason");
    long refusedByServer = validFiles(files, "refused by the server");
    System.out.printf("corpus on %s: %d objects; of %d valid files %d round-trip (%.1f%%), %d are"
            + " refused in one line for a documented reason, %d hold an object %s refuses as the file"
            + " writes it: %d intact (%.1f%%); report in target/%s%n",
        server, objects.size(), valid, roundTrip, 100.0 * roundTrip / valid, refusedForAReason,
        refusedByServer, server, roundTrip + refusedForAReason + refusedByServer,
        100.0 * (roundTrip + refusedForAReason + refusedByServer) / valid, reportName());
  }

  private static long validFiles(Map<String, String> files, String outcome) {
    return files.entrySet().stream()
        .filter(e -> !e.getKey().startsWith("broken ") && e.getValue().equals(outcome)).count();
  }

  /** The lines of a run whose subject is this object (the first object a line names). */
  private static List<String> linesNaming(Obj o, String output) {
    return output.lines().filter(l -> {
      Matcher m = SUBJECT.matcher(l);
      return m.find() && m.group(1).equals(o.name);
    }).toList();
  }

  /**
   * Why the server refused an object from a client: what its answer says (Xandikos: the
   * precondition), or, when its answer is a bare "Bad Request" (Radicale), its log's line on it.
   */
  private void serverReasons(List<Obj> objects) throws IOException {
    Path log = SERVERS.log(server.toLowerCase(Locale.ROOT));
    List<String> logLines = Files.isRegularFile(log) ? Files.readAllLines(log) : List.of();
    for (Obj o : objects) {
      if (o.putStatus == 201 || o.putStatus == 204) {
        continue;
      }
      String path = URI.create(calendarUrl() + o.name).getPath();
      String logged = logLines.stream().filter(l -> l.contains("'" + path + "'"))
          .map(l -> l.substring(l.indexOf("'" + path + "'") + path.length() + 2).replaceFirst("^[:\\s]+", ""))
          .reduce((a, b) -> b).orElse("");
      String answer = o.putAnswer.replaceAll("<[^>]*>", " ").replaceAll("\\s+", " ").strip();
      o.reason = "PUT " + o.putStatus + ": " + (logged.isEmpty() ? answer : logged);
    }
  }

  /** The calendar's objects by uid, as the server serves them. */
  private Map<String, String> served() {
    Map<String, String> served = new HashMap<>();
    new CalDavProbe(calendars, SERVERS.davUser(), SERVERS.davPassword(), "it-events-" + suffix)
        .objects()
        .forEach(text -> served.put(CorpusObjects.uid(text), text));
    return served;
  }

  private List<Obj> putCorpus() throws IOException {
    List<Obj> objects = new ArrayList<>();
    List<String> rows = Files.readAllLines(CORPUS.resolve("INDEX.tsv"), StandardCharsets.UTF_8);
    for (int f = 1; f < rows.size(); f++) {
      String[] cols = rows.get(f).split("\t", -1);
      String file = cols[0];
      boolean broken = cols[cols.length - 1].strip().equals("broken");
      String text = decode(Files.readAllBytes(CORPUS.resolve(file)));
      List<String> parts = CorpusObjects.split(text, PER_FILE, "corpus-f" + f);
      if (parts.isEmpty()) {
        parts = List.of(text);
      }
      for (int k = 0; k < parts.size(); k++) {
        String name = "f" + f + "-" + k + ".ics";
        String uid = CorpusObjects.uid(parts.get(k));
        Obj o = new Obj(file, broken, name, uid, parts.get(k));
        HttpResponse<String> put = Http.send("PUT", calendarUrl() + name,
            Http.basic(SERVERS.davUser(), SERVERS.davPassword()), parts.get(k), "text/calendar");
        o.putStatus = put.statusCode();
        o.putAnswer = put.body().substring(0, Math.min(put.body().length(), 600));
        objects.add(o);
      }
    }
    return objects;
  }

  /** UTF-8, or Latin-1 for the few files older clients wrote in it (as a client would read them). */
  private static String decode(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException latin1) {
      return new String(bytes, StandardCharsets.ISO_8859_1);
    }
  }

  private void classifyFirstRun(Obj o, String output, Map<String, JsonObject> items) {
    List<String> lines = linesNaming(o, output);
    if (o.putStatus != 201 && o.putStatus != 204) {
      o.outcome = "refused by the server"; // as the file writes it: the calendar never holds it
    } else if (lines.size() > 1) {
      o.outcome = "more than one line";
      o.reason = String.join(" | ", lines);
    } else if (lines.size() == 1
        && (lines.get(0).contains("same title and start") || lines.get(0).contains("has the same uid as"))) {
      // The corpus holds the same event in two files (one calendar cannot): kept once.
      o.outcome = "duplicate";
      o.reason = lines.get(0).strip();
    } else if (lines.size() == 1) {
      o.outcome = "refused";
      o.reason = lines.get(0).strip();
    } else if (items.containsKey(o.uid)) {
      o.outcome = "imported";
    } else {
      o.outcome = "lost";
      o.reason = "neither imported nor named in the output";
    }
  }

  private void approveAndRetitle(Map<String, JsonObject> items) {
    JsonArray batch = new JsonArray();
    for (JsonObject item : items.values()) {
      JsonObject change = new JsonObject();
      change.add("id", item.get("id"));
      change.addProperty("approved", true);
      String title = item.get("title").getAsString();
      change.addProperty("title", title.substring(0, Math.min(title.length(), 240)) + EDIT);
      batch.add(change);
      item.add("title", change.get("title"));
    }
    Http.expect(Http.send("PATCH", SERVERS.directusUrl() + "/items/" + collection,
        Http.bearer(SERVERS.directusToken()), batch.toString(), "application/json"), 200, 204);
  }

  private void compareMeaning(Obj o, String after, JsonObject item) {
    if (after == null) {
      o.outcome = "changed";
      o.reason = "no calendar object with its uid after approval";
      return;
    }
    try {
      Map<String, String> before = Meaning.of(o.baseline, o.uid, ZONE);
      Map<String, String> now = Meaning.of(after, o.uid, ZONE);
      List<String> differences = new ArrayList<>();
      before.forEach((aspect, value) -> {
        if (!Objects.equals(value, now.get(aspect))) {
          differences.add(aspect + ": " + value + " -> " + now.get(aspect));
        }
      });
      String title = item.get("title").getAsString();
      if (!after.replace("\r\n ", "").contains("SUMMARY:" + escape(title))
          && !after.replace("\r\n ", "").matches("(?s).*SUMMARY;[^\r\n]*:" + Pattern.quote(escape(title)) + ".*")) {
        differences.add("title is not the edited one");
      }
      o.outcome = differences.isEmpty() ? "round-trip" : "changed";
      o.reason = String.join("; ", differences);
    } catch (Exception e) {
      o.outcome = "changed";
      o.reason = "cannot compare: " + e;
    }
  }

  private static String escape(String text) {
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n");
  }

  /** Writes the report; returns each file's outcome, keyed "broken NAME" or "NAME". */
  private Map<String, String> report(List<Obj> objects) throws IOException {
    Map<String, String> files = new LinkedHashMap<>();
    StringBuilder tsv = new StringBuilder("file\texpected\tobject\tuid\toutcome\treason\n");
    for (Obj o : objects) {
      tsv.append(String.join("\t", o.file, o.broken ? "broken" : "valid", o.name, o.uid, o.outcome,
          o.reason.replaceAll("[\t\r\n]", " "))).append('\n');
      String key = (o.broken ? "broken " : "") + o.file;
      files.merge(key, fileOutcome(o), RealWorldCorpusIT::worse);
    }
    StringBuilder summary = new StringBuilder("\nfile\texpected\toutcome\n");
    files.forEach((k, v) -> summary.append(k.replace("broken ", "")).append('\t')
        .append(k.startsWith("broken ") ? "broken" : "valid").append('\t').append(v).append('\n'));
    Files.writeString(Path.of("target", reportName()), tsv.toString() + summary);
    return files;
  }

  /** An object's contribution to its file: a broken file passes when an object was refused. */
  private static String fileOutcome(Obj o) {
    if (o.broken) {
      return o.outcome.startsWith("refused") ? "refused"
          : o.outcome.equals("round-trip") || o.outcome.equals("duplicate") ? "read gracefully" : o.outcome;
    }
    if (o.outcome.equals("round-trip") || o.outcome.equals("duplicate")) {
      return "round-trip";
    }
    return o.outcome.equals("refused") && REPRESENTABLE_NOT.stream().anyMatch(o.reason::contains)
        ? "refused for a documented reason" : o.outcome;
  }

  /** A file's outcome is its worst object's; round-trip is the best, then a documented refusal. */
  private static String worse(String a, String b) {
    if (a.equals("refused") || b.equals("refused")) {
      return "refused"; // a broken file: one refusal is what it asks for
    }
    List<String> best = List.of("round-trip", "read gracefully", "refused for a documented reason",
        "refused by the server");
    int ra = best.indexOf(a);
    int rb = best.indexOf(b);
    return ra < 0 ? a : rb < 0 ? b : best.get(Math.max(ra, rb));
  }

  private String reportName() {
    return "corpus-report-" + server.toLowerCase(Locale.ROOT) + ".tsv";
  }

  private String calendarUrl() {
    return calendars + "it-events-" + suffix + "/";
  }
}
