package org.eventsync.caldav;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.stream.XMLInputFactory;
import org.w3c.dom.Document;
import org.xml.sax.SAXException;

/**
 * What the XML parsers are given and how they are set: a server's body with the control
 * characters XML 1.0 forbids replaced, read by parsers that refuse DTDs and entities.
 */
final class XmlInput {

  private static final DocumentBuilderFactory FACTORY = factory();
  private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F]");
  private static final Pattern CHAR_REF = Pattern.compile("&#(?:x([0-9a-fA-F]{1,6})|([0-9]{1,7}));");

  private XmlInput() {}

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

  static XMLInputFactory streams() {
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
