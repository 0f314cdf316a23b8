package org.eventsync.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eventsync.testsupport.CalDavProbe;
import org.eventsync.testsupport.DirectusProbe;
import org.junit.jupiter.api.Test;

/** The product as users run it: flags, exit codes, configuration, logs, lock, signals. */
class CommandLineIT extends RealServers {

  @Test
  void aWorkerThatCannotUseItsDatabaseSaysWhyInOneLineWithItsExitCode() {
    CliRunner.Result unreachable = cli.with(Map.of("STATE_DATABASE_URL",
        "jdbc:postgresql://127.0.0.1:1/eventsync", "STATE_DATABASE_USER", "u",
        "STATE_DATABASE_PASSWORD", "secret-pw-4711")).run("worker");
    assertThat(unreachable.exitCode()).isEqualTo(4);
    assertThat(unreachable.output().strip().lines()).singleElement().asString()
        .contains("cannot reach the state database jdbc:postgresql://127.0.0.1:1/eventsync")
        .contains("check STATE_DATABASE_URL");

    CliRunner.Result refused = cli.with(Map.of("STATE_DATABASE_URL", SERVERS.get("POSTGRES_URL"),
        "STATE_DATABASE_USER", SERVERS.get("POSTGRES_USER"),
        "STATE_DATABASE_PASSWORD", "secret-pw-4711")).run("worker");
    assertThat(refused.exitCode()).isEqualTo(3);
    assertThat(refused.output()).contains("refused the user")
        .contains("check STATE_DATABASE_USER and STATE_DATABASE_PASSWORD")
        .doesNotContain("secret-pw-4711").doesNotContain("Exception");

    CliRunner.Result missing = cli.run("worker");
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.output()).contains("set STATE_DATABASE_URL");
  }

  @Test
  void aDryRunPrintsThePlanAndWritesNothing() {
    directus.create(DirectusProbe.item("Approved", "2026-12-05T10:00:00", true));

    CliRunner.Result result = cli.run("--dry-run");

    assertThat(result.exitCode()).isZero();
    assertThat(result.output()).contains("Dry run", "create the calendar", "publish \"Approved\"");
    assertThat(calendar.exists()).isFalse();
    assertThat(work.resolve("state/sync-state.json")).doesNotExist();
  }

  @Test
  void cleanRemovesWhatDirectusDoesNotHaveInsteadOfImportingIt() {
    directus.create(DirectusProbe.item("Kept", "2026-12-05T10:00:00", true));
    assertThat(cli.run().exitCode()).isZero();
    calendar.put("stray.ics", CalDavProbe.event("stray-" + suffix, "Stray", "20261206T100000Z"));

    CliRunner.Result result = cli.run("--clean");

    assertThat(result.exitCode()).isZero();
    assertThat(result.output()).contains("not in the source, and the policy cleans the calendar");
    assertThat(calendar.summaries()).containsExactly("Kept");
    assertThat(directus.items()).hasSize(1);
  }

  @Test
  void removingMostOfTheCalendarIsRefusedUntilForced() {
    JsonArray many = new JsonArray();
    for (int i = 0; i < 12; i++) {
      many.add(DirectusProbe.item("Event " + i, "2027-02-0" + (1 + i % 9) + "T10:00:00", true));
    }
    directus.createAll(many);
    assertThat(cli.run().exitCode()).isZero();
    JsonObject unapprove = new JsonObject();
    unapprove.addProperty("approved", false);
    directus.items().forEach(i -> directus.update(i.get("id").getAsInt(), unapprove));

    CliRunner.Result refused = cli.run();
    assertThat(refused.exitCode()).isEqualTo(6);
    assertThat(refused.output()).contains("would remove 12 of the 12 calendar events", "--force");
    assertThat(calendar.summaries()).hasSize(12);

    assertThat(cli.run("--force").exitCode()).isZero();
    assertThat(calendar.summaries()).isEmpty();
  }

  @Test
  void wrongCredentialsAndAddressesGetOneLineAndTheirOwnExitCode() {
    CliRunner.Result token = cli.with(Map.of("DIRECTUS_API_TOKEN", "wrong-token-value")).run();
    assertThat(token.exitCode()).isEqualTo(3);
    assertThat(token.output()).contains("the token is wrong or expired; check DIRECTUS_API_TOKEN")
        .doesNotContain("wrong-token-value").doesNotContain("\tat ");

    CliRunner.Result password = cli.with(Map.of("NEXTCLOUD_PASSWORD", "wrong-password-value")).run();
    assertThat(password.exitCode()).isEqualTo(3);
    assertThat(password.output()).contains("wrong user or password", "NEXTCLOUD_PASSWORD", "app password")
        .doesNotContain("wrong-password-value").doesNotContain("\tat ");

    CliRunner.Result unreachable = cli.with(Map.of("NEXTCLOUD_URL", "http://127.0.0.1:9/dav/")).run();
    assertThat(unreachable.exitCode()).isEqualTo(4);
    assertThat(unreachable.output()).contains("cannot reach").doesNotContain("\tat ");

    // Xandikos answers a path that does not exist with a 207 wrapping a 404.
    CliRunner.Result wrongPath =
        cli.with(Map.of("NEXTCLOUD_URL", SERVERS.xandikosHome() + "no-such-home/")).run();
    assertThat(wrongPath.exitCode()).isEqualTo(2);
    assertThat(wrongPath.output()).contains("check NEXTCLOUD_URL").doesNotContain("create the calendar")
        .doesNotContain("\tat ");

    CliRunner.Result missing = cli.with(Map.of("NEXTCLOUD_PASSWORD", "")).run();
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.output()).contains("NEXTCLOUD_PASSWORD is not set", ".env");

    CliRunner.Result insecure =
        cli.with(Map.of("DIRECTUS_API_URL", "http://cms.example.org")).run();
    assertThat(insecure.exitCode()).isEqualTo(2);
    assertThat(insecure.output()).contains("plain http://");

    CliRunner.Result verbose = cli.with(Map.of("DIRECTUS_API_TOKEN", "wrong-token-value")).run("--verbose");
    assertThat(verbose.output()).contains("\tat ").doesNotContain("wrong-token-value");
  }

  @Test
  void theEnvironmentBeatsDotEnvWhichBeatsTheJsonConfig() throws IOException {
    Files.createDirectories(work.resolve("config"));
    Files.writeString(work.resolve("config/directus.json"),
        "{\"url\": \"" + SERVERS.directusUrl() + "\", \"token\": \"json-token\"}");
    Files.writeString(work.resolve("config/nextcloud.json"),
        "{\"url\": \"" + SERVERS.radicaleHome() + "\", \"username\": \"" + SERVERS.davUser()
            + "\", \"password\": \"" + SERVERS.davPassword() + "\", \"calendar_name\": \""
            + calendarName + "\"}");
    Map<String, String> onlyCollection = new HashMap<>();
    environment().keySet().forEach(k -> onlyCollection.put(k, null));
    onlyCollection.put("DIRECTUS_COLLECTION", collection);
    CliRunner fromFiles = cli.with(onlyCollection);

    // config/*.json alone: its token is wrong.
    assertThat(fromFiles.run().exitCode()).isEqualTo(3);
    // .env overrides the JSON: right token.
    Files.writeString(work.resolve(".env"), "DIRECTUS_API_TOKEN=" + SERVERS.directusToken() + "\n");
    assertThat(fromFiles.run().exitCode()).isZero();
    // The environment overrides .env: wrong again.
    assertThat(fromFiles.with(Map.of("DIRECTUS_API_TOKEN", "env-token")).run().exitCode()).isEqualTo(3);
    // --env-file points elsewhere.
    Files.writeString(work.resolve("other.env"), "DIRECTUS_API_TOKEN=other-token\n");
    assertThat(fromFiles.run("--env-file", "other.env").exitCode()).isEqualTo(3);
  }

  @Test
  void aSettingsFileNamedButMissingStopsInOneLineAndOneReadByAllIsWarnedOf() throws IOException {
    CliRunner.Result missing = cli.with(Map.of("EVENT_SYNC_ENV_FILE", "/etc/event-sync-nowhere/.env"))
        .run();
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.output().strip().lines()).singleElement().asString()
        .contains("the settings file /etc/event-sync-nowhere/.env does not exist")
        .contains("EVENT_SYNC_ENV_FILE");
    assertThat(cli.run("--env-file", "typo.env").output()).contains("typo.env does not exist");

    // The whole configuration in the file that EVENT_SYNC_ENV_FILE names, as the package runs it.
    Path shared = work.resolve("shared.env");
    StringBuilder settings = new StringBuilder();
    environment().forEach((k, v) -> settings.append(k).append('=').append(v).append('\n'));
    Files.writeString(shared, settings);
    Map<String, String> onlyTheFile = new HashMap<>();
    environment().keySet().forEach(k -> onlyTheFile.put(k, null));
    onlyTheFile.put("EVENT_SYNC_ENV_FILE", shared.toString());
    Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rw-r--r--"));
    CliRunner.Result readByAll = cli.with(onlyTheFile).run();
    assertThat(readByAll.exitCode()).isZero();
    assertThat(readByAll.output()).contains(shared + " can be read by every user of this machine"
        + " (mode rw-r--r--), and it holds the passwords: chmod 600");

    Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rw-------"));
    CliRunner.Result privateFile = cli.with(onlyTheFile).run();
    assertThat(privateFile.exitCode()).isZero();
    assertThat(privateFile.output()).doesNotContain("can be read by");
  }

  @Test
  void logsAndSummariesNeverHoldTheTokenOrThePassword() throws IOException {
    directus.create(DirectusProbe.item("Event", "2026-12-05T10:00:00", true));
    CliRunner.Result first = cli.run("--verbose");
    calendar.put("typed.ics", CalDavProbe.event("typed-" + suffix, "Typed", "20261206T100000Z"));

    CliRunner.Result verbose = cli.run("--verbose", "--json");
    CliRunner.Result status = cli.run("status", "--verbose");

    String everything =
        first.output() + verbose.output() + status.output() + read(work.resolve("logs/sync.log"))
            + read(work.resolve("state/last-run.json"));
    assertThat(everything).contains("publish").contains("Typed")
        .doesNotContain(SERVERS.directusToken())
        .doesNotContain(SERVERS.davPassword());
  }

  @Test
  void jsonSummaryAndStatusSayWhatTheLastRunDid() {
    directus.create(DirectusProbe.item("One", "2026-12-05T10:00:00", true));
    directus.create(DirectusProbe.item("Two", "2026-12-06T10:00:00", true));

    CliRunner.Result json = cli.run("--json", "--quiet");

    JsonObject summary = JsonParser.parseString(json.output().trim()).getAsJsonObject();
    assertThat(summary.get("exitCode").getAsInt()).isZero();
    assertThat(summary.getAsJsonObject("counts").get("published").getAsInt()).isEqualTo(2);
    CliRunner.Result status = cli.run("status");
    assertThat(status.output()).contains("Last run:", "published", "2", "Events tracked in the state: 2");
  }

  @Test
  void aSecondRunWaitsItsTurn() throws IOException {
    Path lockFile = work.resolve("state/event-sync.lock");
    Files.createDirectories(lockFile.getParent());
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock held = channel.lock()) {
      CliRunner.Result result = cli.run();
      assertThat(result.exitCode()).isEqualTo(6);
      assertThat(result.output()).contains("another event-sync run");
    }
    assertThat(cli.run().exitCode()).isZero();
  }

  @Test
  void sigtermFinishesTheCurrentEventSavesAndTheNextRunConverges() throws Exception {
    JsonArray many = new JsonArray();
    for (int i = 0; i < 150; i++) {
      many.add(DirectusProbe.item("Event " + i, "2027-01-01T10:00:00", true));
    }
    directus.createAll(many);

    Process running = cli.start("--verbose");
    Path out = work.resolve("out.log");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!read(out).contains("[5/") && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    running.destroy(); // SIGTERM
    assertThat(running.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String first = read(out);
    assertThat(first).contains("Sync interrupted");
    int published = calendar.summaries().size();
    assertThat(published).isBetween(5, 149);
    JsonParser.parseString(read(work.resolve("state/sync-state.json"))); // whole, valid JSON

    CliRunner.Result again = cli.run();

    assertThat(again.exitCode()).isZero();
    assertThat(calendar.summaries()).hasSize(150).doesNotHaveDuplicates();
    assertThat(again.output()).contains((150 - published) + " published");
  }

  @Test
  void theServiceScriptStartsReportsAndStops() throws Exception {
    Path root = Path.of("..").toAbsolutePath().normalize();
    Path script = root.resolve("run-event-system.sh");
    Map<String, String> env = new HashMap<>(environment());
    env.put("EVENT_SYNC_LOGS", work.resolve("logs").toString());
    env.put("EVENT_SYNC_STATE_FILE", work.resolve("state/sync-state.json").toString());
    env.put("EVENT_SYNC_PIDFILE", work.resolve("state/event-sync.pid").toString());
    env.put("SYNC_INTERVAL", "PT1M");
    directus.create(DirectusProbe.item("Served", "2026-12-05T10:00:00", true));

    // "all" checks the settings with a dry run, then starts the background sync.
    assertThat(shell(env, script, "all")).contains("event-sync started");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (calendar.summaries().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertThat(calendar.summaries()).containsExactly("Served");
    assertThat(shell(env, script, "status")).contains("background sync: running", "Last run:");
    assertThat(shell(env, script, "stop")).contains("event-sync stopped");
    assertThat(shell(env, script, "status")).contains("background sync: not running");

    // "serve" starts the long-running mode instead; its first run publishes a new approval.
    int port = freePort();
    env.put("SERVE_ADDRESS", "127.0.0.1:" + port);
    directus.create(DirectusProbe.item("Served again", "2026-12-06T10:00:00", true));
    assertThat(shell(env, script, "serve")).contains("event-sync started", "serving on 127.0.0.1:" + port);
    deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (calendar.summaries().size() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertThat(calendar.summaries()).containsExactlyInAnyOrder("Served", "Served again");
    assertThat(shell(env, script, "status")).contains("background sync: running");
    assertThat(shell(env, script, "stop")).contains("event-sync stopped");
  }

  @Test
  void theServiceScriptManagesItsCronJobIdempotently() throws Exception {
    Path script = Path.of("..").toAbsolutePath().normalize().resolve("run-event-system.sh");
    Map<String, String> env = new HashMap<>(environment());
    String before = shell(env, Path.of("/usr/bin/crontab"), "-l");
    try {
      shell(env, script, "setup-cron");
      shell(env, script, "setup-cron");
      String installed = shell(env, Path.of("/usr/bin/crontab"), "-l");
      assertThat(Stream.of(installed.split("\n")).filter(l -> l.contains("# event-sync ("))).hasSize(1);
      assertThat(installed).contains("bin/event-sync --sync-once");
      assertThat(shell(env, script, "status")).contains("cron job: 0 * * * *");
      shell(env, script, "remove-cron");
      assertThat(shell(env, Path.of("/usr/bin/crontab"), "-l")).doesNotContain("# event-sync (");
    } finally {
      shell(env, script, "remove-cron");
      assertThat(before).doesNotContain("# event-sync (");
    }
  }

  private String shell(Map<String, String> env, Path program, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(program.toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(program.getParent().toFile())
        .redirectErrorStream(true);
    builder.environment().putAll(env);
    Process p = builder.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(120, TimeUnit.SECONDS);
    System.out.println(program.getFileName() + " " + String.join(" ", args) + " ->\n" + output);
    return output;
  }

  private static String read(Path file) throws IOException {
    return Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
  }
}
