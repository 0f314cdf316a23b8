package org.eventsync.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every public type of the core (the API embedders and adapter authors use) has a Javadoc
 * comment. The Javadoc tool's own check for this ("missing") also wants an @param on every
 * compact constructor, so it is off in the build and this test keeps the part that matters.
 */
class PublicApiDocumentedTest {

  private static final Pattern PUBLIC_TYPE = Pattern.compile(
      "^\\s*public\\s+(?:(?:final|abstract|sealed|non-sealed|static)\\s+)*"
          + "(?:class|interface|record|enum|@interface)\\s+(\\w+)");

  @Test
  void everyPublicTypeHasAJavadocComment() throws IOException {
    List<String> undocumented = new ArrayList<>();
    int types = 0;
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
          var m = PUBLIC_TYPE.matcher(lines.get(i));
          if (!m.find()) {
            continue;
          }
          types++;
          int j = i - 1;
          while (j >= 0 && lines.get(j).strip().startsWith("@")) {
            j--; // annotations stand between the comment and the declaration
          }
          if (j < 0 || !lines.get(j).strip().endsWith("*/")) {
            undocumented.add(file.getFileName() + ": " + m.group(1));
          }
        }
      }
    }
    assertThat(types).as("public types found").isGreaterThan(20);
    assertThat(undocumented).as("public types without Javadoc").isEmpty();
  }
}
