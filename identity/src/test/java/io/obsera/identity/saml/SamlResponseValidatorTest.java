package io.obsera.identity.saml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.obsera.identity.IdentityException;
import io.obsera.testing.ManualClock;
import io.obsera.testing.SamlTestIdp;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Responses built and signed in the test by xmlsec with a test IdP key: one valid response of each
 * signing style is accepted, and every attack or mismatch is refused with its reason.
 */
class SamlResponseValidatorTest {
  static final String PUBLIC_URL = "https://obsera.example";
  static final String TENANT = "acme";
  static final String REQUEST = "_req-1";
  static final String ACS = "https://obsera.example/api/v1/auth/saml/acme/acs";
  static final String SP = "https://obsera.example/api/v1/auth/saml/acme/metadata";
  static final Instant NOW = Instant.parse("2026-12-06T16:00:00Z");

  static SamlTestIdp idp;
  static SamlTestIdp attacker;

  ManualClock clock;
  SamlResponseValidator validator;

  @BeforeAll
  static void keys(@TempDir Path dir) {
    idp = SamlTestIdp.create(dir, "https://idp.example/saml");
    attacker = SamlTestIdp.create(dir, "https://idp.example/saml");
  }

  @BeforeEach
  void setUp() {
    clock = new ManualClock(NOW);
    SamlSettings settings =
        SamlSettings.of(
            PUBLIC_URL,
            TENANT,
            idp.entityId(),
            "https://idp.example/sso",
            SamlSettings.certificate(idp.certificatePem()),
            "groups");
    validator = new SamlResponseValidator(settings, new AssertionReplayCache(clock), clock);
  }

  SamlTestIdp.Response response() {
    return idp.response(ACS, SP, REQUEST, "ada@example.com", NOW);
  }

  void assertRefused(String samlResponse, String reason) {
    assertThatThrownBy(() -> validator.validate(samlResponse, REQUEST))
        .isInstanceOf(IdentityException.class)
        .hasMessageContaining("SAML response refused")
        .hasMessageContaining(reason)
        .satisfies(
            e ->
                assertThat(((IdentityException) e).kind())
                    .isEqualTo(IdentityException.Kind.BAD_CREDENTIALS));
  }

  @Test
  void should_accept_whenTheAssertionIsSigned() {
    SamlIdentity who = validator.validate(response().encoded(), REQUEST);
    assertThat(who.email()).isEqualTo("ada@example.com");
    assertThat(who.nameId()).isEqualTo("ada@example.com");
    assertThat(who.issuer()).isEqualTo(idp.entityId());
    assertThat(who.groups()).containsExactly("engineering", "oncall");
    assertThat(who.attributes().get("displayName")).containsExactly("Ada Lovelace");
  }

  @Test
  void should_accept_whenOnlyTheResponseIsSigned_orBoth() {
    SamlTestIdp.Response r = response();
    r.signAssertion = false;
    r.signResponse = true;
    assertThat(validator.validate(r.encoded(), REQUEST).email()).isEqualTo("ada@example.com");
    SamlTestIdp.Response both = response();
    both.signResponse = true;
    assertThat(validator.validate(both.encoded(), REQUEST).email()).isEqualTo("ada@example.com");
  }

  @Test
  void should_readTheConfiguredGroupsAttribute() {
    SamlSettings roles =
        SamlSettings.of(
            PUBLIC_URL,
            TENANT,
            idp.entityId(),
            "https://idp.example/sso",
            idp.certificate(),
            "displayName");
    SamlIdentity who =
        new SamlResponseValidator(roles, new AssertionReplayCache(clock), clock)
            .validate(response().encoded(), REQUEST);
    assertThat(who.groups()).containsExactly("Ada Lovelace");
  }

  @Test
  void should_refuse_whenNothingIsSigned() {
    SamlTestIdp.Response r = response();
    r.signAssertion = false;
    assertRefused(r.encoded(), "neither the response nor the assertion is signed");
  }

  @Test
  void should_refuse_anUnsignedAssertionPlacedBeforeTheSignedOne() {
    Document doc = response().signed();
    SamlTestIdp.Response evil = response();
    evil.nameId = "admin@example.com";
    Element evilAssertion = SamlTestIdp.assertion(evil.unsigned());
    Element signed = SamlTestIdp.assertion(doc);
    doc.getDocumentElement().insertBefore(doc.importNode(evilAssertion, true), signed);
    assertRefused(SamlTestIdp.encode(doc), "exactly one assertion is expected");
  }

  @Test
  void should_refuse_theSignedAssertionMovedInsideAnUnsignedOneWithItsId() {
    // The classic wrapping: the evil assertion takes the signed one's ID and place; the signed
    // original hides inside it (here in its Subject) so an ID lookup might still find it.
    Document doc = response().signed();
    Element signed = SamlTestIdp.assertion(doc);
    SamlTestIdp.Response evil = response();
    evil.nameId = "admin@example.com";
    evil.assertionId = signed.getAttribute("ID");
    Element evilAssertion = (Element) doc.importNode(SamlTestIdp.assertion(evil.unsigned()), true);
    doc.getDocumentElement().replaceChild(evilAssertion, signed);
    SamlTestIdp.firstChild(evilAssertion, SamlTestIdp.SAML, "Subject").appendChild(signed);
    assertRefused(SamlTestIdp.encode(doc), "two elements share the ID");
  }

  @Test
  void should_refuse_theSignedAssertionMovedIntoExtensions_besideAnUnsignedOne() {
    Document doc = response().signed();
    Element response = doc.getDocumentElement();
    Element signed = SamlTestIdp.assertion(doc);
    Element extensions = extensions(doc);
    SamlTestIdp.Response evil = response();
    evil.nameId = "admin@example.com";
    response.replaceChild(doc.importNode(SamlTestIdp.assertion(evil.unsigned()), true), signed);
    extensions.appendChild(signed);
    assertRefused(SamlTestIdp.encode(doc), "exactly one assertion is expected");
  }

  @Test
  void should_refuse_aSignedResponseWrappedIntoAnEvilOne() {
    SamlTestIdp.Response original = response();
    original.signAssertion = false;
    original.signResponse = true;
    Document signedDoc = original.signed();
    SamlTestIdp.Response evil = response();
    evil.signAssertion = false;
    evil.nameId = "admin@example.com";
    Document doc = evil.unsigned();
    Element response = doc.getDocumentElement();
    Element extensions = extensions(doc);
    Element moved = (Element) doc.importNode(signedDoc.getDocumentElement(), true);
    extensions.appendChild(moved);
    // The signature moves up to the evil response, still naming the original response's ID.
    Element sig = SamlTestIdp.firstChild(moved, SamlTestIdp.DS, "Signature");
    response.insertBefore(sig, extensions);
    assertRefused(SamlTestIdp.encode(doc), "exactly one assertion is expected");
  }

  @Test
  void should_refuse_anUnsignedAssertion_whenTheResponseSignatureCoversAnotherElement() {
    // The response carries a valid IdP signature, but over its Extensions, not over itself: the
    // assertion next to it is covered by nothing.
    SamlTestIdp.Response r = response();
    r.signAssertion = false;
    r.nameId = "admin@example.com";
    Document doc = r.unsigned();
    Element response = doc.getDocumentElement();
    Element extensions = extensions(doc);
    extensions.setAttributeNS(null, "ID", "_ext1");
    idp.sign(extensions);
    // move the signature to be the response's own child, where a response signature sits
    Element sig = SamlTestIdp.firstChild(extensions, SamlTestIdp.DS, "Signature");
    response.insertBefore(sig, extensions);
    assertRefused(SamlTestIdp.encode(doc), "signature covers another element (#_ext1)");
  }

  @Test
  void should_refuse_anUnsignedAssertionSwappedIntoASignedResponse() {
    SamlTestIdp.Response r = response();
    r.signAssertion = false;
    r.signResponse = true;
    Document doc = r.signed();
    SamlTestIdp.Response evil = response();
    evil.nameId = "admin@example.com";
    evil.assertionId = SamlTestIdp.assertion(doc).getAttribute("ID");
    doc.getDocumentElement()
        .replaceChild(
            doc.importNode(SamlTestIdp.assertion(evil.unsigned()), true),
            SamlTestIdp.assertion(doc));
    assertRefused(SamlTestIdp.encode(doc), "response signature does not verify");
  }

  @Test
  void should_refuse_aCommentInsideTheNameId_addedAfterSigning() {
    SamlTestIdp.Response r = response();
    r.nameId = "user@evil.com.example.com";
    Document doc = r.signed();
    splitNameIdWithAComment(doc);
    // the signature still holds (canonicalization drops comments): only the comment check stops it
    assertRefused(SamlTestIdp.encode(doc), "comment");
  }

  @Test
  void should_refuse_aCommentInsideTheNameId_evenWhenSigned() {
    SamlTestIdp.Response r = response();
    Document doc = r.unsigned();
    splitNameIdWithAComment(doc);
    idp.sign(SamlTestIdp.assertion(doc));
    assertRefused(SamlTestIdp.encode(doc), "comment");
  }

  /** {@code user@evil.com<!---->.example.com}: a reader of the first text node sees evil.com. */
  static void splitNameIdWithAComment(Document doc) {
    Element nameId = (Element) doc.getElementsByTagNameNS(SamlTestIdp.SAML, "NameID").item(0);
    nameId.setTextContent("user@evil.com");
    nameId.appendChild(doc.createComment(""));
    nameId.appendChild(doc.createTextNode(".example.com"));
  }

  /** A new, empty samlp:Extensions of the response, where the schema allows it. */
  static Element extensions(Document doc) {
    Element response = doc.getDocumentElement();
    Element extensions = doc.createElementNS(SamlTestIdp.SAMLP, "samlp:Extensions");
    response.insertBefore(
        extensions, SamlTestIdp.firstChild(response, SamlTestIdp.SAMLP, "Status"));
    return extensions;
  }

  @Test
  void should_refuse_aWrongDestination() {
    SamlTestIdp.Response r = response();
    r.signResponse = true;
    r.destination = "https://other.example/acs";
    assertRefused(r.encoded(), "Destination is 'https://other.example/acs'");
  }

  @Test
  void should_refuse_aWrongRecipient() {
    SamlTestIdp.Response r = response();
    r.recipient = "https://other.example/acs";
    assertRefused(r.encoded(), "Recipient is 'https://other.example/acs'");
  }

  @Test
  void should_refuse_aWrongAudience() {
    SamlTestIdp.Response r = response();
    r.audience = "https://other.example/sp";
    assertRefused(r.encoded(), "Audience is [https://other.example/sp]");
  }

  @Test
  void should_refuse_aWrongIssuer() {
    SamlTestIdp.Response r = response();
    r.issuer = "https://evil.example/idp";
    assertRefused(r.encoded(), "Issuer is 'https://evil.example/idp'");
  }

  @Test
  void should_refuse_anExpiredAssertion_pastTheClockSkew() {
    String encoded = response().encoded();
    clock.set(NOW.plus(Duration.ofMinutes(5)).plus(SamlResponseValidator.CLOCK_SKEW));
    assertRefused(encoded, "expired");
  }

  @Test
  void should_accept_withinTheClockSkew() {
    SamlTestIdp.Response r = response();
    r.notBefore = NOW.plusSeconds(30);
    assertThat(validator.validate(r.encoded(), REQUEST).email()).isEqualTo("ada@example.com");
  }

  @Test
  void should_refuse_anExpiredConditionsNotOnOrAfter() {
    SamlTestIdp.Response r = response();
    r.notOnOrAfter = NOW.minus(Duration.ofMinutes(2));
    assertRefused(r.encoded(), "(NotOnOrAfter)");
  }

  @Test
  void should_refuse_aNotBeforeInTheFuture() {
    SamlTestIdp.Response r = response();
    r.notBefore = NOW.plus(Duration.ofMinutes(5));
    assertRefused(r.encoded(), "(NotBefore)");
  }

  @Test
  void should_refuse_aWrongInResponseTo() {
    SamlTestIdp.Response r = response();
    r.inResponseTo = "_someone-elses";
    r.confirmationInResponseTo = "_someone-elses";
    assertRefused(r.encoded(), "InResponseTo does not name the sign-in started here");
    SamlTestIdp.Response onlyConfirmation = response();
    onlyConfirmation.inResponseTo = null;
    onlyConfirmation.confirmationInResponseTo = "_someone-elses";
    assertRefused(onlyConfirmation.encoded(), "InResponseTo does not name the sign-in");
  }

  @Test
  void should_refuse_aResponseNoSignInWasStartedFor() {
    assertThatThrownBy(() -> validator.validate(response().encoded(), null))
        .hasMessageContaining("unsolicited");
  }

  @Test
  void should_refuse_aReplayedAssertion() {
    String encoded = response().encoded();
    assertThat(validator.validate(encoded, REQUEST).email()).isEqualTo("ada@example.com");
    clock.advance(Duration.ofMinutes(1));
    assertRefused(encoded, "was already used");
  }

  @Test
  void should_refuse_aSignatureByAnotherKey_evenWithItsCertificateInKeyInfo() {
    SamlTestIdp.Response r = attacker.response(ACS, SP, REQUEST, "ada@example.com", NOW);
    assertRefused(r.encoded(), "assertion signature does not verify with the IdP's certificate");
  }

  @Test
  void should_refuse_aDtdWithAnExternalEntity() {
    String xml =
        "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
            + response().xml().replace("ada@example.com</saml:NameID>", "&xxe;</saml:NameID>");
    assertRefused(SamlTestIdp.encode(xml), "DOCTYPE");
    String laughs =
        "<!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;\">]>"
            + response().xml();
    assertRefused(SamlTestIdp.encode(laughs), "DOCTYPE");
  }

  @Test
  void should_refuse_deepNesting_beforeAnyRecursiveWalk() {
    String deep = "<a>".repeat(5000) + "</a>".repeat(5000);
    String xml = response().xml().replace("</saml:Subject>", deep + "</saml:Subject>");
    assertRefused(SamlTestIdp.encode(xml), "not well-formed XML");
  }

  @Test
  void should_refuse_garbage_withAClearReason() {
    assertRefused("not base64!", "not base64");
    assertRefused(SamlTestIdp.encode("<a>"), "not well-formed");
    assertRefused(SamlTestIdp.encode("<a/>"), "not a samlp:Response");
  }
}
