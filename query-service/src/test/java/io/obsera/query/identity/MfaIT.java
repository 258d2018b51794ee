package io.obsera.query.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.obsera.identity.IdentityConfig;
import io.obsera.identity.SessionRecord;
import io.obsera.identity.Sessions;
import io.obsera.identity.Totp;
import io.obsera.identity.UserRecord;
import io.obsera.model.Json;
import io.obsera.model.Topics;
import io.obsera.model.audit.AuditEvent;
import io.obsera.model.control.ApiKeyToken;
import io.obsera.model.control.Role;
import io.obsera.platform.control.ControlPlaneWriter;
import io.obsera.query.QueryServer;
import io.obsera.query.api.AccessRules;
import io.obsera.query.api.AccessRules.Access;
import io.obsera.query.identity.IdentityItServer.Caller;
import io.obsera.query.openapi.OpenApiRoutes;
import io.obsera.testing.ManualClock;
import io.obsera.testing.ObseraServersExtension;
import io.obsera.testing.TestControlKeys;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Multi-factor sign-in over HTTP: enrol, verify, sign in with a code or a recovery code (each good
 * once), disable with a fresh code; the tenant policy that leads members through enrolment with a
 * session that reaches nothing else; an admin's reset; and every step in the audit log without a
 * secret or a code.
 */
@ExtendWith(ObseraServersExtension.class)
class MfaIT {
  static final ManualClock clock = new ManualClock(Instant.now());
  static IdentityItServer it;
  static QueryServer server;

  /** The otpauth URI of each user {@link #enrolled}, for their next codes. */
  static final Map<String, String> otpauth = new java.util.concurrent.ConcurrentHashMap<>();

  @BeforeAll
  static void start() throws Exception {
    it = new IdentityItServer();
    it.service.close();
    server = it.newServer(IdentityConfig.defaults(), clock);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** A member of {@code tenant} with {@code role}, created on the server under test. */
  static UserRecord member(String tenant, Role role) {
    UserRecord u =
        server
            .identity()
            .createUser(
                role.name().toLowerCase() + "-" + UUID.randomUUID() + "@example.com",
                "Test",
                IdentityItServer.PASSWORD,
                "test");
    server.identity().setRole(tenant, u.id(), role, "test");
    return u;
  }

  static HttpResponse<String> login(String email, String extra) throws Exception {
    return it.call(
        server,
        "POST",
        "/api/v1/auth/login",
        Caller.ANONYMOUS,
        "{\"email\":\""
            + email
            + "\",\"password\":\""
            + IdentityItServer.PASSWORD
            + "\""
            + extra
            + "}");
  }

  static Caller session(HttpResponse<String> r) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    String cookie = r.headers().firstValue("Set-Cookie").orElseThrow();
    String token = cookie.substring(cookie.indexOf('=') + 1, cookie.indexOf(';'));
    return new Caller(
        "user", null, token, Json.MAPPER.readTree(r.body()).get("csrfToken").asText());
  }

  static String code(String otpauthUri) {
    String query = URI.create(otpauthUri).getRawQuery();
    String secret = query.substring("secret=".length(), query.indexOf('&'));
    return Totp.code(Totp.fromBase32(secret), Totp.stepAt(clock.instant()));
  }

  static JsonNode enrol(Caller c) throws Exception {
    HttpResponse<String> r = it.call(server, "POST", "/api/v1/me/totp", c, null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return Json.MAPPER.readTree(r.body());
  }

  @Test
  void should_needTheCode_onceEnrolled_andAcceptEachCodeOnce() throws Exception {
    String tenant = "mfa-" + it.suffix;
    UserRecord u = member(tenant, Role.EDITOR);
    Caller c = session(login(u.email(), ""));
    JsonNode e = enrol(c);
    String uri = e.get("otpauthUri").asText();
    assertThat(uri)
        .isEqualTo(
            "otpauth://totp/Obsera:"
                + u.email().replace("@", "%40")
                + "?secret="
                + e.get("secret").asText()
                + "&issuer=Obsera");
    List<String> recovery = new ArrayList<>();
    e.get("recoveryCodes").forEach(n -> recovery.add(n.asText()));
    assertThat(recovery).hasSize(10).doesNotHaveDuplicates();
    // not verified: the password alone still works
    assertThat(login(u.email(), "").statusCode()).isEqualTo(200);
    HttpResponse<String> wrong =
        it.call(server, "POST", "/api/v1/me/totp/verify", c, "{\"code\":\"000000\"}");
    assertThat(wrong.statusCode()).as(wrong.body()).isEqualTo(403);
    String first = code(uri);
    HttpResponse<String> verified =
        it.call(server, "POST", "/api/v1/me/totp/verify", c, "{\"code\":\"" + first + "\"}");
    assertThat(verified.statusCode()).as(verified.body()).isEqualTo(200);
    assertThat(Json.MAPPER.readTree(verified.body()).get("enabled").asBoolean()).isTrue();

    HttpResponse<String> noCode = login(u.email(), "");
    assertThat(noCode.statusCode()).isEqualTo(401);
    assertThat(Json.MAPPER.readTree(noCode.body()).get("mfaRequired").asBoolean()).isTrue();
    assertThat(noCode.headers().firstValue("Set-Cookie")).isEmpty();
    HttpResponse<String> bad = login(u.email(), ",\"totp\":\"123456\"");
    assertThat(bad.statusCode()).isEqualTo(401);
    assertThat(Json.MAPPER.readTree(bad.body()).has("mfaRequired")).isFalse();
    assertThat(bad.headers().firstValue("Set-Cookie")).isEmpty();
    // the code that verified the enrolment is spent
    assertThat(login(u.email(), ",\"totp\":\"" + first + "\"").statusCode()).isEqualTo(401);
    clock.advance(Duration.ofSeconds(30));
    String fresh = code(uri);
    Caller withCode = session(login(u.email(), ",\"totp\":\"" + fresh + "\""));
    assertThat(it.call(server, "GET", "/api/v1/me", withCode, null).statusCode()).isEqualTo(200);
    assertThat(login(u.email(), ",\"totp\":\"" + fresh + "\"").statusCode()).isEqualTo(401);

    String rc = recovery.get(0);
    session(login(u.email(), ",\"recoveryCode\":\"" + rc + "\""));
    assertThat(login(u.email(), ",\"recoveryCode\":\"" + rc + "\"").statusCode()).isEqualTo(401);
    JsonNode status =
        Json.MAPPER.readTree(it.call(server, "GET", "/api/v1/me/totp", c, null).body());
    assertThat(status.get("enabled").asBoolean()).isTrue();
    assertThat(status.get("recoveryCodesLeft").asInt()).isEqualTo(9);

    // disabling needs a fresh code (or a recovery code)
    assertThat(it.call(server, "DELETE", "/api/v1/me/totp", c, null).statusCode()).isEqualTo(403);
    assertThat(
            it.call(server, "DELETE", "/api/v1/me/totp", c, "{\"code\":\"" + fresh + "\"}")
                .statusCode())
        .isEqualTo(403);
    clock.advance(Duration.ofSeconds(30));
    String last = code(uri);
    assertThat(
            it.call(server, "DELETE", "/api/v1/me/totp", c, "{\"code\":\"" + last + "\"}")
                .statusCode())
        .isEqualTo(204);
    assertThat(login(u.email(), "").statusCode()).isEqualTo(200);

    // in the audit log: every step and failure, never a secret or a code
    AuditIT.awaitEvent(
        tenant, x -> x.action().equals("DELETE /api/v1/me/totp") && x.outcome() == 204);
    List<AuditEvent> events = AuditIT.eventsOf(tenant);
    assertThat(events)
        .extracting(x -> x.action() + " " + x.outcome())
        .contains(
            "POST /api/v1/me/totp 201",
            "POST /api/v1/me/totp/verify 403",
            "POST /api/v1/me/totp/verify 200",
            "POST /api/v1/auth/login 401",
            "DELETE /api/v1/me/totp 403",
            "DELETE /api/v1/me/totp 204");
    assertThat(events)
        .filteredOn(x -> x.action().startsWith("POST /api/v1/me/totp"))
        .extracting(AuditEvent::actor)
        .containsOnly("user:" + u.id());
    String all = Json.MAPPER.writeValueAsString(events);
    assertThat(all)
        .doesNotContain(e.get("secret").asText())
        .doesNotContain(first)
        .doesNotContain(fresh)
        .doesNotContain(last)
        .doesNotContain(IdentityItServer.PASSWORD);
    for (String r : recovery) {
      assertThat(all).doesNotContain(r);
    }
  }

  @Test
  void should_leadMembersThroughEnrolment_whenTheTenantRequiresMfa_reachingNothingElse()
      throws Exception {
    String tenant = "mfb-" + it.suffix;
    UserRecord admin = member(tenant, Role.ADMIN);
    UserRecord editor = member(tenant, Role.EDITOR);
    UserRecord viewer = member(tenant, Role.VIEWER);
    Caller adminSession = session(login(admin.email(), ""));
    Caller editorSession = session(login(editor.email(), ""));
    assertThat(
            it.call(server, "PUT", "/api/v1/auth/policy", editorSession, "{\"mfaRequired\":true}")
                .statusCode())
        .isEqualTo(403);
    HttpResponse<String> put =
        it.call(server, "PUT", "/api/v1/auth/policy", adminSession, "{\"mfaRequired\":true}");
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    assertThat(
            Json.MAPPER
                .readTree(it.call(server, "GET", "/api/v1/auth/policy", adminSession, null).body())
                .get("mfaRequired")
                .asBoolean())
        .isTrue();
    assertThat(
            it.call(server, "PUT", "/api/v1/auth/policy", adminSession, "{\"mfaRequired\":\"yes\"}")
                .statusCode())
        .isEqualTo(400);

    HttpResponse<String> in = login(viewer.email(), "");
    assertThat(Json.MAPPER.readTree(in.body()).get("mfaEnrolmentRequired").asBoolean()).isTrue();
    Caller restricted = session(in);
    JsonNode me =
        Json.MAPPER.readTree(it.call(server, "GET", "/api/v1/me", restricted, null).body());
    assertThat(me.get("mfaEnrolmentRequired").asBoolean()).isTrue();

    // every route of the document: only the enrolment routes, /me and sign-out answer
    Set<String> open =
        Set.of(
            "GET /api/v1/me",
            "GET /api/v1/me/totp",
            "POST /api/v1/me/totp",
            "POST /api/v1/me/totp/verify",
            "POST /api/v1/auth/logout");
    List<Map.Entry<String, Access>> routes =
        new ArrayList<>(AccessRules.fromOpenApi(OpenApiRoutes.document()).entrySet());
    routes.sort(
        Comparator.comparing((Map.Entry<String, Access> x) -> x.getKey().endsWith("/logout"))
            .thenComparing(Map.Entry::getKey));
    List<String> wrong = new ArrayList<>();
    for (Map.Entry<String, Access> route : routes) {
      String method = route.getKey().substring(0, route.getKey().indexOf(' '));
      String path =
          route.getKey().substring(method.length() + 1).replaceAll("\\{[^}]+}", "matrix-1");
      if (route.getValue() == Access.PUBLIC) {
        continue; // the same for everybody
      }
      String body = method.equals("GET") || method.equals("DELETE") ? null : "{}";
      int status = it.call(server, method, path, restricted, body).statusCode();
      boolean ok =
          open.contains(route.getKey())
              ? status != 401 && status != 403 && status < 500
              : route.getValue().role() == null ? status == 401 : status == 403;
      if (!ok) {
        wrong.add(route.getKey() + ": " + status);
      }
    }
    assertThat(wrong).isEmpty();
    assertThat(it.call(server, "GET", "/api/v1/me", restricted, null).statusCode())
        .isEqualTo(401); // signed out last

    Caller again = session(login(viewer.email(), ""));
    JsonNode e = enrol(again);
    HttpResponse<String> verified =
        it.call(
            server,
            "POST",
            "/api/v1/me/totp/verify",
            again,
            "{\"code\":\"" + code(e.get("otpauthUri").asText()) + "\"}");
    Caller full = session(verified);
    assertThat(Json.MAPPER.readTree(verified.body()).has("mfaEnrolmentRequired")).isFalse();
    assertThat(it.call(server, "GET", "/api/v1/me", again, null).statusCode()).isEqualTo(401);
    assertThat(it.call(server, "GET", "/api/v1/slos", full, null).statusCode()).isEqualTo(200);
    assertThat(it.call(server, "GET", "/api/v1/auth/policy", full, null).statusCode())
        .isEqualTo(403); // a viewer's role, no more

    // the admin without MFA: their next sign-in is restricted too
    assertThat(
            Json.MAPPER
                .readTree(login(admin.email(), "").body())
                .get("mfaEnrolmentRequired")
                .asBoolean())
        .isTrue();
    AuditIT.awaitEvent(
        tenant, x -> x.action().equals("PUT /api/v1/auth/policy") && x.outcome() == 200);
    AuditEvent policy =
        AuditIT.eventsOf(tenant).stream()
            .filter(x -> x.action().equals("PUT /api/v1/auth/policy") && x.outcome() == 200)
            .findFirst()
            .orElseThrow();
    assertThat(policy.actor()).isEqualTo("user:" + admin.id());
    assertThat(policy.after()).contains("\"mfaRequired\":true");
  }

  @Test
  void should_letAnAdminResetAMembersMfa_audited() throws Exception {
    String tenant = "mfc-" + it.suffix;
    UserRecord admin = member(tenant, Role.ADMIN);
    UserRecord editor = member(tenant, Role.EDITOR);
    Caller adminSession = session(login(admin.email(), ""));
    Caller editorSession = session(login(editor.email(), ""));
    JsonNode e = enrol(editorSession);
    it.call(
        server,
        "POST",
        "/api/v1/me/totp/verify",
        editorSession,
        "{\"code\":\"" + code(e.get("otpauthUri").asText()) + "\"}");
    assertThat(login(editor.email(), "").statusCode()).isEqualTo(401);
    String path = "/api/v1/members/" + editor.id() + "/totp";
    assertThat(it.call(server, "DELETE", path, editorSession, null).statusCode()).isEqualTo(403);
    assertThat(it.call(server, "DELETE", path, adminSession, null).statusCode()).isEqualTo(204);
    assertThat(it.call(server, "DELETE", path, adminSession, null).statusCode()).isEqualTo(404);
    assertThat(
            it.call(server, "DELETE", "/api/v1/members/u-nobody/totp", adminSession, null)
                .statusCode())
        .isEqualTo(404);
    assertThat(login(editor.email(), "").statusCode()).isEqualTo(200);
    AuditIT.awaitEvent(
        tenant,
        x -> x.action().equals("DELETE /api/v1/members/{userId}/totp") && x.outcome() == 204);
    assertThat(AuditIT.eventsOf(tenant))
        .filteredOn(x -> x.action().equals("DELETE /api/v1/members/{userId}/totp"))
        .extracting(x -> x.actor() + " " + x.object() + " " + x.outcome())
        .contains("user:" + admin.id() + " userId=" + editor.id() + " 204");
  }

  static int me(QueryServer s, Caller c) throws Exception {
    return it.call(s, "GET", "/api/v1/me", c, null).statusCode();
  }

  /** Waits (10 s at most) until {@code s} answers {@code status} to {@code c}'s {@code GET /me}. */
  static void awaitMe(QueryServer s, Caller c, int status, String what) {
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(me(s, c)).as(what).isEqualTo(status));
  }

  /** Turns MFA on for {@code u} (enrolled and verified); the session that did it. */
  static Caller enrolled(UserRecord u) throws Exception {
    Caller c = session(login(u.email(), ""));
    String uri = enrol(c).get("otpauthUri").asText();
    HttpResponse<String> verified =
        it.call(server, "POST", "/api/v1/me/totp/verify", c, "{\"code\":\"" + code(uri) + "\"}");
    assertThat(verified.statusCode()).as(verified.body()).isEqualTo(200);
    otpauth.put(u.id(), uri);
    return c;
  }

  /** A sign-in with the next unused TOTP code of {@code u}, on {@code s}. */
  static Caller signInWithCode(QueryServer s, UserRecord u) throws Exception {
    clock.advance(Duration.ofSeconds(30));
    return session(
        it.call(
            s,
            "POST",
            "/api/v1/auth/login",
            Caller.ANONYMOUS,
            "{\"email\":\""
                + u.email()
                + "\",\"password\":\""
                + IdentityItServer.PASSWORD
                + "\",\"totp\":\""
                + code(otpauth.get(u.id()))
                + "\"}"));
  }

  /** A session of {@code u} in {@code tenant} started by instance {@code s} itself. */
  static Caller startedOn(QueryServer s, UserRecord u, String tenant) {
    Sessions.Issued in = s.identity().signIn(u, tenant).session();
    return new Caller("user", null, in.token(), in.csrfToken());
  }

  static Map<String, Boolean> mfaOfMembers(Caller admin) throws Exception {
    HttpResponse<String> r = it.call(server, "GET", "/api/v1/members", admin, null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    Map<String, Boolean> out = new java.util.HashMap<>();
    Json.MAPPER
        .readTree(r.body())
        .get("items")
        .forEach(m -> out.put(m.get("userId").asText(), m.get("mfaEnabled").asBoolean()));
    return out;
  }

  @Test
  void should_endEverySessionOfTheMember_onEveryInstance_whenAnAdminResetsTheirMfa()
      throws Exception {
    String tenant = "mfd-" + it.suffix;
    UserRecord admin = member(tenant, Role.ADMIN);
    UserRecord editor = member(tenant, Role.EDITOR);
    Caller adminSession = session(login(admin.email(), ""));
    assertThat(mfaOfMembers(adminSession))
        .containsEntry(admin.id(), false)
        .containsEntry(editor.id(), false);
    try (QueryServer other = it.newServer(IdentityConfig.defaults(), clock)) {
      Caller enrolling = enrolled(editor);
      // a session started on another instance (its TOTP secrets are sealed under another key
      // than this test server's, so it signs the member in as single sign-on would)
      Caller onOther = startedOn(other, editor, tenant);
      Caller withCode = signInWithCode(server, editor);
      assertThat(mfaOfMembers(adminSession))
          .containsEntry(admin.id(), false)
          .containsEntry(editor.id(), true);
      List<Caller> before = List.of(onOther, enrolling, withCode);
      for (Caller c : before) {
        // every session works on both instances (and this instance has seen the other's)
        awaitMe(server, c, 200, "a session from before the reset, here");
        awaitMe(other, c, 200, "a session from before the reset, on the other instance");
      }
      HttpResponse<String> reset =
          it.call(server, "DELETE", "/api/v1/members/" + editor.id() + "/totp", adminSession, null);
      assertThat(reset.statusCode()).as(reset.body()).isEqualTo(204);
      for (Caller c : before) {
        assertThat(me(server, c)).as("a session from before the reset, here").isEqualTo(401);
        awaitMe(other, c, 401, "a session from before the reset, on the other instance");
      }
      assertThat(me(server, adminSession)).as("the admin's own session stays").isEqualTo(200);
    }
    // the member signs in again with the password alone
    assertThat(me(server, session(login(editor.email(), "")))).isEqualTo(200);
    assertThat(mfaOfMembers(adminSession)).containsEntry(editor.id(), false);
  }

  @Test
  void should_keepOnlyTheCallingSession_whenTheUserTurnsTheirOwnMfaOff() throws Exception {
    String tenant = "mfe-" + it.suffix;
    UserRecord viewer = member(tenant, Role.VIEWER);
    Caller enrolling = enrolled(viewer);
    Caller elsewhere = signInWithCode(server, viewer);
    Caller here = signInWithCode(server, viewer);
    clock.advance(Duration.ofSeconds(30));
    HttpResponse<String> off =
        it.call(
            server,
            "DELETE",
            "/api/v1/me/totp",
            here,
            "{\"code\":\"" + code(otpauth.get(viewer.id())) + "\"}");
    assertThat(off.statusCode()).as(off.body()).isEqualTo(204);
    assertThat(me(server, here)).as("the session that turned it off").isEqualTo(200);
    assertThat(me(server, enrolling)).isEqualTo(401);
    assertThat(me(server, elsewhere)).isEqualTo(401);
  }

  @Test
  void should_endEveryOtherSession_onEveryInstance_whenTheUserTurnsTheirOwnMfaOn()
      throws Exception {
    String tenant = "mff-" + it.suffix;
    UserRecord editor = member(tenant, Role.EDITOR);
    try (QueryServer other = it.newServer(IdentityConfig.defaults(), clock)) {
      Caller here = session(login(editor.email(), ""));
      // a session of the same account on another instance (as a stolen one would be)
      Caller stolen = it.signIn(other, "stolen", editor.email());
      for (Caller c : List.of(here, stolen)) {
        awaitMe(server, c, 200, "before MFA, here");
        awaitMe(other, c, 200, "before MFA, on the other instance");
      }
      String uri = enrol(here).get("otpauthUri").asText();
      HttpResponse<String> on =
          it.call(
              server, "POST", "/api/v1/me/totp/verify", here, "{\"code\":\"" + code(uri) + "\"}");
      assertThat(on.statusCode()).as(on.body()).isEqualTo(200);
      assertThat(me(server, here)).as("the session that turned MFA on").isEqualTo(200);
      assertThat(me(server, stolen)).as("another session, here").isEqualTo(401);
      awaitMe(other, stolen, 401, "another session, on the instance that started it");
      assertThat(me(other, here)).as("the calling session, on the other instance").isEqualTo(200);
      AuditIT.awaitEvent(
          tenant,
          x ->
              x.action().equals("POST /api/v1/me/totp/verify")
                  && x.outcome() == 200
                  && x.actor().equals("user:" + editor.id()));
    }
  }

  @Test
  void should_refuseASessionStartedElsewhereJustBeforeAnMfaReset_thatTheResettingInstanceNeverSaw()
      throws Exception {
    String tenant = "mfg-" + it.suffix;
    UserRecord admin = member(tenant, Role.ADMIN);
    UserRecord editor = member(tenant, Role.EDITOR);
    Caller adminSession = session(login(admin.email(), ""));
    enrolled(editor);
    try (QueryServer other = it.newServer(IdentityConfig.defaults(), clock);
        ControlPlaneWriter instanceB =
            new ControlPlaneWriter(it.kafka, Map.of(), TestControlKeys.signer())) {
      // instance B starts a session now, but its record reaches the topic only after the reset
      // on this instance has listed the account's sessions (the race: it was never listed)
      Caller inFlight = newToken();
      SessionRecord started = sessionOf(inFlight, editor, tenant, clock.instant());
      clock.advance(Duration.ofMillis(5));
      HttpResponse<String> reset =
          it.call(server, "DELETE", "/api/v1/members/" + editor.id() + "/totp", adminSession, null);
      assertThat(reset.statusCode()).as(reset.body()).isEqualTo(204);
      instanceB.put(Topics.CONTROL_SESSIONS, started.id(), started);
      // a session started after the reset, written after the late one into the same
      // single-partition topic: once an instance accepts it, it has read the late one too
      clock.advance(Duration.ofMillis(5));
      Caller after = newToken();
      SessionRecord later = sessionOf(after, editor, tenant, clock.instant());
      instanceB.put(Topics.CONTROL_SESSIONS, later.id(), later);
      for (QueryServer s : List.of(server, other)) {
        awaitMe(s, after, 200, "started after the reset");
        awaitMe(s, inFlight, 401, "started just before, never seen by the resetting instance");
      }
      assertThat(me(server, adminSession)).isEqualTo(200);
    }
  }

  /** A new session token (not yet stored anywhere) as a caller. */
  static Caller newToken() {
    byte[] raw = new byte[32];
    new java.security.SecureRandom().nextBytes(raw);
    String token = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    return new Caller("user", null, token, Sessions.csrfToken(token));
  }

  /** The record an instance stores for the session of {@code c} started at {@code at}. */
  static SessionRecord sessionOf(Caller c, UserRecord u, String tenant, Instant at) {
    return new SessionRecord(
        ApiKeyToken.sha256(c.session()), u.id(), tenant, at, at.plus(Duration.ofHours(1)));
  }
}
