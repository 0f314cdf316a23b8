package org.eventsync.core;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The one place that decides what text an {@link Event} may hold, so that no value from either
 * side can become structure in the other: not a property, parameter or component in iCalendar,
 * not a line of its own in a log.
 *
 * <ul>
 *   <li>Line breaks of every kind (CRLF, CR, LF, NEL U+0085, LINE SEPARATOR U+2028, PARAGRAPH
 *       SEPARATOR U+2029) become LF in multi-line fields and one space in single-line fields.
 *   <li>Other control characters (C0 but TAB, DEL, C1), which RFC 5545 3.3.11 does not allow in
 *       TEXT, are dropped; so are lone surrogates, which no encoding can write.
 *   <li>Leading and trailing white space is dropped; blank text means absent.
 * </ul>
 *
 * Both sides' events pass through these rules, so a value and its cleaned form compare equal and
 * a run never rewrites an item only because its text held such characters.
 */
final class EventText {

  private EventText() {}

  /** Text that may span lines (a description, a location): every line break becomes LF. */
  static String multiLine(String raw) {
    return clean(raw, "\n");
  }

  /** Text of one line (a title, a category): every line break becomes a space. */
  static String singleLine(String raw) {
    return clean(raw, " ");
  }

  /**
   * A one-line list separated by commas (categories, a set in iCalendar): items stripped, empty
   * and repeated ones dropped.
   */
  static String list(String raw) {
    return Arrays.stream(singleLine(raw).split(","))
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .distinct()
        .collect(Collectors.joining(","));
  }

  private static String clean(String raw, String lineBreak) {
    StringBuilder out = new StringBuilder(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '\r') {
        out.append(lineBreak);
        if (i + 1 < raw.length() && raw.charAt(i + 1) == '\n') {
          i++;
        }
      } else if (c == '\n' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
        out.append(lineBreak);
      } else if (c == '\t') {
        out.append(c);
      } else if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
        continue;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < raw.length()
          && Character.isLowSurrogate(raw.charAt(i + 1))) {
        out.append(c).append(raw.charAt(++i));
      } else if (!Character.isSurrogate(c)) {
        out.append(c);
      }
    }
    return out.toString().strip();
  }
}
