package org.eventsync.serve;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatusPageTest {

  @Test
  void markupQuotesControlCharactersAndLineSeparatorsCannotEscapeTheirPlace() {
    String hostile = "<script>alert('x')</script>\"&\r\n\u0000\u001b[31m\u2028\u2029\u0085";

    String escaped = StatusPage.escape(hostile);

    assertThat(escaped)
        .isEqualTo("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;&amp;"
            + "\uFFFD\uFFFD\uFFFD\uFFFD[31m\uFFFD\uFFFD\uFFFD");
  }

  @Test
  void pairedSurrogatesStayAndLoneOnesDoNot() {
    assertThat(StatusPage.escape("Fest \uD83C\uDF89")).isEqualTo("Fest \uD83C\uDF89");
    assertThat(StatusPage.escape("a\uD83Cb\uDF89")).isEqualTo("a\uFFFDb\uFFFD");
  }
}
