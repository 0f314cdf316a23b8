package org.eventsync.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The core is the pure domain: it does no I/O and knows no adapter, HTTP library or logging
 * backend. (The enforcer plugin also refuses any compile dependency in sync-core's pom.)
 */
class CorePurityTest {

  private static final JavaClasses CORE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("org.eventsync.core");

  @Test
  void coreImportsNoAdapterHttpOrLoggingCode() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.eventsync.directus..",
            "org.eventsync.caldav..",
            "org.eventsync.http..",
            "org.eventsync.statefile..",
            "org.eventsync.cli..",
            "org.apache..",
            "com.google..",
            "org.slf4j..",
            "net.fortuna..",
            "java.net.http..",
            "java.util.logging..")
        .because("sync-core is the pure domain; adapters depend on it, never the reverse")
        .check(CORE);
  }

  @Test
  void coreDoesNoIo() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("java.io..", "java.nio.file..", "java.nio.channels..", "java.net..")
        .because("reading and writing belong to the adapters behind the ports")
        .check(CORE);
  }
}
