package org.eventsync.caldav;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eventsync.core.port.ItemFailedException;
import org.eventsync.http.HttpResponse;
import org.w3c.dom.Element;

/**
 * Why a server refused a PUT, read from the precondition it names (RFC 4918 16, RFC 4791 5.3.2.1,
 * RFC 6638 3.2.4.1), not from digits in its text: Xandikos wraps every refusal in a 207 with a
 * 412 inside, whether the uid is taken or the data is invalid, and the two need opposite answers.
 *
 * @param kind what the refusal means for the sync
 * @param holder the href of the object that holds the uid, when the server names it
 * @param detail the server's own words, shortened, for the one line a person reads
 */
record PutRefusal(Kind kind, Optional<String> holder, String detail) {

  enum Kind {
    /** The uid lives at another href of this calendar: link to it. */
    UID_TAKEN_HERE,
    /** The uid is held by another calendar of the same account: this uid is unavailable. */
    UID_TAKEN_ELSEWHERE,
    /** Nextcloud's trash bin keeps a deleted object with this uid: this uid is unavailable. */
    UID_IN_TRASH_BIN,
    /** The server refuses the event's data (it is not valid for this server). */
    INVALID_DATA,
    /** Anything else. */
    OTHER
  }

  private static final List<String> UID_CONDITIONS =
      List.of("no-uid-conflict", "unique-scheduling-object-resource");
  private static final List<String> DATA_CONDITIONS =
      List.of("valid-calendar-data", "valid-calendar-object-resource", "supported-calendar-data",
          "supported-calendar-component", "max-resource-size", "min-date-time", "max-date-time");

  /** Reads a refused PUT to an object of {@code calendar}. */
  static PutRefusal of(HttpResponse response, URI calendar) {
    String text = response.text();
    String lower = text.toLowerCase(Locale.ROOT);
    if (response.status() == 400 && lower.contains("deleted calendar object with uid")) {
      return new PutRefusal(Kind.UID_IN_TRASH_BIN, Optional.empty(), response.excerpt());
    }
    if (response.status() == 400 && lower.contains("uid already exists")) {
      return new PutRefusal(Kind.UID_TAKEN_HERE, Optional.empty(), response.excerpt());
    }
    Optional<Element> error = errorElement(response);
    for (String name : UID_CONDITIONS) {
      Optional<Element> condition = error.flatMap(e -> descendant(e, name));
      if (condition.isPresent()) {
        Optional<String> holder = condition.flatMap(c -> descendant(c, "href"))
            .map(h -> h.getTextContent().strip()).filter(h -> !h.isEmpty());
        boolean elsewhere = holder.map(h -> !inside(h, calendar)).orElse(false);
        return new PutRefusal(elsewhere ? Kind.UID_TAKEN_ELSEWHERE : Kind.UID_TAKEN_HERE, holder,
            name + holder.map(h -> " (held by " + h + ")").orElse(""));
      }
    }
    for (String name : DATA_CONDITIONS) {
      if (error.flatMap(e -> descendant(e, name)).isPresent()) {
        String why = error.flatMap(e -> descendant(e, "responsedescription"))
            .or(() -> error.flatMap(e -> descendant(e, "message")))
            .map(e -> e.getTextContent().strip()).orElse(name);
        return new PutRefusal(Kind.INVALID_DATA, Optional.empty(), shorten(why));
      }
    }
    return new PutRefusal(Kind.OTHER, Optional.empty(), response.excerpt());
  }

  /** The DAV:error of the answer, or of the one response a 207 wraps it in. */
  private static Optional<Element> errorElement(HttpResponse response) {
    try {
      Element root = XmlInput.document(response.body()).getDocumentElement();
      if (response.status() == 207) {
        return descendant(root, "response");
      }
      return "error".equals(root.getLocalName()) ? Optional.of(root) : Optional.empty();
    } catch (IllegalArgumentException notXml) {
      return Optional.empty();
    }
  }

  private static Optional<Element> descendant(Element parent, String localName) {
    var nodes = parent.getElementsByTagNameNS("*", localName);
    return nodes.getLength() == 0 ? Optional.empty() : Optional.of((Element) nodes.item(0));
  }

  private static boolean inside(String href, URI calendar) {
    String path = CalendarPaths.key(href);
    String collection = CalendarPaths.key(calendar.toString());
    return path.startsWith(collection.endsWith("/") ? collection : collection + "/");
  }

  private static String shorten(String s) {
    String line = s.replaceAll("\\s+", " ");
    return line.length() > 200 ? line.substring(0, 200) + "…" : line;
  }

  /** What a refusal that the sync cannot work around means for the item, in one line. */
  ItemFailedException failure(HttpResponse response) {
    if (kind == Kind.INVALID_DATA) {
      return new ItemFailedException(
          "the server refuses the event's data (" + response.status() + ": " + detail + ")");
    }
    if (response.status() == 413) {
      return new ItemFailedException("the server finds the event too large (413)");
    }
    if (response.status() == 403 && response.text().contains("trashbin")) {
      // nextcloud/server#42582: the file name was deleted before and its copy is still in the bin.
      return new ItemFailedException(
          "Nextcloud cannot move it to its trash bin, which holds an earlier deleted copy with the"
              + " same file name; empty the calendar's trash bin (Calendar app > Trash bin) and run"
              + " again");
    }
    if (response.status() == 403) {
      return new ItemFailedException(
          "the server forbids this write (403 " + response.excerpt() + ")");
    }
    return new ItemFailedException(
        "the server refused it (" + response.status() + " " + response.excerpt() + ")");
  }
}
