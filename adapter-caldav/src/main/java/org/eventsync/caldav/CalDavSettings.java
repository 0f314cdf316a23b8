package org.eventsync.caldav;

import java.net.URI;
import java.time.ZoneId;
import java.util.Objects;

/**
 * Which calendar to use and how to log in.
 *
 * @param calendarHome the user's calendar home, e.g. {@code
 *     https://cloud.example.org/remote.php/dav/calendars/USER/}
 * @param username the login name
 * @param password an app password (never logged)
 * @param calendarName the calendar's display name or URL segment
 * @param floatingZone the zone for times without a zone
 */
public record CalDavSettings(
    URI calendarHome, String username, String password, String calendarName, ZoneId floatingZone) {

  public CalDavSettings {
    Objects.requireNonNull(calendarHome, "calendarHome");
    Objects.requireNonNull(floatingZone, "floatingZone");
    if (username == null || username.isBlank()) {
      throw new IllegalArgumentException("the CalDAV user name is empty");
    }
    Objects.requireNonNull(password, "password");
    if (calendarName == null || calendarName.isBlank()) {
      throw new IllegalArgumentException("the calendar name is empty");
    }
    String text = calendarHome.toString();
    calendarHome = URI.create(text.endsWith("/") ? text : text + "/");
  }

  /** Never prints the password. */
  @Override
  public String toString() {
    return "CalDavSettings[" + calendarHome + ", user=" + username + ", calendar=" + calendarName
        + "]";
  }
}
