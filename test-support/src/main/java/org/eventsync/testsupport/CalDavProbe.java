package org.eventsync.testsupport;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads and writes one calendar on a CalDAV server directly, with plain HTTP and regexes. */
public final class CalDavProbe {

  private static final Pattern DATA =
      Pattern.compile("<[^>]*calendar-data[^>]*>(.*?)</[^>]*calendar-data>", Pattern.DOTALL);

  private final String calendarUrl;
  private final String auth;

  public CalDavProbe(String calendarHome, String user, String password, String slug) {
    this.calendarUrl = calendarHome + slug + "/";
    this.auth = Http.basic(user, password);
  }

  public boolean exists() {
    HttpResponse<String> r = Http.send("PROPFIND", calendarUrl, auth, null, null, "Depth", "0");
    // Xandikos answers 207 for a missing path too, with the 404 inside.
    return r.statusCode() == 207 && r.body().contains(" 200 ");
  }

  /** The iCalendar text of every object in the calendar. */
  public List<String> objects() {
    String query =
        "<c:calendar-query xmlns:d=\"DAV:\" xmlns:c=\"urn:ietf:params:xml:ns:caldav\">"
            + "<d:prop><c:calendar-data/></d:prop><c:filter><c:comp-filter name=\"VCALENDAR\"/>"
            + "</c:filter></c:calendar-query>";
    HttpResponse<String> r = Http.send("REPORT", calendarUrl, auth, query, "application/xml", "Depth", "1");
    Http.expect(r, 207);
    List<String> objects = new ArrayList<>();
    Matcher m = DATA.matcher(r.body());
    while (m.find()) {
      objects.add(m.group(1).replace("&#13;", "\r").replace("&lt;", "<").replace("&gt;", ">")
          .replace("&amp;", "&"));
    }
    return objects;
  }

  public List<String> summaries() {
    List<String> summaries = new ArrayList<>();
    for (String object : objects()) {
      Matcher m = Pattern.compile("(?m)^SUMMARY[^:]*:(.*)$").matcher(object.replace("\r", ""));
      while (m.find()) {
        summaries.add(m.group(1).strip());
      }
    }
    return summaries;
  }

  public void put(String name, String ics) {
    HttpResponse<String> r = Http.send("PUT", calendarUrl + name, auth, ics, "text/calendar");
    Http.expect(r, 201, 204);
  }

  public void delete(String name) {
    Http.send("DELETE", calendarUrl + name, auth, null, null);
  }

  public void deleteCalendar() {
    Http.send("DELETE", calendarUrl, auth, null, null);
  }

  public static String event(String uid, String summary, String startUtc) {
    return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//it//EN\r\nBEGIN:VEVENT\r\nUID:" + uid
        + "\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:" + startUtc + "\r\nSUMMARY:" + summary
        + "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
  }
}
