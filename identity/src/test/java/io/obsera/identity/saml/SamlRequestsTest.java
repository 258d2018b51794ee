package io.obsera.identity.saml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.obsera.identity.IdentityException;
import io.obsera.platform.crypto.SecretBox;
import io.obsera.testing.ManualClock;
import io.obsera.testing.SamlTestIdp;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/** The AuthnRequest (HTTP-Redirect) and the sealed request cookie. */
class SamlRequestsTest {
  static SamlSettings settings;
  final ManualClock clock = new ManualClock(Instant.parse("2026-12-06T16:00:00Z"));
  final SamlRequests requests = new SamlRequests(new SecretBox(new byte[32]), clock);

  @BeforeAll
  static void idp(@TempDir Path dir) {
    SamlTestIdp idp = SamlTestIdp.create(dir, "https://idp.example/saml");
    settings =
        SamlSettings.of(
            "https://obsera.example/",
            "acme",
            idp.entityId(),
            "https://idp.example/sso?tenant=x",
            idp.certificate(),
            null);
  }

  @Test
  void should_redirectToTheIdp_withADeflatedAuthnRequestForOurAcs() throws Exception {
    SamlRequests.Started s = requests.start("acme", settings);
    assertThat(s.redirectUrl()).startsWith("https://idp.example/sso?tenant=x&SAMLRequest=");
    String encoded =
        URLDecoder.decode(
            URI.create(s.redirectUrl()).getRawQuery().split("SAMLRequest=")[1],
            StandardCharsets.UTF_8);
    byte[] deflated = Base64.getDecoder().decode(encoded);
    byte[] xml =
        new InflaterInputStream(new ByteArrayInputStream(deflated), new Inflater(true))
            .readAllBytes();
    Element request = SecureXml.parse(xml).getDocumentElement();
    assertThat(request.getLocalName()).isEqualTo("AuthnRequest");
    assertThat(request.getAttribute("ID")).isEqualTo(s.requestId()).startsWith("_");
    assertThat(request.getAttribute("Destination")).isEqualTo("https://idp.example/sso?tenant=x");
    assertThat(request.getAttribute("AssertionConsumerServiceURL"))
        .isEqualTo("https://obsera.example/api/v1/auth/saml/acme/acs");
    assertThat(request.getElementsByTagNameNS(SamlTestIdp.SAML, "Issuer").item(0).getTextContent())
        .isEqualTo("https://obsera.example/api/v1/auth/saml/acme/metadata");
    assertThat(settings.groupsAttribute()).isEqualTo("groups");
  }

  @Test
  void should_giveBackTheRequestId_onlyForItsTenant_andOnlyForTenMinutes() {
    SamlRequests.Started s = requests.start("acme", settings);
    assertThat(requests.requestId("acme", s.cookieValue())).isEqualTo(s.requestId());
    assertThatThrownBy(() -> requests.requestId("other", s.cookieValue()))
        .isInstanceOf(IdentityException.class)
        .hasMessageContaining("not one of ours");
    String altered = s.cookieValue().substring(0, s.cookieValue().length() - 2) + "AA";
    assertThatThrownBy(() -> requests.requestId("acme", altered))
        .hasMessageContaining("not one of ours");
    assertThatThrownBy(() -> requests.requestId("acme", null))
        .hasMessageContaining("cookie is missing");
    clock.advance(SamlRequests.REQUEST_TTL.plus(Duration.ofSeconds(1)));
    assertThatThrownBy(() -> requests.requestId("acme", s.cookieValue()))
        .hasMessageContaining("start again");
  }

  @Test
  void should_describeOurSp_inMetadata() {
    String xml = SpMetadata.xml(settings.spEntityId(), settings.acsUrl());
    Element root = SecureXml.parse(xml.getBytes(StandardCharsets.UTF_8)).getDocumentElement();
    assertThat(root.getAttribute("entityID"))
        .isEqualTo("https://obsera.example/api/v1/auth/saml/acme/metadata");
    Element acs =
        (Element)
            root.getElementsByTagNameNS(
                    "urn:oasis:names:tc:SAML:2.0:metadata", "AssertionConsumerService")
                .item(0);
    assertThat(acs.getAttribute("Location"))
        .isEqualTo("https://obsera.example/api/v1/auth/saml/acme/acs");
    assertThat(acs.getAttribute("Binding")).endsWith("HTTP-POST");
  }

  @Test
  void should_readEntityIdSsoUrlAndCertificate_fromIdpMetadata() {
    String cert = Base64.getEncoder().encodeToString(new byte[] {1, 2, 3});
    String xml =
        "<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\""
            + " xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\" entityID=\"https://idp.example/saml\">"
            + "<md:IDPSSODescriptor protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\">"
            + "<md:KeyDescriptor use=\"encryption\"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>"
            + "ZW5j</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>"
            + "<md:KeyDescriptor use=\"signing\"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>\n"
            + cert
            + "\n</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>"
            + "<md:SingleSignOnService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST\""
            + " Location=\"https://idp.example/post\"/>"
            + "<md:SingleSignOnService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect\""
            + " Location=\"https://idp.example/redirect\"/>"
            + "</md:IDPSSODescriptor></md:EntityDescriptor>";
    IdpMetadata m = IdpMetadata.parse(xml);
    assertThat(m.entityId()).isEqualTo("https://idp.example/saml");
    assertThat(m.ssoUrl()).isEqualTo("https://idp.example/redirect");
    assertThat(m.certificate()).isEqualTo(cert);
    assertThatThrownBy(
            () ->
                IdpMetadata.parse("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>" + xml))
        .hasMessageContaining("DOCTYPE");
  }
}
