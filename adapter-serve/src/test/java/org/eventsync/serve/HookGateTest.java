package org.eventsync.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HookGateTest {

  private static final String SECRET = "a-secret-of-enough-length";
  private final HookGate gate = new HookGate(Optional.of(SECRET));
  private final byte[] body = "{\"event\":\"items.update\"}".getBytes(StandardCharsets.UTF_8);

  private static Optional<String> o(String s) {
    return Optional.of(s);
  }

  @Test
  void theBearerTokenAdmitsAndAnythingElseIsRefused() {
    assertThat(gate.admits(o("Bearer " + SECRET), Optional.empty(), body)).isTrue();
    assertThat(gate.admits(o("bearer " + SECRET), Optional.empty(), body)).isTrue();
    assertThat(gate.admits(o("Bearer " + SECRET + "x"), Optional.empty(), body)).isFalse();
    assertThat(gate.admits(o("Bearer " + SECRET.substring(1)), Optional.empty(), body)).isFalse();
    assertThat(gate.admits(o("Basic " + SECRET), Optional.empty(), body)).isFalse();
    assertThat(gate.admits(o(SECRET), Optional.empty(), body)).isFalse();
    assertThat(gate.admits(Optional.empty(), Optional.empty(), body)).isFalse();
  }

  @Test
  void anHmacOfTheBodyAdmitsOnlyForThatBody() {
    String signature = "sha256=" + HexFormat.of().formatHex(
        HookGate.hmac(SECRET.getBytes(StandardCharsets.UTF_8), body));

    assertThat(gate.admits(Optional.empty(), o(signature), body)).isTrue();
    assertThat(gate.admits(Optional.empty(), o(signature.toUpperCase()), body)).isTrue();
    assertThat(gate.admits(Optional.empty(), o(signature), "{}".getBytes(StandardCharsets.UTF_8)))
        .isFalse();
    assertThat(gate.admits(Optional.empty(), o("sha256=00"), body)).isFalse();
    assertThat(gate.admits(Optional.empty(), o(signature.substring(7)), body)).isFalse();
  }

  @Test
  void withoutASecretNothingIsAdmitted() {
    HookGate off = new HookGate(Optional.empty());

    assertThat(off.enabled()).isFalse();
    assertThat(off.admits(o("Bearer "), Optional.empty(), body)).isFalse();
    assertThat(off.admits(o("Bearer " + SECRET), Optional.empty(), body)).isFalse();
  }
}
