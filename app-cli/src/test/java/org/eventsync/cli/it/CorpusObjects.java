package org.eventsync.cli.it;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A corpus file cut into calendar objects as a CalDAV client stores them: one object per UID (the
 * master with its overridden instances), each with the file's calendar properties and all its
 * VTIMEZONEs. Cut at the text level, so that a broken file reaches the server as it is (its
 * lines unfolded: a client parses and writes again anyway). A calendar property or VTIMEZONE a
 * file repeats (several VCALENDARs in one file, or a METHOD before each VEVENT) is kept once, the
 * first: a VCALENDAR holds each at most once.
 */
final class CorpusObjects {

  private CorpusObjects() {}

  /**
   * The objects of {@code text}, at most {@code limit} of them, in the order of their UIDs. A
   * VEVENT without a UID gets one ({@code prefix-N}), as a client gives it on import: a CalDAV
   * server refuses an object without.
   */
  static List<String> split(String text, int limit, String prefix) {
    String crlf = unfolded(text);
    StringBuilder header = new StringBuilder();
    Set<String> calendarProperties = new HashSet<>();
    StringBuilder zones = new StringBuilder();
    Map<String, StringBuilder> byUid = new LinkedHashMap<>();
    StringBuilder current = null;
    String component = null;
    int depth = 0;
    int anonymous = 0;
    String currentUid = null;
    for (String line : crlf.split("\r\n")) {
      if (line.isBlank()) {
        continue; // not a content line; clients drop it (sabre/dav 1.8 hangs on it)
      }
      String upper = line.toUpperCase(Locale.ROOT);
      if (depth == 2 && (upper.startsWith("UID:") || upper.startsWith("UID;"))) {
        currentUid = line.substring(line.indexOf(':') + 1).strip();
      }
      if (upper.startsWith("BEGIN:")) {
        depth++;
        if (depth == 2) {
          component = upper.substring(6).strip();
          current = new StringBuilder();
          currentUid = null;
        }
      }
      if (depth == 1 && !upper.startsWith("BEGIN:VCALENDAR") && !upper.startsWith("END:VCALENDAR")) {
        String name = upper.split("[;:]", 2)[0];
        if (calendarProperties.add(name)) {
          header.append(line).append("\r\n"); // each calendar property once (RFC 5545 3.7)
        }
      } else if (depth >= 2 && current != null) {
        current.append(line).append("\r\n");
      }
      if (upper.startsWith("END:")) {
        if (depth == 2 && current != null) {
          if ("VTIMEZONE".equals(component)) {
            if (!zones.toString().contains(current)) {
              zones.append(current);
            }
          } else if ("VEVENT".equals(component)) {
            String uid = currentUid;
            if (uid == null) {
              uid = prefix + "-" + anonymous++;
              current.insert(current.indexOf("\r\n") + 2, "UID:" + uid + "\r\n");
            }
            byUid.computeIfAbsent(uid, k -> new StringBuilder()).append(current);
          }
          current = null;
        }
        depth--;
      }
    }
    List<String> objects = new ArrayList<>();
    for (StringBuilder events : byUid.values()) {
      if (objects.size() == limit) {
        break;
      }
      objects.add("BEGIN:VCALENDAR\r\n" + header + zones + events + "END:VCALENDAR\r\n");
    }
    return objects;
  }

  /** The text with CRLF line ends, unfolded, without a byte-order mark. */
  static String unfolded(String text) {
    String crlf = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n");
    if (crlf.startsWith("\uFEFF")) {
      crlf = crlf.substring(1);
    }
    return crlf.replaceAll("\r\n[ \t]", "");
  }

  /** The UID of the first VEVENT of an object ("" without one). */
  static String uid(String text) {
    int depth = 0;
    boolean inEvent = false;
    for (String line : unfolded(text).split("\r\n")) {
      String upper = line.toUpperCase(Locale.ROOT);
      if (upper.startsWith("BEGIN:")) {
        depth++;
        inEvent = depth == 2 ? upper.startsWith("BEGIN:VEVENT") : inEvent;
      } else if (upper.startsWith("END:")) {
        depth--;
      } else if (depth == 2 && inEvent && (upper.startsWith("UID:") || upper.startsWith("UID;"))) {
        return line.substring(line.indexOf(':') + 1).strip();
      }
    }
    return "";
  }
}
