package org.eventsync.directus;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Directus cache's head says enough to tell that nothing changed; the items come later. */
class DirectusMirrorTest {

  @TempDir Path dir;

  private Path saved() {
    Path file = dir.resolve("directus-cache.json");
    DirectusMirror mirror = DirectusMirror.load(Optional.of(file), "events");
    mirror.fieldTypes(Map.of("id", "integer"));
    mirror.put("1", "{\"id\":1}", true);
    mirror.put("2", "{\"id\":2}", false);
    mirror.put("4", "{\"id\":4}", true);
    mirror.cursor("2026-12-01T10:00:00Z");
    mirror.save();
    return file;
  }

  @Test
  void countIdSumCursorAndRevisionComeFromTheHeadAlone() throws Exception {
    Path file = saved();
    String revision = DirectusMirror.load(Optional.of(file), "events").revision();
    Files.writeString(file, Files.readString(file).replace("\"items\":{", "\"items\":{\"x\":[[[["));

    DirectusMirror mirror = DirectusMirror.load(Optional.of(file), "events");

    assertThat(mirror.count()).isEqualTo(3);
    assertThat(mirror.idSum()).hasValue(7L);
    assertThat(mirror.cursor()).hasValue("2026-12-01T10:00:00Z");
    assertThat(mirror.revision()).isEqualTo(revision);

    assertThat(mirror.load()).as("the damaged items cannot be read back").isFalse();
    assertThat(mirror.cursor()).as("so everything is read").isEmpty();
    assertThat(mirror.items()).isEmpty();
    assertThat(mirror.revision()).as("a new epoch").isNotEqualTo(revision);
  }

  @Test
  void theItemsAndApprovalsAreThereOnFirstUse() {
    DirectusMirror mirror = DirectusMirror.load(Optional.of(saved()), "events");

    assertThat(mirror.items()).containsOnlyKeys("1", "2", "4");
    assertThat(mirror.approved()).containsExactlyInAnyOrder("1", "4");
    assertThat(mirror.count()).isEqualTo(3);
  }

  @Test
  void idsThatAreNotNumbersHaveNoSum() {
    Path file = dir.resolve("directus-cache.json");
    DirectusMirror mirror = DirectusMirror.load(Optional.of(file), "events");
    mirror.fieldTypes(Map.of("id", "uuid"));
    mirror.put("9b2f", "{\"id\":\"9b2f\"}", true);
    mirror.save();

    assertThat(DirectusMirror.load(Optional.of(file), "events").idSum()).isEmpty();
  }
}
