package org.eventsync.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Recurrence lines (RFC 5545 3.8.5: RRULE, RDATE, EXDATE) in one canonical form, so that the
 * same recurrence compares equal however a server or a person wrote it: names and rule parts in
 * upper case, rule parts in the RFC's order, date lists sorted, the default {@code VALUE=DATE-TIME}
 * left out, lines ordered RRULE, RDATE, EXDATE. Anything else is refused with a line saying why:
 * a rule that is not a rule must fail its item, never the run, and never be published as a
 * one-off event.
 */
final class Recurrence {

  private static final List<String> RULE_PARTS =
      List.of("FREQ", "UNTIL", "COUNT", "INTERVAL", "BYSECOND", "BYMINUTE", "BYHOUR", "BYDAY",
          "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO", "BYMONTH", "BYSETPOS", "WKST", "RSCALE", "SKIP");
  private static final Set<String> FREQUENCIES =
      Set.of("SECONDLY", "MINUTELY", "HOURLY", "DAILY", "WEEKLY", "MONTHLY", "YEARLY");
  private static final List<String> NAMES = List.of("RRULE", "RDATE", "EXDATE");

  private Recurrence() {}

  /** {@code lines} (LF-separated) in canonical form; throws {@link InvalidEventException}. */
  static String canonical(String lines) {
    return Arrays.stream(lines.split("\n"))
        .map(String::strip)
        .filter(l -> !l.isEmpty())
        .map(Recurrence::line)
        .sorted(Comparator.comparingInt((String l) -> NAMES.indexOf(name(l)))
            .thenComparing(Comparator.naturalOrder()))
        .distinct()
        .collect(Collectors.joining("\n"));
  }

  private static String line(String line) {
    int colon = colonOutsideQuotes(line);
    String head = colon < 0 ? line : line.substring(0, colon);
    String[] nameAndParams = head.split(";", -1);
    String name = nameAndParams[0].strip().toUpperCase(Locale.ROOT);
    if (colon < 0 || !NAMES.contains(name)) {
      throw new InvalidEventException(
          "recurrence line '" + shorten(line) + "' is not an RRULE, RDATE or EXDATE line");
    }
    String value = line.substring(colon + 1).strip();
    if (value.isEmpty()) {
      throw new InvalidEventException("recurrence line '" + shorten(line) + "' has no value");
    }
    if (name.equals("RRULE")) {
      return "RRULE:" + rule(value, line);
    }
    Map<String, String> params = new TreeMap<>();
    for (int i = 1; i < nameAndParams.length; i++) {
      String[] kv = nameAndParams[i].split("=", 2);
      if (kv.length != 2 || kv[0].isBlank()) {
        throw new InvalidEventException(
            "recurrence line '" + shorten(line) + "' has a malformed parameter");
      }
      String key = kv[0].strip().toUpperCase(Locale.ROOT);
      String v = kv[1].strip();
      if (key.equals("VALUE")) {
        v = v.toUpperCase(Locale.ROOT);
        if (v.equals("DATE-TIME")) {
          continue;
        }
      }
      params.put(key, v);
    }
    String dates =
        Arrays.stream(value.split(","))
            .map(d -> d.strip().toUpperCase(Locale.ROOT))
            .filter(d -> !d.isEmpty())
            .peek(d -> {
              if (!d.matches("[0-9TZ/+\\-PHMSDW]+")) {
                throw new InvalidEventException(
                    name + " value '" + shorten(d) + "' is not a date, time or period");
              }
            })
            .sorted()
            .distinct()
            .collect(Collectors.joining(","));
    StringBuilder out = new StringBuilder(name);
    params.forEach((k, v) -> out.append(';').append(k).append('=').append(v));
    return out.append(':').append(dates).toString();
  }

  private static String rule(String value, String line) {
    Map<Integer, String> parts = new TreeMap<>();
    List<String> unknown = new ArrayList<>();
    for (String part : value.split(";")) {
      if (part.isBlank()) {
        continue;
      }
      String[] kv = part.split("=", 2);
      String key = kv[0].strip().toUpperCase(Locale.ROOT);
      int rank = RULE_PARTS.indexOf(key);
      if (kv.length != 2 || kv[1].isBlank() || rank < 0) {
        unknown.add(part.strip());
        continue;
      }
      String v = kv[1].strip().toUpperCase(Locale.ROOT);
      if (!v.matches("[A-Z0-9,+\\-]+")) {
        unknown.add(part.strip());
        continue;
      }
      if (parts.put(rank, key + "=" + v) != null) {
        throw new InvalidEventException("RRULE '" + shorten(line) + "' gives " + key + " twice");
      }
    }
    if (!unknown.isEmpty()) {
      throw new InvalidEventException(
          "RRULE '" + shorten(line) + "' has parts that are not a rule: " + shorten(unknown.get(0)));
    }
    String freq = parts.getOrDefault(0, "");
    if (!FREQUENCIES.contains(freq.replace("FREQ=", ""))) {
      throw new InvalidEventException(
          "RRULE '" + shorten(line) + "' needs FREQ=" + String.join("|", new TreeSet<>(FREQUENCIES)));
    }
    if (parts.containsKey(1) && parts.containsKey(2)) {
      throw new InvalidEventException("RRULE '" + shorten(line) + "' gives both UNTIL and COUNT");
    }
    return String.join(";", parts.values());
  }

  private static String name(String canonicalLine) {
    return canonicalLine.split("[;:]", 2)[0];
  }

  private static int colonOutsideQuotes(String line) {
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

  private static String shorten(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "…" : s;
  }
}
