package org.eventsync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * No package of the project depends on itself through another: a newcomer can read the packages
 * in one order, and a module can be cut out along them. app-cli sees every module, so the rule
 * runs here over all of them.
 */
class PackageCyclesTest {

  private static final JavaClasses MAIN_CODE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("org.eventsync");

  @Test
  void theRuleSeesEveryModule() {
    assertThat(MAIN_CODE.stream().map(c -> c.getPackageName()).distinct())
        .contains(
            "org.eventsync.core", "org.eventsync.core.port", "org.eventsync.core.sync",
            "org.eventsync.caldav", "org.eventsync.directus", "org.eventsync.statefile",
            "org.eventsync.http", "org.eventsync.cli");
  }

  @Test
  void packagesAreFreeOfCycles() {
    slices().matching("org.eventsync.(**)").should().beFreeOfCycles().check(MAIN_CODE);
  }
}
