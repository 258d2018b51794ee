package io.obsera.query.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.obsera.identity.IdentityConfig;
import io.obsera.model.Json;
import io.obsera.model.control.Role;
import io.obsera.query.QueryServer;
import io.obsera.query.identity.IdentityItServer.Caller;
import io.obsera.testing.LocalHttpServer;
import io.obsera.testing.ObseraServersExtension;
import io.obsera.testing.SamlTestIdp;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * SAML sign-in over real sockets against a query service on the shared Kafka and ClickHouse: the
 * tenant's admin configures the IdP through {@code PUT /api/v1/sso}; a browser-like client starts
 * at {@code /start}, the test IdP signs the answer with xmlsec, the client posts it to {@code /acs}
 * and gets a session. Refused responses create no user, membership or session.
 */
@ExtendWith(ObseraServersExtension.class)
class SamlSignInIT {
  static final String PUBLIC_URL = "https://obsera.example";
  static final Pattern REQUEST_COOKIE = Pattern.compile("obsera_saml_request=([^;]*)");

  static IdentityItServer it;
  static QueryServer saml;
  static SamlTestIdp idp;
  static SamlTestIdp attacker;
  static String acs;
  static String sp;

  @BeforeAll
  static void start() throws Exception {
    it = new IdentityItServer();
    saml = it.newServer(IdentityConfig.fromEnv(Map.of("OBSERA_PUBLIC_URL", PUBLIC_URL)));
    Path dir = Files.createTempDirectory("saml-it");
    idp = SamlTestIdp.create(dir, "https://idp.example/saml");
    attacker = SamlTestIdp.create(dir, "https://idp.example/saml");
    acs = PUBLIC_URL + "/api/v1/auth/saml/" + it.tenantA + "/acs";
    sp = PUBLIC_URL + "/api/v1/auth/saml/" + it.tenantA + "/metadata";
    Caller admin = new Caller("admin key", it.key(it.tenantA, Role.ADMIN), null, null);
    Map<String, Object> config = new LinkedHashMap<>();
    config.put(
        "saml",
        Map.of(
            "idpEntityId",
            idp.entityId(),
            "idpSsoUrl",
            "https://idp.example/sso",
            "idpCertificate",
            idp.certificatePem(),
            "groupsAttribute",
            "memberOf"));
    config.put("allowedEmailDomains", java.util.List.of("example.com"));
    config.put("jitProvisioning", true);
    config.put("defaultRole", "VIEWER");
    config.put("groupRoleMappings", Map.of("engineering", "EDITOR"));
    HttpResponse<String> badMetadata =
        it.call(
            saml,
            "PUT",
            "/api/v1/sso",
            admin,
            Json.MAPPER.writeValueAsString(
                Map.of("saml", Map.of("idpMetadataXml", "<md:EntityDescriptor/>"))));
    assertThat(badMetadata.statusCode()).isEqualTo(400);
    assertThat(badMetadata.body()).contains("saml.idpMetadataXml' is not usable");
    HttpResponse<String> put =
        it.call(saml, "PUT", "/api/v1/sso", admin, Json.MAPPER.writeValueAsString(config));
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> get("/api/v1/auth/saml/" + it.tenantA + "/start", null).statusCode() == 302);
  }

  @AfterAll
  static void stop() {
    saml.close();
    it.service.close();
  }

  /** A sign-in started at {@code /start}: the request id the IdP sees and the browser's cookie. */
  record Started(String requestId, String cookie) {}

  static Started startSignIn() throws Exception {
    HttpResponse<String> r = get("/api/v1/auth/saml/" + it.tenantA + "/start", null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(302);
    String location = r.headers().firstValue("Location").orElseThrow();
    assertThat(location).startsWith("https://idp.example/sso?SAMLRequest=");
    String encoded =
        URLDecoder.decode(location.substring(location.indexOf('=') + 1), StandardCharsets.UTF_8);
    String xml =
        new String(
            new InflaterInputStream(
                    new ByteArrayInputStream(Base64.getDecoder().decode(encoded)),
                    new Inflater(true))
                .readAllBytes(),
            StandardCharsets.UTF_8);
    Matcher id = Pattern.compile(" ID=\"([^\"]+)\"").matcher(xml);
    assertThat(id.find()).as(xml).isTrue();
    assertThat(xml).contains("AssertionConsumerServiceURL=\"" + acs + "\"");
    String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(setCookie).contains("HttpOnly").contains("Path=/api/v1/auth/saml/");
    Matcher cookie = REQUEST_COOKIE.matcher(setCookie);
    assertThat(cookie.find()).isTrue();
    return new Started(id.group(1), cookie.group(1));
  }

  static HttpResponse<String> get(String path, String cookie) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(it.base(saml) + path));
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    return IdentityItServer.HTTP.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> postToAcs(Started s, String samlResponse) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(
                URI.create(it.base(saml) + "/api/v1/auth/saml/" + it.tenantA + "/acs"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "SAMLResponse="
                        + URLEncoder.encode(samlResponse, StandardCharsets.UTF_8)
                        + "&RelayState=x"));
    if (s != null) {
      b.header("Cookie", "obsera_saml_request=" + s.cookie());
    }
    return IdentityItServer.HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static SamlTestIdp.Response response(Started s, String email) {
    SamlTestIdp.Response r = idp.response(acs, sp, s.requestId(), email, Instant.now());
    r.groupsAttribute = "memberOf";
    return r;
  }

  /** {@code r} changed by {@code change}, signed and encoded. */
  static String changed(SamlTestIdp.Response r, Consumer<SamlTestIdp.Response> change) {
    change.accept(r);
    return r.encoded();
  }

  /** A new address, noted in {@code attempted}. */
  static String tried(Set<String> attempted) {
    String email = newEmail();
    attempted.add(email);
    return email;
  }

  static String newEmail() {
    return "saml-" + UUID.randomUUID() + "@example.com";
  }

  /** Signs in through SAML and returns the session as a caller. */
  static Caller signedIn(HttpResponse<String> acsAnswer) {
    assertThat(acsAnswer.statusCode()).as(acsAnswer.body()).isEqualTo(302);
    assertThat(acsAnswer.headers().firstValue("Location")).hasValue("/services");
    String session =
        acsAnswer.headers().allValues("Set-Cookie").stream()
            .filter(c -> c.startsWith("obsera_session="))
            .findFirst()
            .orElseThrow();
    assertThat(session).contains("HttpOnly");
    assertThat(acsAnswer.headers().allValues("Set-Cookie"))
        .anySatisfy(c -> assertThat(c).startsWith("obsera_saml_request=;").contains("Max-Age=0"));
    return new Caller("saml", null, session.substring(15, session.indexOf(';')), null);
  }

  @Test
  void should_giveTheIdpsAddresses_fromThePublicUrl_notFromTheRequest() throws Exception {
    String path = "/api/v1/auth/methods?tenant=" + it.tenantA;
    JsonNode given =
        Json.MAPPER
            .readTree(it.call(saml, "GET", path, Caller.ANONYMOUS, null).body())
            .get("serviceProvider");
    // the test reaches the server at http://127.0.0.1:<port>; the IdP is given the public URL
    assertThat(given.get("entityId").asText()).isEqualTo(sp);
    assertThat(given.get("metadataUrl").asText()).isEqualTo(sp);
    assertThat(given.get("acsUrl").asText()).isEqualTo(acs);
    assertThat(given.get("oidcCallbackUrl").asText())
        .isEqualTo(PUBLIC_URL + "/api/v1/auth/oidc/callback");
    assertThat(given.get("githubCallbackUrl").asText())
        .isEqualTo(PUBLIC_URL + "/api/v1/auth/github/callback");
    assertThat(given.get("signInUrl").asText())
        .isEqualTo(PUBLIC_URL + "/login?tenant=" + it.tenantA);
    // the very values our SP metadata, and so the response checks, use
    String metadata =
        it.call(
                saml,
                "GET",
                "/api/v1/auth/saml/" + it.tenantA + "/metadata",
                Caller.ANONYMOUS,
                null)
            .body();
    assertThat(metadata)
        .contains("entityID=\"" + given.get("entityId").asText() + "\"")
        .contains("Location=\"" + given.get("acsUrl").asText() + "\"");

    // without OBSERA_PUBLIC_URL: no SAML, and the callbacks the flows build from the request
    JsonNode plain =
        Json.MAPPER
            .readTree(it.call(it.service, "GET", path, Caller.ANONYMOUS, null).body())
            .get("serviceProvider");
    String here = it.base(it.service);
    assertThat(plain.get("entityId").isNull()).isTrue();
    assertThat(plain.get("acsUrl").isNull()).isTrue();
    assertThat(plain.get("metadataUrl").isNull()).isTrue();
    assertThat(plain.get("oidcCallbackUrl").asText())
        .isEqualTo(here + "/api/v1/auth/oidc/callback");
    assertThat(plain.get("githubCallbackUrl").asText())
        .isEqualTo(here + "/api/v1/auth/github/callback");
  }

  @Test
  void should_serveSpMetadata_derivedFromThePublicUrl() throws Exception {
    HttpResponse<String> r = get("/api/v1/auth/saml/" + it.tenantA + "/metadata", null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/samlmetadata+xml");
    assertThat(r.body())
        .contains("entityID=\"" + sp + "\"")
        .contains("Location=\"" + acs + "\"")
        .contains("HTTP-POST");
  }

  @Test
  void should_signIn_withAResponseSignedByTheConfiguredIdp_andProvisionWithTheMappedRole()
      throws Exception {
    Started s = startSignIn();
    String email = newEmail();
    Caller c = signedIn(postToAcs(s, response(s, email).encoded()));
    HttpResponse<String> me = it.call(saml, "GET", "/api/v1/me", c, null);
    assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
    JsonNode body = Json.MAPPER.readTree(me.body());
    assertThat(body.get("user").get("email").asText()).isEqualTo(email);
    assertThat(body.get("user").get("name").asText()).isEqualTo("Ada Lovelace");
    assertThat(body.get("tenant").asText()).isEqualTo(it.tenantA);
    assertThat(body.get("role").asText())
        .as("group 'engineering' (attribute memberOf) maps to EDITOR")
        .isEqualTo("EDITOR");
  }

  @Test
  void should_refuseEveryBadResponse_andCreateNoUserMembershipOrSession() throws Exception {
    Set<String> attempted = ConcurrentHashMap.newKeySet();
    attempted.addAll(Set.of("x@evil.com", "x@evil.com.example.com"));
    Map<String, Function<Started, String>> attacks = new LinkedHashMap<>();
    attacks.put(
        "wrapping",
        s -> {
          Document doc = response(s, tried(attempted)).signed();
          SamlTestIdp.Response evil = response(s, tried(attempted));
          doc.getDocumentElement()
              .insertBefore(
                  doc.importNode(SamlTestIdp.assertion(evil.unsigned()), true),
                  SamlTestIdp.assertion(doc));
          return SamlTestIdp.encode(doc);
        });
    attacks.put(
        "comment in NameID",
        s -> {
          Document doc = response(s, "x@evil.com.example.com").signed();
          Element nameId = (Element) doc.getElementsByTagNameNS(SamlTestIdp.SAML, "NameID").item(0);
          nameId.setTextContent("x@evil.com");
          nameId.appendChild(doc.createComment(""));
          nameId.appendChild(doc.createTextNode(".example.com"));
          return SamlTestIdp.encode(doc);
        });
    attacks.put(
        "wrong audience",
        s -> changed(response(s, tried(attempted)), r -> r.audience = "https://other.example/sp"));
    attacks.put(
        "wrong destination",
        s ->
            changed(
                response(s, tried(attempted)),
                r -> {
                  r.signResponse = true;
                  r.destination = "https://other.example/acs";
                }));
    attacks.put(
        "expired",
        s ->
            changed(
                response(s, tried(attempted)),
                r -> r.notOnOrAfter = Instant.now().minus(Duration.ofMinutes(5))));
    attacks.put(
        "wrong InResponseTo",
        s -> idp.response(acs, sp, "_not-ours", tried(attempted), Instant.now()).encoded());
    attacks.put(
        "another key",
        s -> attacker.response(acs, sp, s.requestId(), tried(attempted), Instant.now()).encoded());
    attacks.put(
        "DTD",
        s ->
            SamlTestIdp.encode(
                "<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                    + response(s, tried(attempted)).xml()));
    for (Map.Entry<String, Function<Started, String>> attack : attacks.entrySet()) {
      Started s = startSignIn();
      String samlResponse = attack.getValue().apply(s);
      HttpResponse<String> r = postToAcs(s, samlResponse);
      assertThat(r.statusCode()).as(attack.getKey() + ": " + r.body()).isEqualTo(401);
      assertThat(r.body()).as(attack.getKey()).contains("SAML response refused");
      assertThat(r.headers().allValues("Set-Cookie"))
          .as(attack.getKey())
          .noneMatch(c -> c.startsWith("obsera_session="));
    }
    // without the browser's request cookie, even a good response is refused
    Started s = startSignIn();
    assertThat(postToAcs(null, response(s, tried(attempted)).encoded()).statusCode())
        .isEqualTo(401);
    // a person the tenant does not let in: verified, but of another domain
    Started other = startSignIn();
    String outsider = "saml-" + UUID.randomUUID() + "@elsewhere.example";
    attempted.add(outsider);
    HttpResponse<String> refused = postToAcs(other, response(other, outsider).encoded());
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);

    // a sign-in written after the refusals is seen: had a refusal created something, so would it
    Started last = startSignIn();
    String email = newEmail();
    signedIn(postToAcs(last, response(last, email).encoded()));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> it.service.identity().directory().userByEmail(email).isPresent());
    for (QueryServer q : new QueryServer[] {saml, it.service}) {
      for (String tried : attempted) {
        assertThat(q.identity().directory().userByEmail(tried)).as(tried).isEmpty();
      }
      assertThat(
              q.identity().directory().members(it.tenantA).stream()
                  .map(m -> q.identity().directory().user(m.userId()).orElseThrow().email()))
          .doesNotContainAnyElementsOf(attempted)
          .contains(email);
    }
  }

  @Test
  void should_refuseAMetadataUrlOnALoopbackAddress_beforeAnyRequest() throws Exception {
    try (LocalHttpServer idpHost = LocalHttpServer.http()) {
      Caller adminB = new Caller("admin key", it.key(it.tenantB, Role.ADMIN), null, null);
      String url = idpHost.url("/metadata").replace("http://", "https://");
      HttpResponse<String> put =
          it.call(
              saml,
              "PUT",
              "/api/v1/sso",
              adminB,
              Json.MAPPER.writeValueAsString(Map.of("saml", Map.of("idpMetadataUrl", url))));
      assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
      String start = "/api/v1/auth/saml/" + it.tenantB + "/start";
      await().atMost(Duration.ofSeconds(10)).until(() -> get(start, null).statusCode() != 404);
      HttpResponse<String> r = get(start, null);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(502);
      assertThat(r.body()).contains("IdP metadata URL is refused").contains("127.0.0.1");
      assertThat(idpHost.seen()).isEmpty();
    }
  }

  @Test
  void should_refuseAReplayedResponse() throws Exception {
    Started s = startSignIn();
    String samlResponse = response(s, newEmail()).encoded();
    signedIn(postToAcs(s, samlResponse));
    HttpResponse<String> again = postToAcs(s, samlResponse);
    assertThat(again.statusCode()).as(again.body()).isEqualTo(401);
    assertThat(again.body()).contains("was already used");

    // both are in the tenant's audit log, without the response itself
    String acsAction = "POST /api/v1/auth/saml/{tenant}/acs";
    AuditIT.awaitEvent(it.tenantA, e -> e.action().equals(acsAction) && e.outcome() == 401);
    assertThat(AuditIT.eventsOf(it.tenantA))
        .filteredOn(e -> e.action().equals(acsAction))
        .anySatisfy(
            e -> {
              assertThat(e.outcome()).isEqualTo(302);
              assertThat(e.actor()).startsWith("user:");
            })
        .anySatisfy(
            e -> {
              assertThat(e.outcome()).isEqualTo(401);
              assertThat(e.actor()).isEqualTo("saml:unverified");
            })
        .allSatisfy(e -> assertThat(e.detail()).doesNotContain(samlResponse.substring(0, 40)));
  }
}
