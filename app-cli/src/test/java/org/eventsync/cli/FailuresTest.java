package org.eventsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.ProvisionException;
import com.google.inject.spi.Message;
import java.util.List;
import org.eventsync.core.port.SideUnavailableException;
import org.eventsync.core.port.SideUnavailableException.Check;
import org.eventsync.core.port.SideUnavailableException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FailuresTest {

  @Test
  void aSideFailureIsTheSidesWordsThenTheSettingToFix() {
    SideUnavailableException e = new SideUnavailableException(
        Reason.AUTHENTICATION, Check.SOURCE_CREDENTIALS, "Directus refused the token (401)");

    assertThat(Failures.describe(e))
        .isEqualTo("Directus refused the token (401); check DIRECTUS_API_TOKEN and its user's"
            + " access policy (docs/security.md)");
  }

  @ParameterizedTest
  @EnumSource(Check.class)
  void everyCheckNamesASettingOrCommand(Check check) {
    assertThat(Failures.fix(check)).containsPattern(
        "DIRECTUS_[A-Z_*]+|NEXTCLOUD_[A-Z_]+|STATE_DATABASE_[A-Z]+|EVENT_SYNC_STATE_FILE|init-schema");
  }

  @Test
  void withoutACheckTheLineIsTheMessageAlone() {
    assertThat(Failures.describe(new SideUnavailableException(Reason.UNREACHABLE, "down")))
        .isEqualTo("down");
  }

  @Test
  void eachKindOfFailureHasItsExitCode() {
    List<Object[]> cases = List.of(
        new Object[] {new ConfigException("x"), ExitCode.CONFIGURATION},
        new Object[] {new SideUnavailableException(Reason.AUTHENTICATION, "x"), ExitCode.AUTHENTICATION},
        new Object[] {new SideUnavailableException(Reason.CONFIGURATION, "x"), ExitCode.CONFIGURATION},
        new Object[] {new SideUnavailableException(Reason.UNREACHABLE, "x"), ExitCode.UNREACHABLE},
        new Object[] {new IllegalArgumentException("x"), ExitCode.CONFIGURATION},
        new Object[] {new IllegalStateException("x"), ExitCode.INTERNAL});
    for (Object[] c : cases) {
      assertThat(Failures.report((Throwable) c[0], false)).as("%s", c[0]).isEqualTo(c[1]);
    }
  }

  @Test
  void whatGuiceWrapsIsReportedAsItself() {
    ProvisionException wrapped = new ProvisionException(
        List.of(new Message(List.of(), "wiring", new ConfigException("bad X"))));
    // Guice keeps the cause of a single message as the exception's cause.
    assertThat(wrapped.getCause()).isInstanceOf(ConfigException.class);
    assertThat(Failures.report(wrapped, false)).isEqualTo(ExitCode.CONFIGURATION);
    assertThat(Failures.describe(wrapped)).isEqualTo("bad X");
  }
}
