package org.eventsync.caldav;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
    NodeList nodes = doc.getElementsByTagNameNS(DAV, "response");
    for (int i = 0; i < nodes.getLength(); i++) {
      Element response = (Element) nodes.item(i);
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

  private static Document parse(byte[] body) {
    try {
      DocumentBuilder builder;
      synchronized (FACTORY) {
        builder = FACTORY.newDocumentBuilder();
      }
      builder.setErrorHandler(null);
      return builder.parse(new ByteArrayInputStream(body));
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
