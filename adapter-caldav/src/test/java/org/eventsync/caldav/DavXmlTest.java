package org.eventsync.caldav;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

class DavXmlTest {

  @Test
  void controlCharactersInAnEventDoNotMakeTheAnswerUnreadable() {
    String body =
        "<d:multistatus xmlns:d=\"DAV:\" xmlns:c=\"urn:ietf:params:xml:ns:caldav\"><d:response>"
            + "<d:href>/cal/a.ics</d:href><d:propstat><d:status>HTTP/1.1 200 OK</d:status><d:prop>"
            + "<c:calendar-data>SUMMARY:Bell\u0007 and &#7; and &#x1F; but tab&#9;</c:calendar-data>"
            + "</d:prop></d:propstat></d:response></d:multistatus>";

    var responses = DavXml.multistatus(body.getBytes(StandardCharsets.UTF_8));

    assertThat(responses).singleElement().satisfies(r ->
        assertThat(r.text(DavXml.CALDAV, "calendar-data"))
            .contains("SUMMARY:Bell\uFFFD and \uFFFD and \uFFFD but tab"));
  }

  @Test
  void refusesDoctypesSoNoEntityCanBeExpanded() {
    String body = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
        + "<d:multistatus xmlns:d=\"DAV:\"><d:response><d:href>&e;</d:href></d:response></d:multistatus>";
    Assertions.assertThatThrownBy(
            () -> DavXml.multistatus(body.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void readsEachResponseWithTheProperties200Found() {
    String body = "<?xml version=\"1.0\"?><d:multistatus xmlns:d=\"DAV:\""
        + " xmlns:c=\"urn:ietf:params:xml:ns:caldav\">"
        + "<d:response><d:href> /cal/ </d:href><d:propstat><d:prop><d:resourcetype><d:collection/>"
        + "<c:calendar/></d:resourcetype><d:sync-token>inner</d:sync-token></d:prop>"
        + "<d:status>HTTP/1.1 200 OK</d:status></d:propstat>"
        + "<d:propstat><d:prop><d:getetag/></d:prop><d:status>HTTP/1.1 404 Not Found</d:status>"
        + "</d:propstat></d:response>"
        + "<d:response><d:href>/cal/a.ics</d:href><d:propstat><d:status>HTTP/1.1 200 OK</d:status>"
        + "<d:prop><d:getetag>\"e1\"</d:getetag><d:resourcetype/>"
        + "<c:calendar-data><![CDATA[BEGIN:VCALENDAR\r\n<x>]]></c:calendar-data>"
        + "<c:calendar-home-set><d:href>/home/</d:href></c:calendar-home-set></d:prop>"
        + "</d:propstat></d:response>"
        + "<d:response><d:href>/cal/gone.ics</d:href><d:status>HTTP/1.1 404 Not Found</d:status>"
        + "</d:response><d:sync-token>outer</d:sync-token></d:multistatus>";
    List<DavXml.Response> seen = new ArrayList<>();

    var token = DavXml.readMultistatus(body.getBytes(StandardCharsets.UTF_8), seen::add);

    assertThat(token).contains("outer");
    assertThat(seen).extracting(DavXml.Response::href)
        .containsExactly("/cal/", "/cal/a.ics", "/cal/gone.ics");
    DavXml.Response calendar = seen.get(0);
    assertThat(calendar.holds(DavXml.DAV, "resourcetype", DavXml.CALDAV, "calendar")).isTrue();
    assertThat(calendar.holdsAny(DavXml.DAV, "resourcetype")).isTrue();
    assertThat(calendar.text(DavXml.DAV, "sync-token")).contains("inner");
    assertThat(calendar.has(DavXml.DAV, "getetag")).isFalse();
    DavXml.Response object = seen.get(1);
    assertThat(object.text(DavXml.DAV, "getetag")).contains("\"e1\"");
    assertThat(object.has(DavXml.DAV, "resourcetype")).isTrue();
    assertThat(object.holdsAny(DavXml.DAV, "resourcetype")).isFalse();
    // XML reads every line break as LF, in CDATA too
    assertThat(object.text(DavXml.CALDAV, "calendar-data")).contains("BEGIN:VCALENDAR\n<x>");
    assertThat(object.href(DavXml.CALDAV, "calendar-home-set")).contains("/home/");
    assertThat(seen.get(2).status()).contains("HTTP/1.1 404 Not Found");
    assertThat(seen.get(2).found()).isEmpty();
  }

  @Test
  void somethingElseThanXmlIsRefusedInOneLine() {
    Assertions.assertThatThrownBy(
            () -> DavXml.multistatus("<d:multistatus xmlns:d=\"DAV:\"><d:response>"
                .getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not a WebDAV XML answer");
  }
}
