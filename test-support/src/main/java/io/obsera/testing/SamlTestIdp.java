package io.obsera.testing;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.apache.xml.security.Init;
import org.apache.xml.security.c14n.Canonicalizer;
import org.apache.xml.security.signature.XMLSignature;
import org.apache.xml.security.transforms.Transforms;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * A SAML identity provider inside a test: a fresh RSA key and self-signed certificate (JDK {@code
 * keytool}), and SAML 2.0 responses built and signed with xmlsec the way IdPs send them (enveloped,
 * exclusive canonicalization, RSA-SHA256), each field changeable to build the attacks.
 */
public final class SamlTestIdp {
  public static final String SAMLP = "urn:oasis:names:tc:SAML:2.0:protocol";
  public static final String SAML = "urn:oasis:names:tc:SAML:2.0:assertion";
  public static final String DS = "http://www.w3.org/2000/09/xmldsig#";

  static {
    Init.init();
  }

  private final String entityId;
  private final PrivateKey key;
  private final X509Certificate certificate;
  private final String certificatePem;

  private SamlTestIdp(String entityId, SelfSignedCertificate cert) throws Exception {
    this.entityId = entityId;
    this.certificate = cert.x509();
    this.certificatePem = Files.readString(cert.certificate());
    String pem = Files.readString(cert.privateKey());
    byte[] der =
        Base64.getMimeDecoder()
            .decode(pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
    this.key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
  }

  /** A new IdP named {@code entityId} with its own key, written into {@code dir}. */
  public static SamlTestIdp create(Path dir, String entityId) {
    try {
      Path own = Files.createDirectories(dir.resolve("idp-" + UUID.randomUUID()));
      return new SamlTestIdp(entityId, SelfSignedCertificate.create(own, 30));
    } catch (Exception e) {
      throw new IllegalStateException("cannot create a test IdP key", e);
    }
  }

  public String entityId() {
    return entityId;
  }

  public X509Certificate certificate() {
    return certificate;
  }

  /** The signing certificate as PEM, as an admin pastes it into the SSO configuration. */
  public String certificatePem() {
    return certificatePem;
  }

  /** This IdP's metadata: entity id, {@code ssoUrl} (HTTP-Redirect) and signing certificate. */
  public String metadataXml(String ssoUrl) {
    String der =
        certificatePem
            .replace("-----BEGIN CERTIFICATE-----", "")
            .replace("-----END CERTIFICATE-----", "")
            .strip();
    return "<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\""
        + " xmlns:ds=\""
        + DS
        + "\" entityID=\""
        + esc(entityId)
        + "\">"
        + "<md:IDPSSODescriptor protocolSupportEnumeration=\""
        + SAMLP
        + "\">"
        + "<md:KeyDescriptor use=\"signing\"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>"
        + der
        + "</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>"
        + "<md:SingleSignOnService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect\""
        + " Location=\""
        + esc(ssoUrl)
        + "\"/>"
        + "</md:IDPSSODescriptor></md:EntityDescriptor>";
  }

  /** A response to {@code requestId} for {@code email}, valid at {@code now} for five minutes. */
  public Response response(
      String acsUrl, String audience, String requestId, String email, Instant now) {
    return new Response(acsUrl, audience, requestId, email, now);
  }

  /** Signs {@code element} (enveloped, placed after its Issuer) with this IdP's key. */
  public void sign(Element element) {
    signWith(element, key, certificate);
  }

  private static void signWith(Element element, PrivateKey key, X509Certificate cert) {
    try {
      Document doc = element.getOwnerDocument();
      element.setIdAttributeNS(null, "ID", true);
      XMLSignature sig =
          new XMLSignature(
              doc,
              "",
              XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA256,
              Canonicalizer.ALGO_ID_C14N_EXCL_OMIT_COMMENTS);
      Node after = firstChild(element, SAML, "Issuer");
      element.insertBefore(
          sig.getElement(), after == null ? element.getFirstChild() : after.getNextSibling());
      Transforms transforms = new Transforms(doc);
      transforms.addTransform(Transforms.TRANSFORM_ENVELOPED_SIGNATURE);
      transforms.addTransform(Transforms.TRANSFORM_C14N_EXCL_OMIT_COMMENTS);
      sig.addDocument(
          "#" + element.getAttribute("ID"), transforms, "http://www.w3.org/2001/04/xmlenc#sha256");
      sig.addKeyInfo(cert);
      sig.sign(key);
    } catch (Exception e) {
      throw new IllegalStateException("cannot sign", e);
    }
  }

  /** The first child element {@code ns:localName} of {@code parent}, or null. */
  public static Element firstChild(Element parent, String ns, String localName) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e
          && ns.equals(e.getNamespaceURI())
          && localName.equals(e.getLocalName())) {
        return e;
      }
    }
    return null;
  }

  /** The document as the base64 {@code SAMLResponse} form value. */
  public static String encode(Document doc) {
    return Base64.getEncoder().encodeToString(serialize(doc).getBytes(StandardCharsets.UTF_8));
  }

  /** {@code xml} as the base64 {@code SAMLResponse} form value. */
  public static String encode(String xml) {
    return Base64.getEncoder().encodeToString(xml.getBytes(StandardCharsets.UTF_8));
  }

  public static String serialize(Document doc) {
    try {
      var t = TransformerFactory.newInstance().newTransformer();
      t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
      StringWriter out = new StringWriter();
      t.transform(new DOMSource(doc), new StreamResult(out));
      return out.toString();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A SAML response being built; every field can be changed before it is signed. */
  public final class Response {
    public String responseId = "_r" + UUID.randomUUID();
    public String assertionId = "_a" + UUID.randomUUID();
    public String destination;
    public String recipient;
    public String audience;
    public String inResponseTo;
    public String confirmationInResponseTo;
    public String issuer = entityId;
    public String nameId;
    public Instant issueInstant;
    public Instant notBefore;
    public Instant notOnOrAfter;
    public Instant confirmationNotOnOrAfter;
    public List<String> groups = new ArrayList<>(List.of("engineering", "oncall"));
    public String groupsAttribute = "groups";
    public boolean signResponse;
    public boolean signAssertion = true;

    Response(String acsUrl, String audience, String requestId, String email, Instant now) {
      this.destination = acsUrl;
      this.recipient = acsUrl;
      this.audience = audience;
      this.inResponseTo = requestId;
      this.confirmationInResponseTo = requestId;
      this.nameId = email;
      this.issueInstant = now;
      this.notBefore = now.minusSeconds(5);
      this.notOnOrAfter = now.plus(Duration.ofMinutes(5));
      this.confirmationNotOnOrAfter = now.plus(Duration.ofMinutes(5));
    }

    /** The unsigned response as XML text. */
    public String xml() {
      StringBuilder attrs = new StringBuilder();
      attrs.append("<saml:Attribute Name=\"").append(esc(groupsAttribute)).append("\">");
      for (String g : groups) {
        attrs.append("<saml:AttributeValue>").append(esc(g)).append("</saml:AttributeValue>");
      }
      attrs.append("</saml:Attribute>");
      attrs.append(
          "<saml:Attribute Name=\"displayName\"><saml:AttributeValue>Ada Lovelace"
              + "</saml:AttributeValue></saml:Attribute>");
      return "<samlp:Response xmlns:samlp=\""
          + SAMLP
          + "\" xmlns:saml=\""
          + SAML
          + "\""
          + " ID=\""
          + responseId
          + "\" Version=\"2.0\" IssueInstant=\""
          + issueInstant
          + "\""
          + (destination == null ? "" : " Destination=\"" + esc(destination) + "\"")
          + (inResponseTo == null ? "" : " InResponseTo=\"" + esc(inResponseTo) + "\"")
          + "><saml:Issuer>"
          + esc(issuer)
          + "</saml:Issuer>"
          + "<samlp:Status><samlp:StatusCode Value=\"urn:oasis:names:tc:SAML:2.0:status:Success\"/>"
          + "</samlp:Status>"
          + "<saml:Assertion ID=\""
          + assertionId
          + "\" Version=\"2.0\" IssueInstant=\""
          + issueInstant
          + "\"><saml:Issuer>"
          + esc(issuer)
          + "</saml:Issuer>"
          + "<saml:Subject><saml:NameID Format=\"urn:oasis:names:tc:SAML:1.1:nameid-format:"
          + "emailAddress\">"
          + esc(nameId)
          + "</saml:NameID>"
          + "<saml:SubjectConfirmation Method=\"urn:oasis:names:tc:SAML:2.0:cm:bearer\">"
          + "<saml:SubjectConfirmationData"
          + (confirmationInResponseTo == null
              ? ""
              : " InResponseTo=\"" + esc(confirmationInResponseTo) + "\"")
          + " NotOnOrAfter=\""
          + confirmationNotOnOrAfter
          + "\" Recipient=\""
          + esc(recipient)
          + "\"/></saml:SubjectConfirmation></saml:Subject>"
          + "<saml:Conditions NotBefore=\""
          + notBefore
          + "\" NotOnOrAfter=\""
          + notOnOrAfter
          + "\"><saml:AudienceRestriction><saml:Audience>"
          + esc(audience)
          + "</saml:Audience></saml:AudienceRestriction></saml:Conditions>"
          + "<saml:AuthnStatement AuthnInstant=\""
          + issueInstant
          + "\" SessionIndex=\""
          + assertionId
          + "\"><saml:AuthnContext><saml:AuthnContextClassRef>"
          + "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"
          + "</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>"
          + "<saml:AttributeStatement>"
          + attrs
          + "</saml:AttributeStatement>"
          + "</saml:Assertion></samlp:Response>";
    }

    /** The response as a DOM, unsigned, IDs marked. */
    public Document unsigned() {
      try {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Document doc =
            f.newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml().getBytes(StandardCharsets.UTF_8)));
        doc.getDocumentElement().setIdAttributeNS(null, "ID", true);
        assertion(doc).setIdAttributeNS(null, "ID", true);
        return doc;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    /** The response as a DOM, signed as asked (assertion first, then the response). */
    public Document signed() {
      Document doc = unsigned();
      if (signAssertion) {
        sign(assertion(doc));
      }
      if (signResponse) {
        sign(doc.getDocumentElement());
      }
      return doc;
    }

    /** The signed response as the base64 {@code SAMLResponse} form value. */
    public String encoded() {
      return encode(signed());
    }
  }

  /** The (first) assertion of a response document. */
  public static Element assertion(Document doc) {
    return (Element) doc.getElementsByTagNameNS(SAML, "Assertion").item(0);
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace("\"", "&quot;");
  }
}
