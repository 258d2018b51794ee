package io.obsera.identity.saml;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * The one XML parser of SAML messages and IdP metadata: namespace aware, no DOCTYPE at all (so no
 * DTD, no internal or external entity, no billion laughs), no external DTD or schema access, no
 * XInclude, the JDK's secure-processing limits, at most {@link #MAX_DEPTH} levels deep, comments
 * kept (so they can be refused where a value is read).
 */
final class SecureXml {
  /** The deepest element nesting accepted. */
  static final int MAX_DEPTH = 64;

  private static final DocumentBuilderFactory FACTORY = factory();

  private SecureXml() {}

  private static DocumentBuilderFactory factory() {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setNamespaceAware(true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature("http://xml.org/sax/features/external-general-entities", false);
      f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      // SAML messages and metadata nest about 10 deep; deeper is an attack on recursive walkers
      f.setAttribute("jdk.xml.maxElementDepth", MAX_DEPTH);
      f.setXIncludeAware(false);
      f.setExpandEntityReferences(false);
      f.setIgnoringComments(false);
      return f;
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("the JDK's XML parser lacks a hardening feature", e);
    }
  }

  /**
   * Parses {@code xml}; an {@link IllegalArgumentException} naming the problem when it is not
   * well-formed or has a DOCTYPE.
   */
  static Document parse(byte[] xml) {
    try {
      DocumentBuilder b = FACTORY.newDocumentBuilder();
      b.setErrorHandler(SILENT);
      b.setEntityResolver(
          (publicId, systemId) -> {
            throw new SAXException("external entities are not allowed");
          });
      return b.parse(new ByteArrayInputStream(xml));
    } catch (SAXException e) {
      String why = e.getMessage() == null ? "" : e.getMessage();
      if (why.contains("DOCTYPE")) {
        throw new IllegalArgumentException("a DOCTYPE (DTD) is not allowed");
      }
      throw new IllegalArgumentException("not well-formed XML: " + why);
    } catch (IOException | ParserConfigurationException e) {
      throw new IllegalArgumentException("cannot read the XML: " + e.getMessage());
    }
  }

  /** Throws on every error instead of printing it to stderr. */
  private static final ErrorHandler SILENT =
      new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {}

        @Override
        public void error(SAXParseException e) throws SAXException {
          throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
          throw e;
        }
      };
}
