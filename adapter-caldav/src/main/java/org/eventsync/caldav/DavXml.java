package org.eventsync.caldav;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/** Reads WebDAV multistatus answers (RFC 4918 13) with a parser that refuses DTDs and entities. */
final class DavXml {

  static final String DAV = "DAV:";
  static final String CALDAV = "urn:ietf:params:xml:ns:caldav";
  static final String CALSERVER = "http://calendarserver.org/ns/";

  private static final DocumentBuilderFactory FACTORY = factory();
  private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F]");
  private static final Pattern CHAR_REF = Pattern.compile("&#(?:x([0-9a-fA-F]{1,6})|([0-9]{1,7}));");

  private DavXml() {}

  /** One {@code response} of a multistatus: its href, status, and the properties found (200). */
  record Response(String href, Optional<String> status, Element foundProps) {
    Optional<Element> prop(String namespace, String name) {
      return child(foundProps, namespace, name);
    }

    Optional<String> text(String namespace, String name) {
      return prop(namespace, name).map(e -> e.getTextContent().strip());
    }
  }

  static List<Response> multistatus(byte[] body) {
    Document doc = parse(body);
    List<Response> responses = new ArrayList<>();
    // Taken out of the live list first: each element created below changes the document, and a
    // live list then walks it again from the start (quadratic in the number of responses).
    NodeList nodes = doc.getElementsByTagNameNS(DAV, "response");
    List<Element> all = new ArrayList<>(nodes.getLength());
    for (int i = 0; i < nodes.getLength(); i++) {
      all.add((Element) nodes.item(i));
    }
    for (Element response : all) {
      String href = child(response, DAV, "href").map(e -> e.getTextContent().strip()).orElse("");
      Optional<String> status = child(response, DAV, "status").map(e -> e.getTextContent().strip());
      Element found = doc.createElementNS(DAV, "prop");
      for (Element propstat : children(response, DAV, "propstat")) {
        boolean ok =
            child(propstat, DAV, "status").map(s -> s.getTextContent().contains(" 200")).orElse(false);
        if (ok) {
          for (Element prop : children(propstat, DAV, "prop")) {
            NodeList props = prop.getChildNodes();
            for (int j = 0; j < props.getLength(); j++) {
              if (props.item(j) instanceof Element e) {
                found.appendChild(e.cloneNode(true));
              }
            }
          }
        }
      }
      responses.add(new Response(href, status, found));
    }
    return responses;
  }

  /** The multistatus' own {@code sync-token} (RFC 6578), if it has one. */
  static Optional<String> syncToken(byte[] body) {
    Document doc = parse(body);
    return child(doc.getDocumentElement(), DAV, "sync-token")
        .map(e -> e.getTextContent().strip())
        .filter(t -> !t.isEmpty());
  }

  static Optional<Element> child(Element parent, String namespace, String name) {
    List<Element> all = children(parent, namespace, name);
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
  }

  static List<Element> children(Element parent, String namespace, String name) {
    List<Element> found = new ArrayList<>();
    NodeList nodes = parent.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      Node node = nodes.item(i);
      if (node instanceof Element e
          && namespace.equals(e.getNamespaceURI())
          && name.equals(e.getLocalName())) {
        found.add(e);
      }
    }
    return found;
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

  /** Any WebDAV XML body (a multistatus, a DAV:error), parsed safely. */
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
