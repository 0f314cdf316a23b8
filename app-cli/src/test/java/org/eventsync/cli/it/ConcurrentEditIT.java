package org.eventsync.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eventsync.testsupport.CalDavProbe;
import org.eventsync.testsupport.DirectusProbe;
import org.eventsync.testsupport.FaultyProxy;
import org.junit.jupiter.api.Test;

/**
 * A person edits an event in the calendar after the tool read it and before the tool writes it
 * (a proxy makes the edit at exactly that moment). The tool's conditional write fails; the
 * person's edit stays; the run says so and exits "partial". The next run applies the rule (the
 * edit is proposed to the moderators, the calendar shows the approved version) and says that too.
 */
class ConcurrentEditIT extends RealServers {

  @Test
  void anEditBetweenReadAndWriteIsNotOverwrittenSilently() throws Exception {
    int id = directus.create(DirectusProbe.item("Concert", "2026-12-05T19:00:00", true));
    assertThat(cli.run().exitCode()).isZero();
    JsonObject edit = new JsonObject();
    edit.addProperty("title", "Concert (moved to the hall)");
    directus.update(id, edit);

    try (FaultyProxy proxy =
        new FaultyProxy(URI.create(SERVERS.radicaleHome()).resolve("/"), 0, 1, Duration.ZERO)) {
      AtomicBoolean edited = new AtomicBoolean();
      proxy.hook((method, path) -> {
        if (method.equals("PUT") && !edited.getAndSet(true)) {
          String name = path.substring(path.lastIndexOf('/') + 1);
          calendar.put(name, CalDavProbe.event(uidOf(calendar.objects().get(0)), "Concert (a person's note)",
              "20261205T180000Z"));
        }
      });
      String home = proxy.base() + URI.create(SERVERS.radicaleHome()).getPath();

      CliRunner.Result raced = cli.with(Map.of("NEXTCLOUD_URL", home)).run();

      assertThat(edited).isTrue();
      assertThat(raced.exitCode()).isEqualTo(5);
      assertThat(raced.output()).contains("changed in the calendar since it was read");
      assertThat(calendar.summaries()).containsExactly("Concert (a person's note)");
    }

    CliRunner.Result next = cli.run();
    assertThat(next.exitCode()).isZero();
    assertThat(next.output()).contains("proposed: title 'Concert (moved to the hall)' \u2192"
        + " 'Concert (a person's note)' for item " + id + ", from the calendar");
    assertThat(calendar.summaries()).containsExactly("Concert (moved to the hall)");
  }
}
