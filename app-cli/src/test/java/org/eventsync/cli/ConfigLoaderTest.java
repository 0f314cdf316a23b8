package org.eventsync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.eventsync.core.sync.SyncPolicy;
import org.eventsync.directus.ProposalsCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where settings come from and how bad ones are named, without a server. */
class ConfigLoaderTest {

  @TempDir Path dir;

  private static Map<String, String> minimal() {
    Map<String, String> values = new HashMap<>();
    values.put("DIRECTUS_API_URL", "https://cms.example.org");
    values.put("DIRECTUS_API_TOKEN", "token-from-env");
    values.put("NEXTCLOUD_URL", "https://cloud.example.org/remote.php/dav/calendars/u/");
    values.put("NEXTCLOUD_USERNAME", "u");
    values.put("NEXTCLOUD_PASSWORD", "p");
    return values;
  }

  @Test
  void theEnvironmentWinsOverDotEnvWhichWinsOverTheOriginalJsonFiles() throws Exception {
    Path env = dir.resolve(".env");
    Files.writeString(env, "DIRECTUS_API_TOKEN=token-from-dotenv\nDIRECTUS_COLLECTION=from_dotenv\n");
    Path config = Files.createDirectories(dir.resolve("config"));
    Files.writeString(config.resolve("directus.json"),
        "{\"token\":\"token-from-json\",\"collection\":\"from_json\"}");
    Files.writeString(config.resolve("nextcloud.json"), "{\"calendar_name\":\"From JSON\"}");

    Settings s = new ConfigLoader(minimal(), env, config).load();

    assertThat(s.directusToken()).isEqualTo("token-from-env");
    assertThat(s.directusCollection()).isEqualTo("from_dotenv");
    assertThat(s.calendarName()).isEqualTo("From JSON");
  }

  @Test
  void theOriginalJsonFilesAloneAreEnough() throws Exception {
    Path config = Files.createDirectories(dir.resolve("config"));
    Files.writeString(config.resolve("directus.json"),
        "{\"url\":\"https://cms.example.org\",\"token\":\"t\",\"collection\":\"events\"}");
    Files.writeString(config.resolve("nextcloud.json"), "{\"url\":\"https://cloud.example.org/\","
        + "\"username\":\"u\",\"password\":\"p\",\"calendar_name\":\"Events\"}");

    Settings s = new ConfigLoader(Map.of(), dir.resolve("none.env"), config).load();

    assertThat(s.calendarUser()).isEqualTo("u");
    assertThat(s.directusCollection()).isEqualTo("events");
  }

  @Test
  void defaultsApplyWhereNothingIsSaid() {
    Map<String, String> values = minimal();
    values.put("EVENT_TIMEZONE", "Europe/Berlin");
    Settings s = ConfigLoader.of(values).load();

    assertThat(s.directusCollection()).isEqualTo("events");
    assertThat(s.calendarName()).isEqualTo("events");
    assertThat(s.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
    assertThat(s.policy().maxDeleteShare()).isEqualTo(0.5);
    assertThat(s.policy().hidePending()).isFalse();
    assertThat(s.writeConcurrency()).isEqualTo(4);
    assertThat(s.http().maxConnections()).isEqualTo(4);
  }

  /** Each reader declares the settings it reads; .env.example shows each of them, and no other. */
  @Test
  void theSettingsTheReadersDeclareAreThoseOfEnvExample() throws Exception {
    String example = Files.readString(Path.of("..", ".env.example"));
    Matcher names = Pattern.compile("(?m)^#? ?([A-Z][A-Z0-9_]+)=").matcher(example);
    Set<String> shown = names.results().map(m -> m.group(1))
        .filter(n -> !n.startsWith(SettingSources.FIELD_PREFIX)).collect(Collectors.toSet());
    assertThat(shown).containsExactlyInAnyOrderElementsOf(SettingSources.KNOWN);
  }

  @Test
  void anUnknownKeyInDotEnvIsOnlyWarnedAbout() throws Exception {
    Path env = dir.resolve(".env");
    Files.writeString(env, "DIRECTUS_COLECTION=typo\n");
    assertThat(new ConfigLoader(minimal(), env, dir).load().directusCollection()).isEqualTo("events");
  }

  @Test
  void calendarChangesAreProposedToTheCollectionEventChangesUnlessSaidOtherwise() {
    Settings defaults = ConfigLoader.of(minimal()).load();
    assertThat(defaults.policy().calendarEdits()).isEqualTo(SyncPolicy.CalendarEdits.PROPOSE);
    assertThat(defaults.proposing()).hasValue(new ProposalsCollection("event_changes", false));

    Map<String, String> env = minimal();
    env.put("CALENDAR_EDITS", "Ignore");
    env.put("PROPOSALS_COLLECTION", "moderation");
    env.put("PROPOSED_DELETIONS", "delete");
    Settings set = ConfigLoader.of(env).load();
    assertThat(set.policy().calendarEdits()).isEqualTo(SyncPolicy.CalendarEdits.IGNORE);
    assertThat(set.proposing()).isEmpty();
    assertThat(set.proposals()).isEqualTo(new ProposalsCollection("moderation", true));

    env.put("CALENDAR_EDITS_FIELDS", " Location:accept , title:propose,");
    Settings byField = ConfigLoader.of(env).load();
    assertThat(byField.policy().calendarEdits("location")).isEqualTo(SyncPolicy.CalendarEdits.ACCEPT);
    assertThat(byField.policy().calendarEdits("title")).isEqualTo(SyncPolicy.CalendarEdits.PROPOSE);
    assertThat(byField.policy().calendarEdits("start")).isEqualTo(SyncPolicy.CalendarEdits.IGNORE);
    assertThat(byField.proposing()).as("a field proposes").isPresent();
  }

  @Test
  void eachBadValueIsOneLineNamingItsSetting() {
    assertBad("HIDE_PENDING_EVENTS", "maybe", "HIDE_PENDING_EVENTS must be true or false, not 'maybe'");
    assertBad("MAX_DELETE_SHARE", "2", "MAX_DELETE_SHARE must be a share between 0 and 1");
    assertBad("WRITE_CONCURRENCY", "0", "WRITE_CONCURRENCY must be a whole number from 1 to 32, not '0'");
    assertBad("WRITE_CONCURRENCY", "many", "WRITE_CONCURRENCY must be a whole number from 1 to 32");
    assertBad("CALENDAR_EDITS", "merge", "CALENDAR_EDITS must be propose (a moderator decides");
    assertBad("PROPOSED_DELETIONS", "keep", "PROPOSED_DELETIONS must be unapprove");
    assertBad("CALENDAR_EDITS_FIELDS", "room:accept", "CALENDAR_EDITS_FIELDS: 'room:accept' is not"
        + " field:policy with a field among title, start");
    assertBad("CALENDAR_EDITS_FIELDS", "location:maybe", "CALENDAR_EDITS_FIELDS for location must"
        + " be propose");
    assertBad("PROPOSALS_COLLECTION", "event changes", "PROPOSALS_COLLECTION: the proposals"
        + " collection name must be letters, digits or _");
    assertBad("EVENT_TIMEZONE", "Mars/Base", "EVENT_TIMEZONE 'Mars/Base' is not a time zone");
    assertBad("DIRECTUS_API_URL", "ftp://cms", "DIRECTUS_API_URL must be an http(s) URL");
    assertBad("NEXTCLOUD_URL", "http://cloud.example.org/", "NEXTCLOUD_URL uses plain http://");
    assertBad("DIRECTUS_FIELD_COLOUR", "x", null);
    assertBad("DIRECTUS_FIELD_TITLE", "bad name", "DIRECTUS_FIELD_*: 'bad name' is not a Directus field name");

    Map<String, String> missing = minimal();
    missing.remove("NEXTCLOUD_PASSWORD");
    assertThatThrownBy(() -> ConfigLoader.of(missing).load())
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("NEXTCLOUD_PASSWORD is not set")
        .hasMessageContaining("'password' in config/nextcloud.json");
  }

  @Test
  void aWorkersHooksTakeTheSecretOnServesTerms() {
    Map<String, String> values = minimal();
    values.put("SERVE_ADDRESS", "127.0.0.1:0");
    values.put("SERVE_WEBHOOK_SECRET", "short");
    assertThatThrownBy(() -> WorkerCommand.cluster(ConfigLoader.of(values).sources())).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("SERVE_WEBHOOK_SECRET: the webhook secret must be at least 16");
    values.put("SERVE_WEBHOOK_SECRET", "0123456789abcdef");
    assertThat(WorkerCommand.cluster(ConfigLoader.of(values).sources()).secret()).hasValue("0123456789abcdef");
  }

  @Test
  void serveSettingsAreReadOnlyForServeAndSayWhatIsWrong() {
    Map<String, String> values = minimal();
    values.put("SERVE_WEBHOOK_SECRET", "short");
    ConfigLoader loader = ConfigLoader.of(values);
    Settings settings = loader.load(); // a sync does not read them

    assertThatThrownBy(() -> ServeCommand.config(loader.sources(), settings)).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("SERVE_WEBHOOK_SECRET: the webhook secret must be at least 16");
    values.put("SERVE_WEBHOOK_SECRET", "0123456789abcdef");
    values.put("SERVE_ADDRESS", "localhost");
    assertThatThrownBy(() -> ServeCommand.config(ConfigLoader.of(values).sources(), settings))
        .hasMessage("SERVE_ADDRESS must be HOST:PORT such as 127.0.0.1:8787, not 'localhost'");
    values.put("SERVE_ADDRESS", "[::1]:9000");
    values.put("POLL_INTERVAL", "30s");
    assertThatThrownBy(() -> ConfigLoader.of(values).load())
        .hasMessageStartingWith("POLL_INTERVAL must be an ISO-8601 duration");
    values.remove("POLL_INTERVAL");

    ServeCommand.Config serve = ServeCommand.config(ConfigLoader.of(values).sources(), settings);

    assertThat(serve.server().address().getHostString()).isEqualTo("::1");
    assertThat(serve.server().address().getPort()).isEqualTo(9000);
    assertThat(serve.server().poll()).hasMinutes(1);
    assertThat(serve.directusHook().toString()).isEqualTo("http://[::1]:9000/hooks/directus");
    assertThat(serve.server().toString()).doesNotContain("0123456789abcdef");
  }

  @Test
  void plainHttpToThisMachineIsAllowed() {
    Map<String, String> values = minimal();
    values.put("NEXTCLOUD_URL", "http://127.0.0.1:15232/sync/");
    assertThat(ConfigLoader.of(values).load().calendarHome().getPort()).isEqualTo(15232);
  }

  private static void assertBad(String name, String value, String message) {
    Map<String, String> values = minimal();
    values.put(name, value);
    if (message == null) {
      // A field the tool does not know is no setting at all: ignored, like any other variable.
      assertThat(ConfigLoader.of(values).load()).isNotNull();
      return;
    }
    assertThatThrownBy(() -> ConfigLoader.of(values).load())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(message)
        .hasMessageNotContaining("token-from-env");
  }
}
