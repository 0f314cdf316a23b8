package org.eventsync.caldav;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.eventsync.caldav.PutRefusal.Kind;
import org.eventsync.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Each server's refusal, as measured on it, read for what it means. */
class PutRefusalTest {

  private static final URI CALENDAR = URI.create("http://127.0.0.1:1/dav/calendars/sync/events/");

  @Test
  void xandikosInvalidDataIsNotAUidClashThoughA412IsInside() {
    PutRefusal r = read(207, "<ns0:multistatus xmlns:ns0=\"DAV:\" xmlns:ns1=\"urn:ietf:params:xml:ns:caldav\">"
        + "<ns0:response><ns0:href>http%3A//127.0.0.1%3A15233/sync/calendars/x/ctl.ics</ns0:href>"
        + "<ns0:status>HTTP/1.1 412 Precondition Failed</ns0:status><ns0:error><ns1:valid-calendar-data />"
        + "</ns0:error><ns0:responsedescription>Not a valid calendar file: Invalid character b'\\\\x01' in"
        + " field SUMMARY</ns0:responsedescription></ns0:response></ns0:multistatus>");

    assertThat(r.kind()).isEqualTo(Kind.INVALID_DATA);
    assertThat(r.detail()).contains("Invalid character").contains("SUMMARY");
  }

  @Test
  void xandikosAndRadicaleUidConflictsAreThisCalendar() {
    assertThat(read(207, "<ns0:multistatus xmlns:ns0=\"DAV:\" xmlns:ns1=\"urn:ietf:params:xml:ns:caldav\">"
        + "<ns0:response><ns0:href>/x.ics</ns0:href><ns0:status>HTTP/1.1 412 Precondition Failed"
        + "</ns0:status><ns0:error><ns1:no-uid-conflict /></ns0:error></ns0:response></ns0:multistatus>")
        .kind()).isEqualTo(Kind.UID_TAKEN_HERE);
    assertThat(read(409, "<?xml version='1.0' encoding='utf-8'?><error xmlns=\"DAV:\""
        + " xmlns:C=\"urn:ietf:params:xml:ns:caldav\"><C:no-uid-conflict /></error>").kind())
        .isEqualTo(Kind.UID_TAKEN_HERE);
  }

  @Test
  void aHolderInAnotherCalendarMakesTheUidUnavailableAndOneInThisCalendarIsLinked() {
    String elsewhere = cyrus("/dav/calendars/sync/old-events/e-1.ics");
    String here = cyrus("/dav/calendars/sync/events/other-name.ics");

    assertThat(read(403, elsewhere).kind()).isEqualTo(Kind.UID_TAKEN_ELSEWHERE);
    assertThat(read(403, elsewhere).holder()).hasValue("/dav/calendars/sync/old-events/e-1.ics");
    assertThat(read(403, here).kind()).isEqualTo(Kind.UID_TAKEN_HERE);
  }

  @Test
  void nextcloudsAnswersAreReadByTheirWords() {
    String sabre = "<d:error xmlns:d=\"DAV:\" xmlns:s=\"http://sabredav.org/ns\"><s:message>%s</s:message></d:error>";
    assertThat(read(400, sabre.formatted("Deleted calendar object with uid already exists in this calendar collection.")).kind())
        .isEqualTo(Kind.UID_IN_TRASH_BIN);
    assertThat(read(400, sabre.formatted("Calendar object with uid already exists in this calendar collection.")).kind())
        .isEqualTo(Kind.UID_TAKEN_HERE);
    assertThat(read(500, "Internal error 412").kind()).isEqualTo(Kind.OTHER);
  }

  private static String cyrus(String holder) {
    return "<?xml version=\"1.0\"?><D:error xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\">"
        + "<C:unique-scheduling-object-resource><D:href>" + holder + "</D:href>"
        + "</C:unique-scheduling-object-resource></D:error>";
  }

  private static PutRefusal read(int status, String body) {
    return PutRefusal.of(new HttpResponse(status, Map.of(), body.getBytes(StandardCharsets.UTF_8)), CALENDAR);
  }
}
