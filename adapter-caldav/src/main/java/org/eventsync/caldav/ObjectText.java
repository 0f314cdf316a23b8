package org.eventsync.caldav;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A calendar object as its content lines (RFC 5545 3.1), read without interpreting them: which
 * VEVENTs it holds, their UIDs, which is the master, and the master's raw values. The codec asks
 * ical4j only about the few properties it maps, and edits objects by replacing exactly those
 * lines, so a property some client wrote that ical4j would refuse (a floating DTSTAMP, a
 * RECURRENCE-ID with VALUE=DATE and a TZID, an unknown value type) neither makes the object
 * unreadable nor gets rewritten.
 *
 * <p>TEXT values are unescaped here by RFC 5545 3.3.11 in one pass. ical4j's own unescaping
 * replaces escape sequences one kind at a time, so {@code x\\\nA} (a backslash, then a line break)
 * comes back as {@code x\\nA}: a value would change each time it is read and written.
 */
final class ObjectText {

  /** One content line, unfolded, spanning physical lines {@code first..last}. */
  record Line(String name, String text, int first, int last) {
    /** The value: what follows the first colon outside a quoted parameter value. */
    String value() {
      int colon = valueStart(text);
      return colon < 0 ? "" : text.substring(colon + 1);
    }
  }

  /**
   * A top-level VEVENT: its BEGIN and END lines, its own lines (not those of its alarms), and
   * where its first nested component begins (or its END, when it has none).
   */
  record Block(int begin, int end, int firstNested, List<Line> lines) {
    Optional<Line> line(String name) {
      return lines.stream().filter(l -> l.name().equals(name)).findFirst();
    }

    Optional<String> uid() {
      return line("UID").map(l -> l.value().strip()).filter(u -> !u.isEmpty());
    }

    boolean isOverride() {
      return line("RECURRENCE-ID").isPresent();
    }
  }

  private final List<String> physical;
  private final List<Line> logical;
  private final List<Block> events;
  private final int firstComponent;
  private final String problem;

  private ObjectText(List<String> physical, List<Line> logical, List<Block> events, int firstComponent,
      String problem) {
    this.physical = physical;
    this.logical = logical;
    this.events = events;
    this.firstComponent = firstComponent;
    this.problem = problem;
  }

  /** Reads {@code text} (CRLF line ends). */
  static ObjectText of(String text) {
    List<String> physical = List.of(text.split("\r\n", -1));
    List<Line> logical = new ArrayList<>();
    for (int i = 0; i < physical.size(); i++) {
      String line = physical.get(i);
      if (line.isEmpty()) {
        continue;
      }
      if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && !logical.isEmpty()) {
        Line previous = logical.remove(logical.size() - 1);
        logical.add(new Line(previous.name(), previous.text() + line.substring(1), previous.first(), i));
        continue;
      }
      logical.add(new Line(name(line), line, i, i));
    }
    List<Block> events = new ArrayList<>();
    int depth = 0;
    int firstComponent = -1;
    int begin = -1;
    int firstNested = -1;
    List<Line> own = new ArrayList<>();
    boolean inEvent = false;
    Deque<String> open = new ArrayDeque<>();
    String problem = logical.isEmpty() || !logical.get(0).text().strip().equalsIgnoreCase("BEGIN:VCALENDAR")
        ? "it does not begin with BEGIN:VCALENDAR" : null;
    for (Line line : logical) {
      if (problem != null) {
        break;
      }
      String value = line.value().strip().toUpperCase(Locale.ROOT);
      if (valueStart(line.text()) < 0) {
        problem = "line " + (line.first() + 1) + " is not a content line (NAME:value)";
        break;
      }
      if (line.name().equals("BEGIN")) {
        open.push(value);
        depth++;
        if (depth == 2) {
          if (firstComponent < 0) {
            firstComponent = line.first();
          }
          inEvent = value.equals("VEVENT");
          begin = line.first();
          firstNested = -1;
          own = new ArrayList<>();
        } else if (depth == 3 && inEvent && firstNested < 0) {
          firstNested = line.first();
        }
      } else if (line.name().equals("END")) {
        if (open.isEmpty() || !open.pop().equals(value)) {
          problem = "END:" + value + " at line " + (line.first() + 1) + " closes no BEGIN:" + value;
          break;
        }
        if (depth == 2 && inEvent) {
          events.add(new Block(begin, line.first(), firstNested < 0 ? line.first() : firstNested, List.copyOf(own)));
          inEvent = false;
        }
        depth--;
      } else if (depth == 2 && inEvent) {
        own.add(line);
      }
    }
    if (problem == null && !open.isEmpty()) {
      problem = "truncated: BEGIN:" + open.peek() + " has no END";
    }
    return new ObjectText(physical, List.copyOf(logical), List.copyOf(events), firstComponent, problem);
  }

  /** The physical (folded) lines of {@code line}, as written. */
  List<String> physical(Line line) {
    return physical.subList(line.first(), line.last() + 1);
  }

  /**
   * What makes the text no calendar object at all: it does not begin with BEGIN:VCALENDAR, or a
   * component is not closed (a truncated file), or closed by the wrong END.
   */
  Optional<String> problem() {
    return Optional.ofNullable(problem);
  }

  /** Every content line, unfolded. */
  List<Line> lines() {
    return logical;
  }

  List<Block> events() {
    return events;
  }

  /** The distinct UIDs of the object's VEVENTs ("" for one without). */
  Set<String> uids() {
    Set<String> uids = new LinkedHashSet<>();
    events.forEach(e -> uids.add(e.uid().orElse("")));
    return uids;
  }

  /**
   * The VEVENT the object stands for: the one without RECURRENCE-ID, or, when the object's only
   * VEVENT is an overridden instance (one occurrence of someone else's series, shared without
   * the series), that instance. Its RECURRENCE-ID is not a line this tool reads or replaces, so
   * an edit written back stays an edit of that one occurrence; once the series joins the object,
   * the series is the master and the instance one of its overrides.
   */
  Optional<Block> master() {
    Optional<Block> series = events.stream().filter(e -> !e.isOverride()).findFirst();
    return series.isPresent() || events.size() != 1 ? series : Optional.of(events.get(0));
  }

  /** The first value of {@code name} in the master, unescaped; empty when absent or blank. */
  Optional<String> text(String name) {
    return master().flatMap(m -> m.line(name)).map(l -> unescape(l.value())).filter(v -> !v.isBlank());
  }

  /** Every item of every {@code name} line of the master, split at unescaped commas, unescaped. */
  List<String> list(String name) {
    List<String> items = new ArrayList<>();
    for (Line line : master().map(Block::lines).orElse(List.of())) {
      if (!line.name().equals(name)) {
        continue;
      }
      String value = line.value();
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

  /** The parameter that stands for TZID in {@link #masterOnly}. */
  static final String TZID = "X-EVENTSYNC-TZID";

  /**
   * A minimal object holding only the master's lines named {@code names}, for ical4j. Their TZID
   * parameters are renamed {@link #TZID}: ical4j would resolve them itself (with names such as
   * {@code /mozilla.org/20070129_1/Asia/Tokyo} it fails), and zones are resolved by
   * {@link ObjectTimeZones}.
   */
  String masterOnly(Set<String> names) {
    StringBuilder text = new StringBuilder("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//event-sync//read//EN\r\nBEGIN:VEVENT\r\n");
    for (Line line : master().map(Block::lines).orElse(List.of())) {
      if (names.contains(line.name())) {
        int colon = valueStart(line.text());
        String head = line.text().substring(0, colon).replaceAll("(?i);TZID=", ";" + TZID + "=");
        text.append(head).append(line.text().substring(colon)).append("\r\n");
      }
    }
    return text.append("END:VEVENT\r\nEND:VCALENDAR\r\n").toString();
  }

  /**
   * This object with the master's lines named {@code replaced} removed, {@code lines} added in
   * their place, and {@code zones} (VTIMEZONE blocks) added before the first component; every
   * other line stays exactly as it was.
   */
  String withMaster(Set<String> replaced, List<String> lines, List<String> zones) {
    Block master = master().orElseThrow(() -> new IllegalStateException("no master VEVENT"));
    Set<Integer> dropped = new HashSet<>();
    for (Line line : master.lines()) {
      if (replaced.contains(line.name())) {
        for (int i = line.first(); i <= line.last(); i++) {
          dropped.add(i);
        }
      }
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < physical.size(); i++) {
      if (i == firstComponent) {
        zones.forEach(out::append);
      }
      if (i == master.firstNested()) {
        lines.forEach(l -> out.append(l).append("\r\n"));
      }
      if (!dropped.contains(i) && !(i == physical.size() - 1 && physical.get(i).isEmpty())) {
        out.append(physical.get(i)).append("\r\n");
      }
    }
    return out.toString();
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

  private static String name(String line) {
    int end = 0;
    while (end < line.length() && line.charAt(end) != ';' && line.charAt(end) != ':') {
      end++;
    }
    return line.substring(0, end).strip().toUpperCase(Locale.ROOT);
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
}
