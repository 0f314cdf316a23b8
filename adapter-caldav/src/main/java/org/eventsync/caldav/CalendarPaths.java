package org.eventsync.caldav;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** The names this adapter gives to calendars and objects, and how it compares hrefs. */
public final class CalendarPaths {

  private CalendarPaths() {}

  /**
   * The URL segment of the calendar created for {@code name}: lower case, letters, digits and
   * dashes ("Team Events" becomes {@code team-events}).
   */
  public static String segment(String name) {
    String slug = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    return slug.isEmpty() ? "events" : slug;
  }

  /** The object's file name: its uid where that is URL-safe, percent-encoded otherwise. */
  static String objectName(String uid) {
    StringBuilder name = new StringBuilder();
    for (byte b : uid.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if (c < 128 && (Character.isLetterOrDigit(c) || "-_.@".indexOf(c) >= 0)) {
        name.append(c);
      } else {
        name.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return name + ".ics";
  }

  /** The path of an href as sent in requests (encoded); servers give paths or absolute URLs. */
  static String rawPath(String href) {
    try {
      return new URI(href.strip().replace(" ", "%20")).getRawPath();
    } catch (URISyntaxException e) {
      return href.strip();
    }
  }

  /** A comparable key for an href: its decoded path, however the server encoded it. */
  static String key(String href) {
    try {
      String path = new URI(rawPath(href)).getPath();
      return path.equals(href) ? href : path; // the same text held once
    } catch (URISyntaxException e) {
      return href.strip();
    }
  }
}
