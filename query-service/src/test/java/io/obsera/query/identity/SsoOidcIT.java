package io.obsera.query.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.obsera.identity.sso.SsoConfig;
import io.obsera.model.Json;
import io.obsera.model.audit.AuditEvent;
import io.obsera.model.control.Role;
import io.obsera.query.QueryServer;
import io.obsera.query.identity.IdentityItServer.Caller;
import io.obsera.query.identity.SsoBrowser.Landing;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.KeyProvider;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * OIDC sign-in against a real OpenID Connect provider in-process (mock-oauth2-server: discovery,
 * authorize, token endpoint with PKCE, JWKS), over real sockets with a browser-like client that
 * keeps cookies and follows redirects one by one: the query service's start, the provider's
 * authorize, the query service's callback, then the web UI.
 */
class SsoOidcIT {
  static final String CLIENT_SECRET = "oidc-client-secret-" + UUID.randomUUID();
  static IdentityItServer it;
  static QueryServer service;
  static MockOAuth2Server idp;
  static ForgingKeys keys;
  static String issuer;
  static String clientId;
  static Caller adminA;

  /**
   * The provider's keys; with {@code forge} on, ID tokens are signed by another key under the same
   * key id while the JWKS still publishes the real one: a bad signature.
   */
  static final class ForgingKeys extends KeyProvider {
    volatile boolean forge;
    private final JWK forged;

    ForgingKeys() throws Exception {
      forged = new RSAKeyGenerator(2048).keyID("default").generate();
    }

    /** Set: the provider has rotated to this key (signs with it and publishes only it). */
    volatile JWK rotatedTo;

    @Override
    public JWK signingKey(String keyId) {
      if (rotatedTo != null) {
        return rotatedTo;
      }
      JWK real = super.signingKey(keyId);
      boolean publishing =
          StackWalker.getInstance()
              .walk(s -> s.anyMatch(f -> f.getMethodName().startsWith("publicJwkSet")));
      return forge && !publishing ? forged : real;
    }
  }

  @BeforeAll
  static void start() throws Exception {
    it = new IdentityItServer();
    keys = new ForgingKeys();
    idp =
        new MockOAuth2Server(
            new OAuth2Config(false, null, null, false, new OAuth2TokenProvider(keys)));
    idp.start();
    issuer = idp.issuerUrl("default").toString().replaceAll("/+$", "");
    clientId = "obsera-" + it.suffix;
    // the provider is on loopback: allowed by the SSRF rule's allowlist, as an operator would
    service = it.newSsoServer("127.0.0.0/8,::1/128", SsoConfig.defaults());
    adminA = it.signIn(service, "admin", it.user(it.tenantA, Role.ADMIN));
    HttpResponse<String> put =
        it.call(
            service,
            "PUT",
            "/api/v1/sso",
            adminA,
            "{\"oidc\":{\"issuer\":\""
                + issuer
                + "\",\"clientId\":\""
                + clientId
                + "\",\"clientSecret\":\""
                + CLIENT_SECRET
                + "\"},\"allowedEmailDomains\":[\"jit-"
                + it.suffix
                + ".example\"],\"jitProvisioning\":true,\"defaultRole\":\"VIEWER\","
                + "\"groupRoleMappings\":{\"obsera-editors\":\"EDITOR\",\"obsera-admins\":\"ADMIN\"}}");
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
    it.service.close();
    idp.shutdown();
  }

  /** A browser signing in to {@code tenant} with the provider, which answers with {@code token}. */
  static Landing signIn(QueryServer s, String tenant, DefaultOAuth2TokenCallback token)
      throws Exception {
    if (token != null) {
      idp.enqueueCallback(token);
    }
    return SsoBrowser.follow(URI.create(it.base(s) + "/api/v1/auth/oidc/" + tenant + "/start"));
  }

  static DefaultOAuth2TokenCallback token(Map<String, Object> claims, long expirySeconds) {
    return new DefaultOAuth2TokenCallback(
        "default", "sub-" + UUID.randomUUID(), "JWT", List.of(), claims, expirySeconds);
  }

  static Map<String, Object> claims(String email, boolean verified, String... groups) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("email", email);
    c.put("email_verified", verified);
    c.put("name", "Someone");
    c.put("groups", List.of(groups));
    return c;
  }

  String jitEmail() {
    return "p-" + UUID.randomUUID() + "@jit-" + it.suffix + ".example";
  }

  JsonNode me(Landing l) throws Exception {
    HttpResponse<String> me =
        it.call(service, "GET", "/api/v1/me", new Caller("sso", null, l.session(), null), null);
    assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
    return Json.MAPPER.readTree(me.body());
  }

  @Test
  void should_signInAnExistingMember_endToEnd() throws Exception {
    String email = it.user(it.tenantA, Role.VIEWER);

    Landing l = signIn(service, it.tenantA, token(claims(email, true), 3600));

    assertThat(l.signedIn()).as(l.last().body()).isTrue();
    assertThat(l.last().headers().allValues("Set-Cookie"))
        .anySatisfy(c -> assertThat(c).startsWith("obsera_session=").contains("HttpOnly"))
        .anySatisfy(c -> assertThat(c).startsWith("obsera_sso=;").contains("Max-Age=0"));
    JsonNode me = me(l);
    assertThat(me.path("user").path("email").asText()).isEqualTo(email);
    assertThat(me.path("tenant").asText()).isEqualTo(it.tenantA);
    assertThat(me.path("role").asText()).isEqualTo("VIEWER");
    assertThat(me.path("csrfToken").asText()).isNotBlank();
    String userId = me.path("user").path("id").asText();
    AuditIT.awaitEvent(
        it.tenantA,
        e ->
            e.action().equals("GET /api/v1/auth/oidc/callback")
                && e.outcome() == 302
                && e.actor().equals("user:" + userId));
  }

  @Test
  void should_provisionJustInTime_withTheMappedOrDefaultRole() throws Exception {
    String editor = jitEmail();
    String viewer = jitEmail();

    Landing e = signIn(service, it.tenantA, token(claims(editor, true, "obsera-editors"), 3600));
    Landing v = signIn(service, it.tenantA, token(claims(viewer, true, "unmapped"), 3600));

    assertThat(e.signedIn()).as(e.last().body()).isTrue();
    assertThat(me(e).path("role").asText()).isEqualTo("EDITOR");
    assertThat(v.signedIn()).as(v.last().body()).isTrue();
    assertThat(me(v).path("role").asText()).isEqualTo("VIEWER");
    assertThat(service.identity().directory().userByEmail(editor)).isPresent();
  }

  @Test
  void should_followGroupMappings_forAnExistingMember() throws Exception {
    String email = it.user(it.tenantA, Role.VIEWER);

    Landing l = signIn(service, it.tenantA, token(claims(email, true, "obsera-admins"), 3600));

    assertThat(l.signedIn()).as(l.last().body()).isTrue();
    assertThat(me(l).path("role").asText()).isEqualTo("ADMIN");
  }

  @Test
  void should_acceptAnInvite_whenTheInvitedEmailIsVerified() throws Exception {
    String email = "invited-" + UUID.randomUUID() + "@elsewhere.example";
    HttpResponse<String> inv =
        it.call(
            service,
            "POST",
            "/api/v1/invites",
            adminA,
            "{\"email\":\"" + email + "\",\"role\":\"EDITOR\"}");
    assertThat(inv.statusCode()).as(inv.body()).isEqualTo(201);

    Landing l = signIn(service, it.tenantA, token(claims(email, true), 3600));

    assertThat(l.signedIn()).as(l.last().body()).isTrue();
    assertThat(me(l).path("role").asText()).isEqualTo("EDITOR");
    assertThat(service.identity().invites().pendingFor(it.tenantA, email)).isEmpty();
  }

  @Test
  void should_refuseAndCreateNothing_whenTheEmailIsNotVerified() throws Exception {
    String email = jitEmail();

    Landing l = signIn(service, it.tenantA, token(claims(email, false), 3600));

    assertRefused(l, 403, "not verified", email);
  }

  @Test
  void should_refuseAndCreateNothing_whenTheEmailIsNeitherMemberInvitedNorOfAnAllowedDomain()
      throws Exception {
    String email = "stranger-" + UUID.randomUUID() + "@elsewhere.example";

    Landing l = signIn(service, it.tenantA, token(claims(email, true), 3600));

    assertRefused(l, 403, "has no invite", email);
  }

  @Test
  void should_refuseAndCreateNothing_whenTheAudienceIsWrong() throws Exception {
    String email = jitEmail();
    Map<String, Object> c = claims(email, true);
    c.put("aud", "someone-else");

    Landing l = signIn(service, it.tenantA, token(c, 3600));

    assertRefused(l, 401, "audience", email);
  }

  @Test
  void should_refuseAndCreateNothing_whenTheNonceIsWrong() throws Exception {
    String email = jitEmail();
    Map<String, Object> c = claims(email, true);
    c.put("nonce", "not-the-nonce-of-this-flow");

    Landing l = signIn(service, it.tenantA, token(c, 3600));

    assertRefused(l, 401, "nonce", email);
  }

  @Test
  void should_refuseAndCreateNothing_whenTheTokenHasExpired() throws Exception {
    String email = jitEmail();

    Landing l = signIn(service, it.tenantA, token(claims(email, true), -600));

    assertRefused(l, 401, "Expired JWT", email);
  }

  @Test
  void should_refuseAndCreateNothing_whenTheSignatureIsBad() throws Exception {
    String email = jitEmail();
    keys.forge = true;
    Landing l;
    try {
      l = signIn(service, it.tenantA, token(claims(email, true), 3600));
    } finally {
      keys.forge = false;
    }

    assertRefused(l, 401, "signature", email);
  }

  @Test
  void should_fetchTheKeysAgain_whenTheProviderRotatedToAKeyIdNotSeenYet() throws Exception {
    String email = it.user(it.tenantA, Role.VIEWER);
    Landing before = signIn(service, it.tenantA, token(claims(email, true), 3600));
    keys.rotatedTo = new RSAKeyGenerator(2048).keyID("rotated-" + UUID.randomUUID()).generate();
    Landing after;
    try {
      after = signIn(service, it.tenantA, token(claims(email, true), 3600));
    } finally {
      keys.rotatedTo = null;
    }

    assertThat(before.signedIn()).as(before.last().body()).isTrue();
    assertThat(after.signedIn()).as(after.last().body()).isTrue();
  }

  @Test
  void should_refuseTheCallback_whenTheStateIsNotThisBrowsers() throws Exception {
    HttpResponse<String> r =
        it.call(
            service,
            "GET",
            "/api/v1/auth/oidc/callback?code=abc&state=forged",
            Caller.ANONYMOUS,
            null);

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("cookie is missing");
  }

  @Test
  void should_refuseAnIssuerOnAPrivateAddress_underTheDefaultSsrfRule() throws Exception {
    // it.service has no allowlist: the loopback issuer configured above is refused
    HttpResponse<String> r =
        it.call(
            it.service,
            "GET",
            "/api/v1/auth/oidc/" + it.tenantA + "/start",
            Caller.ANONYMOUS,
            null);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(502);
    assertThat(r.body()).contains("non-public address").contains("OBSERA_TARGET_ALLOWLIST");
  }

  @Test
  void should_refusePasswordSignIn_whenTheTenantRequiresSso() throws Exception {
    Caller adminB = it.signIn(service, "admin B", it.user(it.tenantB, Role.ADMIN));
    String member = it.user(it.tenantB, Role.EDITOR);
    requireSso(adminB);

    HttpResponse<String> login =
        it.call(
            service,
            "POST",
            "/api/v1/auth/login",
            Caller.ANONYMOUS,
            "{\"email\":\"" + member + "\",\"password\":\"" + IdentityItServer.PASSWORD + "\"}");
    HttpResponse<String> methods =
        it.call(
            service, "GET", "/api/v1/auth/methods?tenant=" + it.tenantB, Caller.ANONYMOUS, null);
    Landing sso = signIn(service, it.tenantB, token(claims(member, true), 3600));
    String both = it.user(it.tenantA, Role.VIEWER);
    service
        .identity()
        .setRole(
            it.tenantB,
            service.identity().directory().userByEmail(both).orElseThrow().id(),
            Role.VIEWER,
            "test");
    Caller inA = it.signIn(service, "both", both);
    HttpResponse<String> switched =
        it.call(service, "POST", "/api/v1/auth/switch", inA, "{\"tenant\":\"" + it.tenantB + "\"}");

    assertThat(login.statusCode()).as(login.body()).isEqualTo(403);
    assertThat(login.body()).contains("requires single sign-on");
    assertThat(login.headers().allValues("Set-Cookie")).isEmpty();
    JsonNode m = Json.MAPPER.readTree(methods.body());
    assertThat(m.path("password").asBoolean()).isFalse();
    assertThat(m.path("sso").get(0).path("provider").asText()).isEqualTo("oidc");
    assertThat(m.path("sso").get(0).path("startUrl").asText())
        .isEqualTo("/api/v1/auth/oidc/" + it.tenantB + "/start");
    assertThat(sso.signedIn()).as(sso.last().body()).isTrue();
    assertThat(switched.statusCode()).as(switched.body()).isEqualTo(403);
    assertThat(it.call(service, "GET", "/api/v1/me", inA, null).statusCode()).isEqualTo(200);
  }

  @Test
  void should_letTheOperatorRecover_withAnInvite_whenTheTenantRequiresSso() throws Exception {
    // a tenant of its own: the operator's invite route needs a tenant the operator created
    String tenant = "rec-" + it.suffix;
    Caller operator = new Caller("operator", it.adminToken, null, null);
    HttpResponse<String> created =
        it.call(service, "POST", "/api/v1/admin/tenants", operator, "{\"id\":\"" + tenant + "\"}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    requireSso(it.signIn(service, "admin", it.user(tenant, Role.ADMIN)));
    String email = "recovered-" + UUID.randomUUID() + "@example.com";

    HttpResponse<String> invited =
        it.call(
            service,
            "POST",
            "/api/v1/admin/tenants/" + tenant + "/invites",
            operator,
            "{\"email\":\"" + email + "\",\"role\":\"ADMIN\"}");
    assertThat(invited.statusCode()).as(invited.body()).isEqualTo(201);
    String url = Json.MAPPER.readTree(invited.body()).path("inviteUrl").asText();
    HttpResponse<String> accepted =
        it.call(
            service,
            "POST",
            "/api/v1/invites/" + url.substring(url.lastIndexOf('/') + 1) + "/accept",
            Caller.ANONYMOUS,
            "{\"name\":\"Recovered admin\",\"password\":\"" + IdentityItServer.PASSWORD + "\"}");
    HttpResponse<String> passwordAfter =
        it.call(
            service,
            "POST",
            "/api/v1/auth/login",
            Caller.ANONYMOUS,
            "{\"email\":\"" + email + "\",\"password\":\"" + IdentityItServer.PASSWORD + "\"}");

    // accepting the invite is the recovery path: a session in the tenant with the invited role
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
    Caller recovered = IdentityItServer.sessionOf("recovered", accepted);
    JsonNode me =
        Json.MAPPER.readTree(it.call(service, "GET", "/api/v1/me", recovered, null).body());
    assertThat(me.path("tenant").asText()).isEqualTo(tenant);
    assertThat(me.path("role").asText()).isEqualTo("ADMIN");
    // ...and only that: the password still does not sign in to the tenant
    assertThat(passwordAfter.statusCode()).as(passwordAfter.body()).isEqualTo(403);
  }

  private void requireSso(Caller admin) throws Exception {
    HttpResponse<String> put =
        it.call(
            service,
            "PUT",
            "/api/v1/sso",
            admin,
            "{\"oidc\":{\"issuer\":\""
                + issuer
                + "\",\"clientId\":\""
                + clientId
                + "\",\"clientSecret\":\""
                + CLIENT_SECRET
                + "\"},\"ssoRequired\":true}");
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
  }

  @Test
  void should_neverAnswerOrAuditTheClientSecret() throws Exception {
    HttpResponse<String> get = it.call(service, "GET", "/api/v1/sso", adminA, null);

    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(get.body()).doesNotContain(CLIENT_SECRET).contains("\"clientSecret\":\"***\"");
    AuditIT.awaitEvent(it.tenantA, e -> e.action().equals("PUT /api/v1/sso") && e.after() != null);
    for (AuditEvent e : AuditIT.eventsOf(it.tenantA)) {
      assertThat(String.valueOf(e.detail()) + e.before() + e.after()).doesNotContain(CLIENT_SECRET);
    }
  }

  @Test
  void should_refuseABadConfiguration_namingTheField_andKeepTheStoredOne() throws Exception {
    String[][] cases = {
      {"{\"jitProvisioning\":true}", "'jitProvisioning' needs 'allowedEmailDomains'"},
      {"{\"ssoRequired\":true}", "'ssoRequired' needs at least one provider"},
      {
        "{\"oidc\":{\"issuer\":\"ftp://x\",\"clientId\":\"c\",\"clientSecret\":\"s\"}}",
        "'oidc.issuer' must be an http(s) URL"
      },
      {
        "{\"oidc\":{\"issuer\":\"https://other.example\",\"clientId\":\"c\"}}",
        "'oidc.clientSecret' is required"
      },
      {
        "{\"oidc\":{\"issuer\":\"https://x.example\",\"clientId\":\"c\",\"secret\":\"s\"}}",
        "unknown field 'oidc.secret'"
      },
      {
        "{\"saml\":{\"idpEntityId\":\"e\",\"idpSsoUrl\":\"https://x.example/sso\","
            + "\"idpCertificate\":\"not a certificate\"}}",
        "'saml.idpCertificate'"
      },
      {"{\"groupRoleMappings\":{\"devs\":\"OWNER\"}}", "groupRoleMappings"},
      {"{\"allowedEmailDomains\":[\"not a domain\"]}", "'allowedEmailDomains'"}
    };
    for (String[] c : cases) {
      HttpResponse<String> r = it.call(service, "PUT", "/api/v1/sso", adminA, c[0]);
      assertThat(r.statusCode()).as(c[0] + " -> " + r.body()).isEqualTo(400);
      assertThat(r.body()).as(c[0]).contains(c[1]);
    }
    HttpResponse<String> get = it.call(service, "GET", "/api/v1/sso", adminA, null);
    assertThat(Json.MAPPER.readTree(get.body()).path("oidc").path("issuer").asText())
        .isEqualTo(issuer);
  }

  private void assertRefused(Landing l, int status, String reason, String email) throws Exception {
    assertThat(l.last().statusCode()).as(l.last().body()).isEqualTo(status);
    assertThat(l.last().body()).contains(reason);
    assertThat(l.session()).isNull();
    assertThat(service.identity().directory().userByEmail(email)).isEmpty();
    // the refusal is in the tenant's audit log (a new event, not one of an earlier refusal),
    // without the provider's answer
    await().atMost(Duration.ofSeconds(20)).until(() -> newRefusal(status).isPresent());
    AuditEvent refusal = newRefusal(status).orElseThrow();
    AUDITED_REFUSALS.add(refusal.id());
    assertThat(refusal.detail() == null ? "" : refusal.detail()).doesNotContain("code=");
  }

  private static final java.util.Set<String> AUDITED_REFUSALS =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  private java.util.Optional<AuditEvent> newRefusal(int status) throws Exception {
    return AuditIT.eventsOf(it.tenantA).stream()
        .filter(e -> e.action().equals("GET /api/v1/auth/oidc/callback"))
        // before the ID token is verified the actor is oidc:unverified, after it the subject
        .filter(e -> e.actor().startsWith("oidc:") && e.outcome() == status)
        .filter(e -> status != 401 || e.actor().equals("oidc:unverified"))
        .filter(e -> !AUDITED_REFUSALS.contains(e.id()))
        .findFirst();
  }
}
