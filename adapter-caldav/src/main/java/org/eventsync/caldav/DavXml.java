package org.eventsync.caldav;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads WebDAV multistatus answers (RFC 4918 13) as a stream, one response at a time, so that a
 * listing of 100,000 objects never becomes a tree ({@link XmlInput} gives the parser, which
 * refuses DTDs and entities); and escapes the text of the bodies sent.
 */
final class DavXml {

  static final String DAV = "DAV:";
  static final String CALDAV = "urn:ietf:params:xml:ns:caldav";
  static final String CALSERVER = "http://calendarserver.org/ns/";

  private static final XMLInputFactory STREAMS = XmlInput.streams();

  private DavXml() {}

  /**
   * One {@code response} of a multistatus: its href, status, and the properties it reported with
   * status 200, by {@link #name namespace and name}.
   */
  record Response(String href, Optional<String> status, Map<String, Prop> found) {
    Response {
      found = Map.copyOf(found);
    }

    boolean has(String namespace, String name) {
      return found.containsKey(DavXml.name(namespace, name));
    }

    /** The property's text, stripped. */
    Optional<String> text(String namespace, String name) {
      return prop(namespace, name).map(p -> p.text().strip());
    }

    /** The first DAV:href inside the property (calendar-home-set, current-user-principal). */
    Optional<String> href(String namespace, String name) {
      return prop(namespace, name).flatMap(p -> p.hrefs().stream().findFirst());
    }

    /** Whether the property holds an element {@code childName} (a resourcetype's calendar). */
    boolean holds(String namespace, String name, String childNamespace, String childName) {
      return prop(namespace, name)
          .map(p -> p.children().contains(DavXml.name(childNamespace, childName)))
          .orElse(false);
    }

    /** Whether the property holds any element (a resourcetype that is not empty). */
    boolean holdsAny(String namespace, String name) {
      return prop(namespace, name).map(p -> !p.children().isEmpty()).orElse(false);
    }

    private Optional<Prop> prop(String namespace, String name) {
      return Optional.ofNullable(found.get(DavXml.name(namespace, name)));
    }
  }

  /**
   * What a response says of one property: its text (all the text inside it), the names of the
   * elements directly in it, and the texts of the DAV:hrefs in it.
   */
  record Prop(String text, List<String> children, List<String> hrefs) {
    Prop {
      children = List.copyOf(children);
      hrefs = List.copyOf(hrefs);
    }
  }

  /** A small multistatus, whole (a discovery step, one collection's state). */
  static List<Response> multistatus(byte[] body) {
    List<Response> responses = new ArrayList<>();
    readMultistatus(body, responses::add);
    return responses;
  }

  /**
   * Hands each response of a multistatus to {@code each} as it is read, and returns the
   * multistatus' own {@code sync-token} (RFC 6578), if it has one.
   */
  static Optional<String> readMultistatus(byte[] body, Consumer<Response> each) {
    XMLStreamReader xml = null;
    try {
      xml = STREAMS.createXMLStreamReader(
          new ByteArrayInputStream(XmlInput.withoutControlCharacters(body)));
      Optional<String> token = Optional.empty();
      while (xml.hasNext()) {
        int event = xml.next();
        if (event == XMLStreamConstants.DTD) {
          throw new IllegalArgumentException("not a WebDAV XML answer: it has a DOCTYPE");
        }
        if (event != XMLStreamConstants.START_ELEMENT) {
          continue;
        }
        if (is(xml, DAV, "response")) {
          each.accept(response(xml));
        } else if (is(xml, DAV, "sync-token")) {
          // Outside every response: the multistatus' own (a response's is its property).
          token = Optional.of(text(xml).strip()).filter(t -> !t.isEmpty());
        }
      }
      return token;
    } catch (XMLStreamException e) {
      throw new IllegalArgumentException("not a WebDAV XML answer: " + e.getMessage(), e);
    } finally {
      close(xml);
    }
  }

  /** The response the reader stands at the start of; leaves it at the response's end. */
  private static Response response(XMLStreamReader xml) throws XMLStreamException {
    String href = "";
    Optional<String> status = Optional.empty();
    Map<String, Prop> found = new LinkedHashMap<>();
    while (next(xml)) {
      if (is(xml, DAV, "href")) {
        href = text(xml).strip();
      } else if (is(xml, DAV, "status")) {
        status = Optional.of(text(xml).strip());
      } else if (is(xml, DAV, "propstat")) {
        propstat(xml, found);
      } else {
        text(xml);
      }
    }
    return new Response(href, status, found);
  }

  /** Adds the properties of a propstat to {@code found} when its status is 200. */
  private static void propstat(XMLStreamReader xml, Map<String, Prop> found)
      throws XMLStreamException {
    Map<String, Prop> props = new LinkedHashMap<>();
    boolean ok = false;
    while (next(xml)) {
      if (is(xml, DAV, "prop")) {
        while (next(xml)) {
          props.put(name(xml.getNamespaceURI(), xml.getLocalName()), prop(xml));
        }
      } else if (is(xml, DAV, "status")) {
        ok = text(xml).contains(" 200");
      } else {
        text(xml);
      }
    }
    if (ok) {
      found.putAll(props);
    }
  }

  /** The property the reader stands at the start of; leaves it at the property's end. */
  private static Prop prop(XMLStreamReader xml) throws XMLStreamException {
    StringBuilder text = new StringBuilder();
    List<String> children = new ArrayList<>();
    List<String> hrefs = new ArrayList<>();
    int depth = 1;
    while (depth > 0) {
      int event = xml.next();
      if (event == XMLStreamConstants.START_ELEMENT) {
        if (depth == 1) {
          children.add(name(xml.getNamespaceURI(), xml.getLocalName()));
        }
        if (is(xml, DAV, "href")) {
          String href = text(xml);
          text.append(href);
          hrefs.add(href.strip());
        } else {
          depth++;
        }
      } else if (event == XMLStreamConstants.END_ELEMENT) {
        depth--;
      } else if (isText(event)) {
        text.append(xml.getText());
      }
    }
    return new Prop(text.toString(), children, hrefs);
  }

  /**
   * Moves to the next element inside the current one: true at its start, false at the end of the
   * current element.
   */
  private static boolean next(XMLStreamReader xml) throws XMLStreamException {
    while (true) {
      int event = xml.next();
      if (event == XMLStreamConstants.START_ELEMENT) {
        return true;
      }
      if (event == XMLStreamConstants.END_ELEMENT) {
        return false;
      }
    }
  }

  /** All the text inside the element the reader stands at the start of; leaves it at its end. */
  private static String text(XMLStreamReader xml) throws XMLStreamException {
    StringBuilder text = new StringBuilder();
    int depth = 1;
    while (depth > 0) {
      int event = xml.next();
      if (event == XMLStreamConstants.START_ELEMENT) {
        depth++;
      } else if (event == XMLStreamConstants.END_ELEMENT) {
        depth--;
      } else if (isText(event)) {
        text.append(xml.getText());
      }
    }
    return text.toString();
  }

  private static boolean isText(int event) {
    return event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA
        || event == XMLStreamConstants.SPACE;
  }

  private static boolean is(XMLStreamReader xml, String namespace, String name) {
    return name.equals(xml.getLocalName()) && namespace.equals(xml.getNamespaceURI());
  }

  /** How a property is named in {@link Response#found}. */
  static String name(String namespace, String name) {
    return "{" + (namespace == null ? "" : namespace) + "}" + name;
  }

  private static void close(XMLStreamReader xml) {
    if (xml != null) {
      try {
        xml.close();
      } catch (XMLStreamException ignored) {
        // nothing was held but the body in memory
      }
    }
  }

  /** Escapes text for an XML element body. */
  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

}
