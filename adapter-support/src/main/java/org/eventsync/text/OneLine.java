package org.eventsync.text;

/**
 * Text from either server as one printable line, for what the tool prints outside its logs
 * ({@code status}, the probes of {@code serve}): the same rule as the log layout's "safe" pattern in log4j2.xml, so that a
 * value can neither start a line of its own nor steer a terminal.
 */
public final class OneLine {

  private OneLine() {}

  public static String of(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\r') {
        out.append("\\r");
      } else if (c == '\n') {
        out.append("\\n");
      } else if (c == '\t' || (c >= 0x20 && c < 0x7f) || (c > 0x9f && c != '\u2028' && c != '\u2029')) {
        out.append(c);
      } else {
        out.append('\uFFFD');
      }
    }
    return out.toString();
  }
}
