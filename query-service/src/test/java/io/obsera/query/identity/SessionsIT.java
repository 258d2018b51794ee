package io.obsera.query.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.obsera.identity.IdentityConfig;
import io.obsera.model.Json;
import io.obsera.model.control.Role;
import io.obsera.query.QueryServer;
import io.obsera.query.identity.IdentityItServer.Caller;
import io.obsera.testing.ObseraServersExtension;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Sign-in, sessions across two query-service instances, CSRF, throttling, tenant isolation. */
@ExtendWith(ObseraServersExtension.class)
class SessionsIT {
  static final String SLO =
      "{\"id\":\"%s\",\"name\":\"Checkout\",\"kind\":\"availability\","
          + "\"service\":\"checkout\",\"objective\":0.999,\"period\":\"ROLLING_30D\"}";
  static IdentityItServer it;
  static QueryServer other;

  @BeforeAll
  static void start() throws Exception {
    it = new IdentityItServer();
    other = it.newServer();
  }

  @AfterAll
  static void stop() {
    other.close();
    it.service.close();
  }

  static JsonNode json(HttpResponse<String> r) throws Exception {
    return Json.MAPPER.readTree(r.body());
  }

  @Test
  void should_tellWhereSdksSendOtlp_onlyWhenTheOperatorSetIt() throws Exception {
    String email = it.user(it.tenantA, Role.ADMIN);
    Caller c = it.signIn(it.service, "admin", email);
    assertThat(json(it.call(it.service, "GET", "/api/v1/me", c, null)).get("otlpUrl").isNull())
        .as("not set: the web UI uses port 4318 of its own host")
        .isTrue();
    try (QueryServer withIngestUrl =
        it.newServer(
            IdentityConfig.fromEnv(
                Map.of("OBSERA_PUBLIC_OTLP_URL", "https://ingest.obsera.example/")))) {
      Caller there = it.signIn(withIngestUrl, "admin", email);
      assertThat(
              json(it.call(withIngestUrl, "GET", "/api/v1/me", there, null))
                  .get("otlpUrl")
                  .asText())
          .isEqualTo("https://ingest.obsera.example");
    }
  }

  @Test
  void should_tellThePublicAddress_onlyWhenTheOperatorSetIt() throws Exception {
    String email = it.user(it.tenantA, Role.EDITOR);
    Caller c = it.signIn(it.service, "editor", email);
    assertThat(json(it.call(it.service, "GET", "/api/v1/me", c, null)).get("publicUrl").isNull())
        .as("not set: the web UI falls back to its own address, and says so")
        .isTrue();
    try (QueryServer withPublicUrl =
        it.newServer(
            IdentityConfig.fromEnv(Map.of("OBSERA_PUBLIC_URL", "https://obsera.example/ops/")))) {
      Caller there = it.signIn(withPublicUrl, "editor", email);
      assertThat(
              json(it.call(withPublicUrl, "GET", "/api/v1/me", there, null))
                  .get("publicUrl")
                  .asText())
          .isEqualTo("https://obsera.example/ops");
    }
  }

  @Test
  void should_signInOnOne_useOnTheOther_andRefuseOnBoth_afterSignOut() throws Exception {
    String email = it.user(it.tenantA, Role.EDITOR);
    it.service
        .identity()
        .setRole(
            it.tenantB,
            it.service.identity().directory().userByEmail(email).orElseThrow().id(),
            Role.VIEWER,
            "test");
    Caller c = it.signIn(it.service, "editor", email);

    HttpResponse<String> me = it.call(other, "GET", "/api/v1/me", c, null);
    assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
    assertThat(json(me).get("tenant").asText()).isEqualTo(it.tenantA);
    assertThat(json(me).get("role").asText()).isEqualTo("EDITOR");
    assertThat(json(me).get("user").get("email").asText()).isEqualTo(email);
    assertThat(json(me).get("csrfToken").asText()).isEqualTo(c.csrf());
    assertThat(json(me).get("tenants")).hasSize(2);
    String id = "s-" + it.suffix;
    HttpResponse<String> created = it.call(other, "POST", "/api/v1/slos", c, SLO.formatted(id));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

    HttpResponse<String> out = it.call(other, "POST", "/api/v1/auth/logout", c, null);
    assertThat(out.statusCode()).isEqualTo(204);
    assertThat(out.headers().firstValue("Set-Cookie").orElseThrow()).contains("Max-Age=0");
    assertThat(it.call(other, "GET", "/api/v1/slos", c, null).statusCode()).isEqualTo(401);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> it.call(it.service, "GET", "/api/v1/slos", c, null).statusCode() == 401);
    HttpResponse<String> after = it.call(it.service, "GET", "/api/v1/me", c, null);
    assertThat(json(after).get("message").asText()).contains("signed out");
  }

  @Test
  void should_switchTenant_toOneTheUserBelongsTo_only() throws Exception {
    String email = it.user(it.tenantA, Role.ADMIN);
    String userId = it.service.identity().directory().userByEmail(email).orElseThrow().id();
    it.service.identity().setRole(it.tenantB, userId, Role.VIEWER, "test");
    Caller c = it.signIn(it.service, "admin", email);
    HttpResponse<String> refused =
        it.call(it.service, "POST", "/api/v1/auth/switch", c, "{\"tenant\":\"nowhere\"}");
    assertThat(refused.statusCode()).isEqualTo(403);
    HttpResponse<String> switched =
        it.call(
            it.service, "POST", "/api/v1/auth/switch", c, "{\"tenant\":\"" + it.tenantB + "\"}");
    assertThat(switched.statusCode()).as(switched.body()).isEqualTo(200);
    assertThat(json(switched).get("role").asText()).isEqualTo("VIEWER");
    Caller inB = IdentityItServer.sessionOf("viewer in B", switched);
    assertThat(it.call(it.service, "GET", "/api/v1/me", inB, null).body()).contains(it.tenantB);
    assertThat(it.call(it.service, "GET", "/api/v1/me", c, null).statusCode())
        .as("the old session ends")
        .isEqualTo(401);
    assertThat(it.call(it.service, "POST", "/api/v1/slos", inB, SLO.formatted("x")).statusCode())
        .isEqualTo(403);
  }

  @Test
  void should_refuseCookieWrites_withoutTheRightCsrfToken_andChangeNothing() throws Exception {
    Caller c = it.signIn(it.service, "editor", it.user(it.tenantA, Role.EDITOR));
    String id = "csrf-" + it.suffix;
    HttpResponse<String> missing =
        it.call(it.service, "POST", "/api/v1/slos", c, SLO.formatted(id), null);
    assertThat(missing.statusCode()).isEqualTo(403);
    assertThat(json(missing).get("message").asText()).contains("X-CSRF-Token");
    HttpResponse<String> wrong =
        it.call(it.service, "POST", "/api/v1/slos", c, SLO.formatted(id), "not-the-token");
    assertThat(wrong.statusCode()).isEqualTo(403);
    assertThat(it.call(it.service, "GET", "/api/v1/slos/" + id, c, null, null).statusCode())
        .as("reads need no CSRF token; nothing was created")
        .isEqualTo(404);
  }

  @Test
  void should_refuseAViewersWrite_andHideAnotherTenantsObjects() throws Exception {
    Caller editor = new Caller("editor key", it.key(it.tenantA, null), null, null);
    Caller viewer = it.signIn(it.service, "viewer", it.user(it.tenantA, Role.VIEWER));
    Caller otherAdmin = it.signIn(it.service, "other admin", it.user(it.tenantB, Role.ADMIN));
    String id = "iso-" + it.suffix;
    assertThat(it.call(it.service, "POST", "/api/v1/slos", editor, SLO.formatted(id)).statusCode())
        .isEqualTo(201);
    String changed = SLO.formatted(id).replace("0.999", "0.9");
    HttpResponse<String> put = it.call(it.service, "PUT", "/api/v1/slos/" + id, viewer, changed);
    assertThat(put.statusCode()).isEqualTo(403);
    assertThat(json(put).get("message").asText()).contains("VIEWER").contains("EDITOR");
    assertThat(it.call(it.service, "DELETE", "/api/v1/slos/" + id, viewer, null).statusCode())
        .isEqualTo(403);
    assertThat(it.call(it.service, "GET", "/api/v1/slos/" + id, otherAdmin, null).statusCode())
        .isEqualTo(404);
    assertThat(it.call(it.service, "PUT", "/api/v1/slos/" + id, otherAdmin, changed).statusCode())
        .isEqualTo(404);
    HttpResponse<String> still = it.call(it.service, "GET", "/api/v1/slos/" + id, viewer, null);
    assertThat(json(still).get("objective").asDouble()).isEqualTo(0.999);
  }

  @Test
  void should_throttleRepeatedFailures_andAnswerUnknownEmailsLikeWrongPasswords() throws Exception {
    String email = it.user(it.tenantA, Role.VIEWER);
    HttpResponse<String> unknown =
        it.call(
            it.service,
            "POST",
            "/api/v1/auth/login",
            Caller.ANONYMOUS,
            "{\"email\":\"nobody-"
                + it.suffix
                + "@example.com\",\"password\":\"whatever-123456\"}");
    HttpResponse<String> wrongPassword = null;
    for (int i = 0; i < 5; i++) {
      wrongPassword =
          it.call(
              it.service,
              "POST",
              "/api/v1/auth/login",
              Caller.ANONYMOUS,
              "{\"email\":\"" + email + "\",\"password\":\"wrong password!\"}");
      assertThat(wrongPassword.statusCode()).isEqualTo(401);
    }
    assertThat(unknown.statusCode()).isEqualTo(401);
    assertThat(unknown.body()).isEqualTo(wrongPassword.body());
    HttpResponse<String> throttled =
        it.call(
            it.service,
            "POST",
            "/api/v1/auth/login",
            Caller.ANONYMOUS,
            "{\"email\":\"" + email + "\",\"password\":\"" + IdentityItServer.PASSWORD + "\"}");
    assertThat(throttled.statusCode()).isEqualTo(429);
    assertThat(throttled.headers().firstValue("Retry-After")).isPresent();
    assertThat(throttled.headers().firstValue("Set-Cookie")).isEmpty();
  }

  @Test
  void should_nameTheMissingField_whenSigningIn() throws Exception {
    HttpResponse<String> r =
        it.call(
            it.service, "POST", "/api/v1/auth/login", Caller.ANONYMOUS, "{\"email\":\"a@b.c\"}");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).get("message").asText()).contains("password");
  }

  @Test
  void should_markTheCookieSecure_onlyWhenATrustedProxySaysHttps() throws Exception {
    String email = it.user(it.tenantA, Role.VIEWER);
    String login =
        "{\"email\":\"" + email + "\",\"password\":\"" + IdentityItServer.PASSWORD + "\"}";
    IdentityConfig d = IdentityConfig.defaults();
    try (QueryServer behindProxy =
        it.newServer(
            new IdentityConfig(
                d.sessionIdle(),
                d.sessionMax(),
                d.hashThreads(),
                d.argon2MemoryKib(),
                d.inviteTtl(),
                null,
                Set.of("127.0.0.1")))) {
      assertThat(cookie(behindProxy, login, "https")).contains("; Secure");
      assertThat(cookie(behindProxy, login, null)).doesNotContain("Secure");
      assertThat(cookie(it.service, login, "https"))
          .as("the header of an untrusted peer is ignored")
          .doesNotContain("Secure");
    }
  }

  static String cookie(QueryServer s, String login, String forwardedProto) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(it.base(s) + "/api/v1/auth/login"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(login));
    if (forwardedProto != null) {
      b.header("X-Forwarded-Proto", forwardedProto);
    }
    HttpResponse<String> r =
        IdentityItServer.HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r.headers().firstValue("Set-Cookie").orElseThrow();
  }
}
