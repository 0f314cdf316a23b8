package org.eventsync.caldav;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The TEXT values of an object's master VEVENT as written, unescaped once by RFC 5545 3.3.11.
 * ical4j's own unescaping replaces escape sequences one kind at a time, so {@code x\\\nA} (a
 * backslash, then a line break) comes back as {@code x\\nA}: a value would change each time it is
 * read and written. Reading the raw values here keeps text exactly as the other side wrote it.
 */
final class RawText {

  private final Map<String, List<String>> values;

  private RawText(Map<String, List<String>> values) {
    this.values = values;
  }

  /** The master VEVENT's raw values of {@code text} (CRLF line ends), by property name. */
  static RawText ofMaster(String text) {
    String unfolded = text.replaceAll("\r\n[ \t]", "");
    Deque<String> components = new ArrayDeque<>();
    Map<String, List<String>> current = null;
    Map<String, List<String>> master = Map.of();
    for (String line : unfolded.split("\r\n")) {
      int colon = valueStart(line);
      if (colon < 0) {
        continue;
      }
      String name = line.substring(0, nameEnd(line, colon)).strip().toUpperCase(Locale.ROOT);
      String value = line.substring(colon + 1);
      if (name.equals("BEGIN")) {
        components.push(value.strip().toUpperCase(Locale.ROOT));
        if (components.peek().equals("VEVENT") && components.size() == 2) {
          current = new HashMap<>();
        }
      } else if (name.equals("END")) {
        if (components.size() == 2 && "VEVENT".equals(components.peek()) && current != null) {
          if (!current.containsKey("RECURRENCE-ID") && master.isEmpty()) {
            master = current;
          }
          current = null;
        }
        components.poll();
      } else if (current != null && components.size() == 2) {
        current.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
      }
    }
    return new RawText(master);
  }

  /** The first value of {@code name}, unescaped; empty when absent or blank. */
  Optional<String> text(String name) {
    List<String> all = values.getOrDefault(name, List.of());
    return all.isEmpty() ? Optional.empty() : Optional.of(unescape(all.get(0))).filter(v -> !v.isBlank());
  }

  /** Every item of every {@code name} line, split at unescaped commas and unescaped (CATEGORIES). */
  List<String> list(String name) {
    List<String> items = new ArrayList<>();
    for (String value : values.getOrDefault(name, List.of())) {
      StringBuilder item = new StringBuilder();
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        if (c == '\\' && i + 1 < value.length()) {
          item.append(c).append(value.charAt(++i));
        } else if (c == ',') {
          items.add(unescape(item.toString()));
          item.setLength(0);
        } else {
          item.append(c);
        }
      }
      items.add(unescape(item.toString()));
    }
    items.removeIf(String::isBlank);
    return items;
  }

  /** One left-to-right pass: {@code \\ \; \, \n \N}; any other backslash is kept as it is. */
  static String unescape(String value) {
    StringBuilder out = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c != '\\' || i + 1 == value.length()) {
        out.append(c);
        continue;
      }
      char next = value.charAt(++i);
      switch (next) {
        case 'n', 'N' -> out.append('\n');
        case '\\', ';', ',' -> out.append(next);
        default -> out.append(c).append(next);
      }
    }
    return out.toString();
  }

  /** Where the value begins: the first colon outside a quoted parameter value. */
  private static int valueStart(String line) {
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (c == ':' && !quoted) {
        return i;
      }
    }
    return -1;
  }

  private static int nameEnd(String line, int colon) {
    int semicolon = line.indexOf(';');
    return semicolon >= 0 && semicolon < colon ? semicolon : colon;
  }
}
