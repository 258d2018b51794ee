package io.obsera.identity.saml;

import io.obsera.identity.IdentityException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Checks a SAML 2.0 {@code Response} (HTTP-POST binding) for one tenant and reads the person from
 * it. Everything the identity comes from is inside a verified signature: the response's (covering
 * its one assertion) or the assertion's own. Refused, with the reason: a DOCTYPE, more or fewer
 * than one assertion anywhere in the document, duplicate IDs, an encrypted assertion, a signature
 * by any key but the configured certificate or over another element, a comment or markup inside a
 * read value, a wrong Issuer, Destination, Recipient, Audience or InResponseTo, a time outside
 * NotBefore/NotOnOrAfter (give or take {@link #CLOCK_SKEW}), a status other than Success, and an
 * assertion id seen before.
 */
public final class SamlResponseValidator {
  /** How far our clock and the IdP's may disagree on NotBefore and NotOnOrAfter. */
  public static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

  /** The largest accepted {@code SAMLResponse} form value (base64). */
  static final int MAX_RESPONSE_CHARS = 512 * 1024;

  static final String SAMLP = "urn:oasis:names:tc:SAML:2.0:protocol";
  static final String SAML = "urn:oasis:names:tc:SAML:2.0:assertion";
  static final String DS = "http://www.w3.org/2000/09/xmldsig#";
  private static final String SUCCESS = "urn:oasis:names:tc:SAML:2.0:status:Success";
  private static final String BEARER = "urn:oasis:names:tc:SAML:2.0:cm:bearer";
  private static final List<String> EMAIL_ATTRIBUTES =
      List.of(
          "email",
          "mail",
          "emailAddress",
          "urn:oid:0.9.2342.19200300.100.1.3",
          "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress");

  private final SamlSettings settings;
  private final AssertionReplayCache replays;
  private final Clock clock;

  public SamlResponseValidator(SamlSettings settings, AssertionReplayCache replays, Clock clock) {
    this.settings = settings;
    this.replays = replays;
    this.clock = clock;
  }

  static IdentityException refused(String why) {
    return new IdentityException(
        IdentityException.Kind.BAD_CREDENTIALS, "SAML response refused: " + why);
  }

  /**
   * The person in {@code samlResponse} (the base64 form value), which must answer the AuthnRequest
   * {@code requestId} this service sent; throws a 401 {@link IdentityException} naming the first
   * problem found.
   */
  public SamlIdentity validate(String samlResponse, String requestId) {
    if (requestId == null || requestId.isBlank()) {
      throw refused("no sign-in was started here (unsolicited responses are not accepted)");
    }
    Document doc = parse(samlResponse);
    Element response = doc.getDocumentElement();
    if (!is(response, SAMLP, "Response")) {
      throw refused("the message is not a samlp:Response");
    }
    if (!"2.0".equals(response.getAttribute("Version"))) {
      throw refused("only SAML 2.0 responses are accepted");
    }
    markIds(response, new HashSet<>());
    Element assertion = theAssertion(doc, response);
    boolean responseSigned = verifySignature(doc, response, assertion);
    checkResponse(response, requestId, responseSigned);
    rejectCommentsAndInstructions(assertion);
    return readAssertion(assertion, requestId);
  }

  private static Document parse(String samlResponse) {
    if (samlResponse == null || samlResponse.isBlank()) {
      throw refused("the SAMLResponse form field is missing");
    }
    if (samlResponse.length() > MAX_RESPONSE_CHARS) {
      throw refused("the SAMLResponse is larger than " + MAX_RESPONSE_CHARS + " characters");
    }
    byte[] xml;
    try {
      xml = Base64.getMimeDecoder().decode(samlResponse.getBytes(StandardCharsets.US_ASCII));
    } catch (IllegalArgumentException e) {
      throw refused("the SAMLResponse is not base64");
    }
    try {
      return SecureXml.parse(xml);
    } catch (IllegalArgumentException e) {
      throw refused(e.getMessage());
    }
  }

  /** Marks every {@code ID} attribute as an XML ID, refusing a document where two share a value. */
  private static void markIds(Element e, Set<String> seen) {
    if (e.hasAttributeNS(null, "ID")) {
      String id = e.getAttributeNS(null, "ID");
      if (!seen.add(id)) {
        throw refused("two elements share the ID " + id);
      }
      e.setIdAttributeNS(null, "ID", true);
    }
    for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element child) {
        markIds(child, seen);
      }
    }
  }

  /** The one assertion of the document, which must be a direct child of the response. */
  private static Element theAssertion(Document doc, Element response) {
    if (doc.getElementsByTagNameNS(SAML, "EncryptedAssertion").getLength() > 0) {
      throw refused("encrypted assertions are not supported");
    }
    NodeList all = doc.getElementsByTagNameNS(SAML, "Assertion");
    if (all.getLength() != 1) {
      throw refused("exactly one assertion is expected, the document has " + all.getLength());
    }
    Element assertion = (Element) all.item(0);
    if (assertion.getParentNode() != response) {
      throw refused("the assertion must be a direct child of the response");
    }
    return assertion;
  }

  /**
   * Verifies the response's and the assertion's signatures (each where present; at least one
   * required; no other signature allowed). Whether the response itself is signed.
   */
  private boolean verifySignature(Document doc, Element response, Element assertion) {
    Element responseSig = child(response, DS, "Signature");
    Element assertionSig = child(assertion, DS, "Signature");
    int expected = (responseSig == null ? 0 : 1) + (assertionSig == null ? 0 : 1);
    if (doc.getElementsByTagNameNS(DS, "Signature").getLength() != expected) {
      throw refused("a signature is where none is expected");
    }
    if (expected == 0) {
      throw refused("neither the response nor the assertion is signed");
    }
    if (responseSig != null) {
      SamlSignatures.verify(
          responseSig, response, settings.idpCertificate().getPublicKey(), "response");
    }
    if (assertionSig != null) {
      SamlSignatures.verify(
          assertionSig, assertion, settings.idpCertificate().getPublicKey(), "assertion");
    }
    return responseSig != null;
  }

  private void checkResponse(Element response, String requestId, boolean signed) {
    String destination = response.getAttribute("Destination");
    if (destination.isEmpty() ? signed : !destination.equals(settings.acsUrl())) {
      throw refused("Destination is '" + destination + "', expected '" + settings.acsUrl() + "'");
    }
    String inResponseTo = response.getAttribute("InResponseTo");
    if (!inResponseTo.isEmpty() && !inResponseTo.equals(requestId)) {
      throw refused("InResponseTo does not name the sign-in started here");
    }
    Element issuer = child(response, SAML, "Issuer");
    if (issuer != null) {
      checkIssuer(issuer);
    }
    Element status = child(response, SAMLP, "Status");
    Element code = status == null ? null : child(status, SAMLP, "StatusCode");
    String value = code == null ? "" : code.getAttribute("Value");
    if (!SUCCESS.equals(value)) {
      throw refused("the identity provider answered with status '" + value + "'");
    }
  }

  private void checkIssuer(Element issuer) {
    String value = text(issuer, "Issuer");
    if (!value.equals(settings.idpEntityId())) {
      throw refused("Issuer is '" + value + "', expected the IdP '" + settings.idpEntityId() + "'");
    }
  }

  private SamlIdentity readAssertion(Element assertion, String requestId) {
    Element issuer = child(assertion, SAML, "Issuer");
    if (issuer == null) {
      throw refused("the assertion has no Issuer");
    }
    checkIssuer(issuer);
    Instant now = clock.instant();
    Element subject = required(assertion, "Subject");
    Element nameIdElement = required(subject, "NameID");
    String nameId = text(nameIdElement, "NameID");
    Instant confirmedUntil = checkConfirmation(subject, requestId, now);
    Instant validUntil = checkConditions(required(assertion, "Conditions"), now);
    required(assertion, "AuthnStatement");
    Map<String, List<String>> attributes = attributes(assertion);
    String email = email(nameIdElement, nameId, attributes);
    String id = assertion.getAttribute("ID");
    if (id.isEmpty()) {
      throw refused("the assertion has no ID");
    }
    Instant rememberUntil =
        (validUntil == null || confirmedUntil.isAfter(validUntil) ? confirmedUntil : validUntil)
            .plus(CLOCK_SKEW);
    if (!replays.firstUse(settings.idpEntityId() + "|" + id, rememberUntil)) {
      throw refused("the assertion " + id + " was already used");
    }
    List<String> groups = attributes.getOrDefault(settings.groupsAttribute(), List.of());
    return new SamlIdentity(settings.idpEntityId(), nameId, email, groups, attributes, id);
  }

  /** A bearer confirmation for us and this request, still valid; until when. */
  private Instant checkConfirmation(Element subject, String requestId, Instant now) {
    String problem = "the subject has no bearer SubjectConfirmation";
    for (Element c : children(subject, SAML, "SubjectConfirmation")) {
      Element data = child(c, SAML, "SubjectConfirmationData");
      if (!BEARER.equals(c.getAttribute("Method")) || data == null) {
        continue;
      }
      Instant notOnOrAfter = time(data, "NotOnOrAfter");
      Instant notBefore = time(data, "NotBefore");
      if (!settings.acsUrl().equals(data.getAttribute("Recipient"))) {
        problem =
            "Recipient is '"
                + data.getAttribute("Recipient")
                + "', expected '"
                + settings.acsUrl()
                + "'";
      } else if (!requestId.equals(data.getAttribute("InResponseTo"))) {
        problem = "the confirmation's InResponseTo does not name the sign-in started here";
      } else if (notOnOrAfter == null) {
        problem = "the bearer confirmation has no NotOnOrAfter";
      } else if (!now.isBefore(notOnOrAfter.plus(CLOCK_SKEW))) {
        problem = "the bearer confirmation expired at " + notOnOrAfter;
      } else if (notBefore != null && now.plus(CLOCK_SKEW).isBefore(notBefore)) {
        problem = "the bearer confirmation is not valid before " + notBefore;
      } else {
        return notOnOrAfter;
      }
    }
    throw refused(problem);
  }

  /** NotBefore, NotOnOrAfter and our audience; the NotOnOrAfter (null: none given). */
  private Instant checkConditions(Element conditions, Instant now) {
    Instant notBefore = time(conditions, "NotBefore");
    Instant notOnOrAfter = time(conditions, "NotOnOrAfter");
    if (notBefore != null && now.plus(CLOCK_SKEW).isBefore(notBefore)) {
      throw refused("the assertion is not valid before " + notBefore + " (NotBefore)");
    }
    if (notOnOrAfter != null && !now.isBefore(notOnOrAfter.plus(CLOCK_SKEW))) {
      throw refused("the assertion expired at " + notOnOrAfter + " (NotOnOrAfter)");
    }
    List<Element> restrictions = children(conditions, SAML, "AudienceRestriction");
    if (restrictions.isEmpty()) {
      throw refused("the assertion has no AudienceRestriction");
    }
    for (Element restriction : restrictions) {
      List<String> audiences = new ArrayList<>();
      for (Element a : children(restriction, SAML, "Audience")) {
        audiences.add(text(a, "Audience"));
      }
      if (!audiences.contains(settings.spEntityId())) {
        throw refused("Audience is " + audiences + ", expected '" + settings.spEntityId() + "'");
      }
    }
    return notOnOrAfter;
  }

  private static Map<String, List<String>> attributes(Element assertion) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (Element statement : children(assertion, SAML, "AttributeStatement")) {
      for (Element attribute : children(statement, SAML, "Attribute")) {
        List<String> values =
            out.computeIfAbsent(attribute.getAttribute("Name"), k -> new ArrayList<>());
        for (Element v : children(attribute, SAML, "AttributeValue")) {
          values.add(text(v, "AttributeValue"));
        }
      }
    }
    out.replaceAll((k, v) -> List.copyOf(v));
    return out;
  }

  private static String email(
      Element nameIdElement, String nameId, Map<String, List<String>> attrs) {
    if (nameId.contains("@") || nameIdElement.getAttribute("Format").endsWith(":emailAddress")) {
      return checkedEmail(nameId);
    }
    for (String name : EMAIL_ATTRIBUTES) {
      List<String> values = attrs.get(name);
      if (values != null && !values.isEmpty()) {
        return checkedEmail(values.get(0));
      }
    }
    throw refused("the assertion has no email address (NameID or an email attribute)");
  }

  private static String checkedEmail(String email) {
    String e = email.strip().toLowerCase(Locale.ROOT);
    if (!e.matches("[^@\\s]+@[^@\\s]+")) {
      throw refused("'" + email + "' is not an email address");
    }
    return e;
  }

  /** Refuses a comment or processing instruction anywhere in the assertion. */
  private static void rejectCommentsAndInstructions(Node node) {
    for (Node n = node.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n.getNodeType() == Node.COMMENT_NODE
          || n.getNodeType() == Node.PROCESSING_INSTRUCTION_NODE) {
        throw refused("the assertion contains a comment or processing instruction");
      }
      rejectCommentsAndInstructions(n);
    }
  }

  /** The text of a value element: nothing but one run of text (no comment, element or CDATA). */
  private static String text(Element e, String what) {
    StringBuilder out = new StringBuilder();
    int texts = 0;
    for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n.getNodeType() != Node.TEXT_NODE) {
        throw refused(what + " must hold plain text only");
      }
      texts++;
      out.append(n.getNodeValue());
    }
    if (texts > 1) {
      throw refused(what + " must hold plain text only");
    }
    return out.toString().strip();
  }

  private static Instant time(Element e, String attribute) {
    String v = e.getAttribute(attribute);
    if (v.isEmpty()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(v).toInstant();
    } catch (DateTimeParseException ex) {
      throw refused(attribute + " is not a date-time: " + v);
    }
  }

  private static Element required(Element parent, String localName) {
    List<Element> found = children(parent, SAML, localName);
    if (found.size() != 1) {
      throw refused(
          "expected one " + localName + " in " + parent.getLocalName() + ", found " + found.size());
    }
    return found.get(0);
  }

  private static boolean is(Node n, String ns, String localName) {
    return n instanceof Element
        && ns.equals(n.getNamespaceURI())
        && localName.equals(n.getLocalName());
  }

  private static Element child(Element parent, String ns, String localName) {
    List<Element> found = children(parent, ns, localName);
    if (found.size() > 1) {
      throw refused("more than one " + localName + " in " + parent.getLocalName());
    }
    return found.isEmpty() ? null : found.get(0);
  }

  private static List<Element> children(Element parent, String ns, String localName) {
    List<Element> out = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (is(n, ns, localName)) {
        out.add((Element) n);
      }
    }
    return out;
  }
}
