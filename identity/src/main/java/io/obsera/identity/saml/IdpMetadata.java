package io.obsera.identity.saml;

import java.nio.charset.StandardCharsets;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * What we need from an identity provider's metadata XML: its entity id, its single sign-on URL for
 * the HTTP-Redirect binding and its signing certificate. Parsed with the hardened parser; an {@link
 * IllegalArgumentException} naming what is missing.
 *
 * @param entityId the IdP's entity id
 * @param ssoUrl the HTTP-Redirect SingleSignOnService location
 * @param certificate the base64 DER of the first signing (or unqualified) certificate
 */
public record IdpMetadata(String entityId, String ssoUrl, String certificate) {
  private static final String MD = "urn:oasis:names:tc:SAML:2.0:metadata";
  private static final String REDIRECT = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect";

  public static IdpMetadata parse(String xml) {
    Document doc = SecureXml.parse(xml.getBytes(StandardCharsets.UTF_8));
    Element root = doc.getDocumentElement();
    Element entity = first(root, "EntityDescriptor");
    if (entity == null) {
      throw new IllegalArgumentException("the IdP metadata has no EntityDescriptor");
    }
    Element idp = first(entity, "IDPSSODescriptor");
    if (idp == null) {
      throw new IllegalArgumentException("the IdP metadata has no IDPSSODescriptor");
    }
    String sso = null;
    NodeList services = idp.getElementsByTagNameNS(MD, "SingleSignOnService");
    for (int i = 0; i < services.getLength() && sso == null; i++) {
      Element s = (Element) services.item(i);
      if (REDIRECT.equals(s.getAttribute("Binding"))) {
        sso = s.getAttribute("Location");
      }
    }
    if (sso == null || sso.isBlank()) {
      throw new IllegalArgumentException(
          "the IdP metadata has no SingleSignOnService with the HTTP-Redirect binding");
    }
    String cert = null;
    NodeList keys = idp.getElementsByTagNameNS(MD, "KeyDescriptor");
    for (int i = 0; i < keys.getLength() && cert == null; i++) {
      Element k = (Element) keys.item(i);
      String use = k.getAttribute("use");
      NodeList certs =
          k.getElementsByTagNameNS("http://www.w3.org/2000/09/xmldsig#", "X509Certificate");
      if ((use.isEmpty() || use.equals("signing")) && certs.getLength() > 0) {
        cert = certs.item(0).getTextContent().replaceAll("\\s+", "");
      }
    }
    if (cert == null) {
      throw new IllegalArgumentException("the IdP metadata has no signing certificate");
    }
    return new IdpMetadata(entity.getAttribute("entityID"), sso, cert);
  }

  /** {@code root} itself or its first descendant named {@code md:localName}. */
  private static Element first(Element root, String localName) {
    if (MD.equals(root.getNamespaceURI()) && localName.equals(root.getLocalName())) {
      return root;
    }
    Node n = root.getElementsByTagNameNS(MD, localName).item(0);
    return (Element) n;
  }
}
