package org.eventsync.caldav;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
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
}
