package org.eventsync.caldav;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.w3c.dom.Document;
import org.xml.sax.SAXException;

/**
 * Reads WebDAV multistatus answers (RFC 4918 13) as a stream, one response at a time, so that a
 * listing of 100,000 objects never becomes a tree; and other WebDAV XML (a DAV:error) as a
 * document. Both parsers refuse DTDs and entities.
 */
final class DavXml {

  static final String DAV = "DAV:";
  static final String CALDAV = "urn:ietf:params:xml:ns:caldav";
  static final String CALSERVER = "http://calendarserver.org/ns/";

  private static final DocumentBuilderFactory FACTORY = factory();
  private static final XMLInputFactory STREAMS = streams();
  private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F]");
  private static final Pattern CHAR_REF = Pattern.compile("&#(?:x([0-9a-fA-F]{1,6})|([0-9]{1,7}));");

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
      xml = STREAMS.createXMLStreamReader(new ByteArrayInputStream(withoutControlCharacters(body)));
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

  /**
   * Control characters are not allowed in XML 1.0, yet some servers (Xandikos) send an event's
   * text as stored, control characters and all. They become U+FFFD, so one such event cannot
   * make the whole answer unreadable.
   */
  static byte[] withoutControlCharacters(byte[] body) {
    if (!mayHoldControlCharacters(body)) {
      return body; // the usual case, told without copying a body of many megabytes
    }
    String text = new String(body, StandardCharsets.UTF_8);
    String cleaned = CONTROL.matcher(text).replaceAll("\uFFFD");
    Matcher refs = CHAR_REF.matcher(cleaned);
    StringBuilder out = new StringBuilder();
    while (refs.find()) {
      int code = refs.group(1) != null ? Integer.parseInt(refs.group(1), 16) : Integer.parseInt(refs.group(2));
      boolean allowed = code == 0x9 || code == 0xA || code == 0xD || code >= 0x20;
      refs.appendReplacement(out, allowed ? Matcher.quoteReplacement(refs.group()) : "&#xFFFD;");
    }
    refs.appendTail(out);
    String result = out.toString();
    return result.equals(text) ? body : result.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Whether {@code body} has a control byte or a character reference ({@code &#}). In UTF-8 the
   * bytes below 0x20 stand only for themselves, so the bytes alone tell.
   */
  private static boolean mayHoldControlCharacters(byte[] body) {
    for (int i = 0; i < body.length; i++) {
      byte b = body[i];
      if ((b >= 0 && b < 0x20 && b != '\t' && b != '\n' && b != '\r')
          || (b == '&' && i + 1 < body.length && body[i + 1] == '#')) {
        return true;
      }
    }
    return false;
  }

  /** A WebDAV XML body that is not a multistatus to list (a DAV:error), parsed safely. */
  static Document document(byte[] body) {
    return parse(body);
  }

  private static Document parse(byte[] body) {
    try {
      DocumentBuilder builder;
      synchronized (FACTORY) {
        builder = FACTORY.newDocumentBuilder();
      }
      builder.setErrorHandler(null);
      return builder.parse(new ByteArrayInputStream(withoutControlCharacters(body)));
    } catch (ParserConfigurationException | SAXException | IOException e) {
      throw new IllegalArgumentException("not a WebDAV XML answer: " + e.getMessage(), e);
    }
  }

  private static XMLInputFactory streams() {
    XMLInputFactory f = XMLInputFactory.newFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    f.setProperty(XMLInputFactory.IS_COALESCING, true);
    return f;
  }

  private static DocumentBuilderFactory factory() {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    f.setExpandEntityReferences(false);
    f.setXIncludeAware(false);
    try {
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("the JDK's XML parser lacks secure processing", e);
    }
    return f;
  }
}
