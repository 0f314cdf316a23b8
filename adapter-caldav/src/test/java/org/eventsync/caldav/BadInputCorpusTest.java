package org.eventsync.caldav;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.eventsync.core.Event;
import org.eventsync.core.InvalidEventException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file of the bad-input corpus (src/test/resources/bad-input) through the codec: a file
 * that must be refused is refused with one short line naming the problem; a file that is odd but
 * valid is read, and survives being written and read again.
 */
class BadInputCorpusTest {

  private final ICalendarCodec codec = new ICalendarCodec(ZoneId.of("Europe/Berlin"));

  record Case(String file, String expected) {
    boolean ok() {
      return expected.equals("ok");
    }

    String problem() {
      return expected.substring("problem:".length()).strip();
    }

    @Override
    public String toString() {
      return file;
    }
  }

  static Stream<Case> corpus() throws IOException {
    List<Case> cases = new ArrayList<>();
    for (String line : read("expectations.txt").split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split("\\|", 2);
      cases.add(new Case(parts[0].strip(), parts[1].strip()));
    }
    assertThat(cases).hasSizeGreaterThanOrEqualTo(30);
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void eachFileIsReadOrRefusedInOneClearLine(Case c) throws IOException {
    String text = read(c.file());
    if (c.ok()) {
      Event event = codec.parse(text);
      String written = codec.format(event);
      // Read back by meaning (Etc/UTC comes back as plain UTC), and written the same again.
      assertThat(codec.parse(written).contentHash()).isEqualTo(event.contentHash());
      assertThat(stamped(codec.format(codec.parse(written)))).isEqualTo(stamped(written));
      assertThat(codec.parse(codec.merge(text, event)).contentHash()).isEqualTo(event.contentHash());
    } else {
      assertThatThrownBy(() -> codec.parse(text))
          .isInstanceOf(InvalidEventException.class)
          .hasMessageContaining(c.problem())
          .satisfies(e -> {
            assertThat(e.getMessage()).doesNotContain("\n");
            assertThat(e.getMessage().length()).isLessThanOrEqualTo(300);
          });
    }
  }

  private static String stamped(String text) {
    return text.replaceAll("DTSTAMP:\\d{8}T\\d{6}Z", "DTSTAMP");
  }

  static String read(String name) throws IOException {
    try (InputStream in = BadInputCorpusTest.class.getResourceAsStream("/bad-input/" + name)) {
      return new String(Objects.requireNonNull(in, name).readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
