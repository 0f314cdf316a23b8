package org.eventsync.directus;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import org.eventsync.core.Event;
import org.eventsync.core.EventTime;
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
    assertThat(mirror.ids()).isEmpty();
    assertThat(mirror.revision()).as("a new epoch").isNotEqualTo(revision);
  }

  @Test
  void theItemsAndApprovalsAreThereOnFirstUse() {
    DirectusMirror mirror = DirectusMirror.load(Optional.of(saved()), "events");

    assertThat(mirror.ids()).containsExactlyInAnyOrder("1", "2", "4");
    assertThat(mirror.approved()).containsExactlyInAnyOrder("1", "4");
    assertThat(mirror.count()).isEqualTo(3);
    assertThat(mirror.item("2")).hasValue("{\"id\":2}");
    assertThat(mirror.item("3")).isEmpty();
  }

  @Test
  void itemsAreKeptPackedAndTheirEventsAsValues() throws Exception {
    Path file = dir.resolve("directus-cache.json");
    DirectusMirror mirror = DirectusMirror.load(Optional.of(file), "events");
    mirror.fieldTypes(Map.of("id", "integer"));
    String item = "{\"id\":1,\"title\":\"Jazz im Park \u00e9\u2028\",\"location\":\"Hall B\"}";
    mirror.put("1", item, true);
    Event event = Event.builder("u-1", "Jazz im Park", EventTime.of(LocalDate.of(2027, 5, 1)))
        .location("Hall B").build();
    mirror.event("1", event);
    mirror.save();

    String saved = Files.readString(file);
    assertThat(saved).contains("\"format\":2");
    assertThat(saved.substring(saved.indexOf("\"items\":"), saved.indexOf("\"approved\":")))
        .doesNotContain("Hall B");
    DirectusMirror again = DirectusMirror.load(Optional.of(file), "events");
    assertThat(again.item("1")).hasValue(item);
    assertThat(again.event("1")).hasValue(event);
  }

  @Test
  void aDamagedItemReadsAsMissingAndTheNextRunReadsEverything() throws Exception {
    Path file = saved();
    String text = Files.readString(file);
    String packed = text.replaceAll("(?s).*\"items\":\\{\"1\":\"([^\"]+)\".*", "$1");
    Files.writeString(file, text.replace(packed, "AAAA" + packed));

    DirectusMirror mirror = DirectusMirror.load(Optional.of(file), "events");

    assertThat(mirror.item("1")).isEmpty();
    assertThat(mirror.cursor()).isEmpty();
    assertThat(mirror.item("2")).hasValue("{\"id\":2}");
  }

  @Test
  void aCacheOfTheFirstLayoutIsNotRead() throws Exception {
    Path file = saved();
    Files.writeString(file, Files.readString(file).replace("\"format\":2,", ""));

    DirectusMirror mirror = DirectusMirror.load(Optional.of(file), "events");

    assertThat(mirror.cursor()).isEmpty();
    assertThat(mirror.ids()).isEmpty();
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
