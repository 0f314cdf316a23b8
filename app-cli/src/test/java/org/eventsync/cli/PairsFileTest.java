package org.eventsync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pairs file: what each pair gets, and one line per mistake. */
class PairsFileTest {

  @TempDir Path dir;

  private Map<String, String> environment(String pairs) throws Exception {
    Path file = dir.resolve("pairs.json");
    Files.writeString(file, pairs);
    Map<String, String> env = new HashMap<>();
    env.put("PAIRS_FILE", file.toString());
    env.put("DIRECTUS_API_URL", "https://cms.example.org");
    env.put("DIRECTUS_API_TOKEN", "shared-token");
    env.put("NEXTCLOUD_URL", "https://cloud.example.org/");
    env.put("NEXTCLOUD_USERNAME", "u");
    env.put("CONCERTS_PASSWORD", "secret-concerts");
    env.put("WORKSHOPS_PASSWORD", "secret-workshops");
    return env;
  }

  private List<Settings> load(String pairs) throws Exception {
    return CommonOptions.pairsOf(new ConfigLoader(environment(pairs), dir.resolve("none.env"), dir),
        Optional.empty());
  }

  @Test
  void eachPairTakesItsOwnSettingsThenTheDefaultsThenTheEnvironment() throws Exception {
    List<Settings> pairs = load("""
        {"defaults": {"NEXTCLOUD_USERNAME": "org", "DIRECTUS_COLLECTION": "events"},
         "pairs": [
           {"name": "concerts", "NEXTCLOUD_CALENDAR_NAME": "Concerts",
            "NEXTCLOUD_PASSWORD": "${CONCERTS_PASSWORD}", "POLL_INTERVAL": "PT5M"},
           {"name": "workshops", "NEXTCLOUD_CALENDAR_NAME": "Workshops",
            "NEXTCLOUD_PASSWORD": "${WORKSHOPS_PASSWORD}", "DIRECTUS_COLLECTION": "courses",
            "WRITE_CONCURRENCY": 2}
         ]}
        """);

    assertThat(pairs).extracting(Settings::pairName).containsExactly("concerts", "workshops");
    Settings concerts = pairs.get(0);
    Settings workshops = pairs.get(1);
    assertThat(concerts.calendarName()).isEqualTo("Concerts");
    assertThat(concerts.calendarPassword()).isEqualTo("secret-concerts");
    assertThat(concerts.calendarUser()).isEqualTo("org");
    assertThat(concerts.directusCollection()).isEqualTo("events");
    assertThat(concerts.directusToken()).isEqualTo("shared-token");
    assertThat(concerts.pollInterval()).hasMinutes(5);
    assertThat(workshops.directusCollection()).isEqualTo("courses");
    assertThat(workshops.calendarPassword()).isEqualTo("secret-workshops");
    assertThat(workshops.writeConcurrency()).isEqualTo(2);
    assertThat(concerts.stateFile()).isEqualTo(Path.of("state/concerts/sync-state.json"));
    assertThat(workshops.stateDir()).isNotEqualTo(concerts.stateDir());
    assertThat(concerts.toString()).doesNotContain("secret-concerts", "shared-token");
  }

  @Test
  void everyMistakeIsOneLineNamingThePairAndTheSetting() throws Exception {
    assertThatThrownBy(() -> load("""
        {"pairs": [
           {"name": "concerts", "NEXTCLOUD_PASSWORD": "written-in-the-file"},
           {"name": "concerts"},
           {"name": "Bad Name!"},
           {"name": "a", "NEXTCLOUD_CALENDER_NAME": "typo"},
           {"name": "b", "NEXTCLOUD_CALENDAR_NAME": ["a", "list"]},
           {"name": "c", "NEXTCLOUD_PASSWORD": "${NOT_SET_ANYWHERE}"},
           {"name": "d", "STATE_DATABASE_URL": "jdbc:postgresql://x/y"},
           "not an object"
         ],
         "extra": 1}
        """))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> {
          List<String> lines = e.getMessage().lines().toList();
          assertThat(lines).hasSize(9);
          assertThat(lines).anyMatch(l -> l.contains("'extra' is not known"));
          assertThat(lines).anyMatch(l -> l.contains("pair 'concerts': NEXTCLOUD_PASSWORD is a"
              + " secret: write a reference"));
          assertThat(lines).anyMatch(l -> l.contains("the name 'concerts' is used by two pairs"));
          assertThat(lines).anyMatch(l -> l.contains("pair 3 needs a \"name\""));
          assertThat(lines).anyMatch(l -> l.contains("'NEXTCLOUD_CALENDER_NAME' is not a setting"));
          assertThat(lines).anyMatch(l -> l.contains("NEXTCLOUD_CALENDAR_NAME must be a string,"
              + " a number or true/false, not a list"));
          assertThat(lines).anyMatch(l -> l.contains("refers to ${NOT_SET_ANYWHERE}, which is"
              + " not set"));
          assertThat(lines).anyMatch(l -> l.contains("STATE_DATABASE_URL is a setting of the"
              + " whole process"));
          assertThat(lines).anyMatch(l -> l.contains("pair 8 must be an object"));
          assertThat(e.getMessage()).doesNotContain("written-in-the-file");
        });
  }

  @Test
  void aPairWhoseSettingsAreWrongIsNamedWithTheSetting() throws Exception {
    assertThatThrownBy(() -> load("""
        {"pairs": [{"name": "concerts", "NEXTCLOUD_PASSWORD": "${CONCERTS_PASSWORD}",
                    "MAX_DELETE_SHARE": "lots"},
                   {"name": "ok", "NEXTCLOUD_PASSWORD": "${CONCERTS_PASSWORD}"}]}
        """))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("pair 'concerts': MAX_DELETE_SHARE must be a share");
  }

  @Test
  void notJsonAndNoPairsAreSaidAsSuch() throws Exception {
    assertThatThrownBy(() -> load("{\"pairs\": [ {\"name\": \"x\", }"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("is not valid JSON");
    assertThatThrownBy(() -> load("{\"pairs\": []}"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("\"pairs\" must be a list of at least one pair");
  }

  @Test
  void theExampleOfTheConfigurationReferenceIsValid() throws Exception {
    String doc = Files.readString(Path.of("../docs/configuration.md"));
    int section = doc.indexOf("## Several pairs");
    int start = doc.indexOf("```json", section) + "```json".length();
    String example = doc.substring(start, doc.indexOf("```", start));
    Map<String, String> env = environment(example);
    env.put("CMS_TOKEN", "t");
    env.put("CONCERTS_APP_PASSWORD", "p1");
    env.put("CHOIR_APP_PASSWORD", "p2");
    env.put("VENUES_APP_PASSWORD", "p3");

    List<Settings> pairs = CommonOptions.pairsOf(new ConfigLoader(env, dir.resolve("none.env"), dir),
        Optional.empty());

    assertThat(pairs).extracting(Settings::stateKey).containsExactly("concerts", "choir",
        "venues/concert", "venues/workshop", "venues/talk");
    assertThat(pairs.get(1).directusCollection()).isEqualTo("choir_events");
    assertThat(pairs.get(3).calendarName()).isEqualTo("Workshops");
    assertThat(pairs.get(3).stateFile()).isEqualTo(Path.of("state/venues/workshop/sync-state.json"));
  }

  @Test
  void onePairCanBeChosenAndAnUnknownOneIsSaid() throws Exception {
    String file = """
        {"pairs": [{"name": "one", "NEXTCLOUD_PASSWORD": "${CONCERTS_PASSWORD}"},
                   {"name": "two", "NEXTCLOUD_PASSWORD": "${CONCERTS_PASSWORD}"}]}
        """;
    ConfigLoader loader = new ConfigLoader(environment(file), dir.resolve("none.env"), dir);
    assertThat(CommonOptions.pairsOf(loader, Optional.of("two"))).extracting(Settings::pairName)
        .containsExactly("two");
    assertThatThrownBy(() -> CommonOptions.pairsOf(loader, Optional.of("three")))
        .hasMessageContaining("--pair three: PAIRS_FILE names no such pair");
  }
}
