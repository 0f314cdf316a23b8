package org.eventsync.caldav;

import java.util.List;

/** The XML bodies of the WebDAV and CalDAV requests this adapter sends. */
final class DavBodies {

  private static final String NAMESPACES = " xmlns:d=\"DAV:\" xmlns:c=\"urn:ietf:params:xml:ns:caldav\"";

  /** PROPFIND depth 0: is it a calendar, and has it changed (sync-token, CTag)? */
  static final String COLLECTION_STATE = "<d:resourcetype/><d:sync-token/><cs:getctag/>";

  /** PROPFIND depth 1: every object's ETag, and the collection's CTag as of that listing. */
  static final String ETAGS = "<d:getetag/><d:resourcetype/><cs:getctag/>";

  private DavBodies() {}

  /** MKCALENDAR for a calendar of events named {@code displayName} (RFC 4791 5.3.1). */
  static String mkcalendar(String displayName) {
    return "<?xml version=\"1.0\" encoding=\"utf-8\"?><c:mkcalendar" + NAMESPACES + ">"
        + "<d:set><d:prop><d:displayname>" + DavXml.escape(displayName)
        + "</d:displayname><c:supported-calendar-component-set><c:comp name=\"VEVENT\"/>"
        + "</c:supported-calendar-component-set></d:prop></d:set></c:mkcalendar>";
  }

  /** REPORT sync-collection from {@code token}, empty for a full listing (RFC 6578 3.2). */
  static String syncCollection(String token) {
    return "<d:sync-collection xmlns:d=\"DAV:\"><d:sync-token>" + DavXml.escape(token)
        + "</d:sync-token><d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop>"
        + "</d:sync-collection>";
  }

  /** REPORT calendar-multiget of {@code hrefs} with their ETags and bodies (RFC 4791 7.9). */
  static String multiget(List<String> hrefs) {
    StringBuilder body = new StringBuilder("<c:calendar-multiget" + NAMESPACES + ">"
        + "<d:prop><d:getetag/><c:calendar-data/></d:prop>");
    hrefs.forEach(h -> body.append("<d:href>").append(DavXml.escape(h)).append("</d:href>"));
    return body.append("</c:calendar-multiget>").toString();
  }

  /** REPORT calendar-query for the event whose UID is exactly {@code uid} (RFC 4791 7.8). */
  static String eventWithUid(String uid) {
    return "<c:calendar-query" + NAMESPACES + "><d:prop><d:getetag/><c:calendar-data/></d:prop>"
        + "<c:filter><c:comp-filter name=\"VCALENDAR\"><c:comp-filter name=\"VEVENT\">"
        + "<c:prop-filter name=\"UID\"><c:text-match collation=\"i;octet\">"
        + DavXml.escape(uid) + "</c:text-match></c:prop-filter></c:comp-filter></c:comp-filter>"
        + "</c:filter></c:calendar-query>";
  }
}
