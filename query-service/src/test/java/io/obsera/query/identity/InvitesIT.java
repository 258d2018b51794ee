package io.obsera.query.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.obsera.model.Json;
import io.obsera.model.control.Role;
import io.obsera.query.identity.IdentityItServer.Caller;
import io.obsera.testing.ObseraServersExtension;
import io.obsera.testing.TestTenants;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Invites and members through the API: single use, revocable, renewable; the last admin stays. */
@ExtendWith(ObseraServersExtension.class)
class InvitesIT {
  static IdentityItServer it;
  static Caller admin;

  @BeforeAll
  static void start() throws Exception {
    it = new IdentityItServer();
    TestTenants.createWithKey(it.kafka, it.tenantA, Set.of(io.obsera.model.control.Scope.INGEST));
    admin = it.signIn(it.service, "admin", it.user(it.tenantA, Role.ADMIN));
  }

  @AfterAll
  static void stop() {
    it.service.close();
  }

  static JsonNode json(HttpResponse<String> r) throws Exception {
    return Json.MAPPER.readTree(r.body());
  }

  static String email() {
    return "inv-" + UUID.randomUUID() + "@example.com";
  }

  static String tokenOf(JsonNode invite) {
    String url = invite.get("inviteUrl").asText();
    return url.substring(url.lastIndexOf('/') + 1);
  }

  static HttpResponse<String> accept(String token, String body) throws Exception {
    return it.call(
        it.service, "POST", "/api/v1/invites/" + token + "/accept", Caller.ANONYMOUS, body);
  }

  @Test
  void should_signTheInviteeIn_once_withTheInvitedRole() throws Exception {
    String email = email();
    HttpResponse<String> created =
        it.call(
            it.service,
            "POST",
            "/api/v1/invites",
            admin,
            "{\"email\":\"" + email + "\",\"role\":\"editor\"}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode invite = json(created);
    assertThat(invite.get("role").asText()).isEqualTo("EDITOR");
    assertThat(invite.get("inviteUrl").asText()).startsWith(it.base(it.service) + "/invite/");
    String token = tokenOf(invite);

    HttpResponse<String> peek =
        it.call(it.service, "GET", "/api/v1/invites/" + token, Caller.ANONYMOUS, null);
    assertThat(peek.statusCode()).isEqualTo(200);
    assertThat(json(peek).get("email").asText()).isEqualTo(email);
    assertThat(json(peek).get("tenant").asText()).isEqualTo(it.tenantA);

    assertThat(accept(token, "{\"name\":\"New\",\"password\":\"short\"}").statusCode())
        .isEqualTo(400);
    HttpResponse<String> accepted =
        accept(token, "{\"name\":\"New\",\"password\":\"" + IdentityItServer.PASSWORD + "\"}");
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
    assertThat(json(accepted).get("role").asText()).isEqualTo("EDITOR");
    assertThat(accepted.headers().firstValue("Set-Cookie").orElseThrow()).contains("HttpOnly");

    HttpResponse<String> again =
        accept(token, "{\"name\":\"New\",\"password\":\"" + IdentityItServer.PASSWORD + "\"}");
    assertThat(again.statusCode()).isEqualTo(410);
    assertThat(json(again).get("message").asText()).contains("accepted");
    assertThat(it.call(it.service, "GET", "/api/v1/members", admin, null).body())
        .contains(email)
        .contains("EDITOR");
    HttpResponse<String> duplicate =
        it.call(
            it.service,
            "POST",
            "/api/v1/invites",
            admin,
            "{\"email\":\"" + email.toUpperCase() + "\",\"role\":\"VIEWER\"}");
    assertThat(duplicate.statusCode()).isEqualTo(409);
    assertThat(json(duplicate).get("message").asText()).contains("already a member");
  }

  @Test
  void should_refuseRevokedAndReplacedLinks_andUnknownOnes() throws Exception {
    JsonNode invite =
        json(
            it.call(
                it.service,
                "POST",
                "/api/v1/invites",
                admin,
                "{\"email\":\"" + email() + "\",\"role\":\"VIEWER\"}"));
    String first = tokenOf(invite);
    String id = invite.get("id").asText();
    HttpResponse<String> resent =
        it.call(it.service, "POST", "/api/v1/invites/" + id + "/resend", admin, null);
    assertThat(resent.statusCode()).isEqualTo(200);
    String second = tokenOf(json(resent));
    assertThat(second).isNotEqualTo(first);
    assertThat(
            it.call(it.service, "GET", "/api/v1/invites/" + first, Caller.ANONYMOUS, null)
                .statusCode())
        .as("the old link")
        .isEqualTo(404);
    assertThat(it.call(it.service, "GET", "/api/v1/invites", admin, null).body()).contains(id);
    assertThat(it.call(it.service, "DELETE", "/api/v1/invites/" + id, admin, null).statusCode())
        .isEqualTo(204);
    HttpResponse<String> revoked =
        accept(second, "{\"name\":\"X\",\"password\":\"" + IdentityItServer.PASSWORD + "\"}");
    assertThat(revoked.statusCode()).isEqualTo(410);
    assertThat(json(revoked).get("message").asText()).contains("revoked");
    assertThat(
            it.call(it.service, "GET", "/api/v1/invites/" + "A".repeat(43), Caller.ANONYMOUS, null)
                .statusCode())
        .isEqualTo(404);
  }

  @Test
  void should_keepTheLastAdmin_andCutARemovedMemberOff() throws Exception {
    String tenant = "solo-" + it.suffix;
    TestTenants.createWithKey(it.kafka, tenant, Set.of(io.obsera.model.control.Scope.INGEST));
    String adminEmail = it.user(tenant, Role.ADMIN);
    Caller solo = it.signIn(it.service, "solo admin", adminEmail);
    String soloId = it.service.identity().directory().userByEmail(adminEmail).orElseThrow().id();
    HttpResponse<String> demote =
        it.call(it.service, "PUT", "/api/v1/members/" + soloId, solo, "{\"role\":\"VIEWER\"}");
    assertThat(demote.statusCode()).isEqualTo(409);
    assertThat(it.call(it.service, "DELETE", "/api/v1/members/" + soloId, solo, null).statusCode())
        .isEqualTo(409);
    assertThat(it.call(it.service, "GET", "/api/v1/me", solo, null).body()).contains("ADMIN");

    String viewerEmail = it.user(tenant, Role.VIEWER);
    Caller viewer = it.signIn(it.service, "viewer", viewerEmail);
    String viewerId = it.service.identity().directory().userByEmail(viewerEmail).orElseThrow().id();
    HttpResponse<String> promoted =
        it.call(it.service, "PUT", "/api/v1/members/" + viewerId, solo, "{\"role\":\"EDITOR\"}");
    assertThat(promoted.statusCode()).as(promoted.body()).isEqualTo(200);
    assertThat(it.call(it.service, "GET", "/api/v1/me", viewer, null).body()).contains("EDITOR");
    assertThat(
            it.call(it.service, "DELETE", "/api/v1/members/" + viewerId, solo, null).statusCode())
        .isEqualTo(204);
    assertThat(it.call(it.service, "GET", "/api/v1/me", viewer, null).statusCode()).isEqualTo(401);
    // made a member again (as by a new invite): the session from before the removal stays ended
    it.service.identity().setRole(tenant, viewerId, Role.VIEWER, "test");
    Caller again = it.signIn(it.service, "viewer again", viewerEmail);
    assertThat(it.call(it.service, "GET", "/api/v1/me", again, null).statusCode()).isEqualTo(200);
    assertThat(it.call(it.service, "GET", "/api/v1/me", viewer, null).statusCode())
        .as("a session from before the removal")
        .isEqualTo(401);
    assertThat(
            it.call(it.service, "DELETE", "/api/v1/members/" + viewerId, admin, null).statusCode())
        .as("another tenant's admin")
        .isEqualTo(404);
  }

  @Test
  void should_letTheOperatorInviteATenantsFirstAdmin() throws Exception {
    Caller operator = new Caller("operator", it.adminToken, null, null);
    HttpResponse<String> created =
        it.call(
            it.service,
            "POST",
            "/api/v1/admin/tenants/" + it.tenantA + "/invites",
            operator,
            "{\"email\":\"" + email() + "\",\"role\":\"ADMIN\"}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    HttpResponse<String> accepted =
        accept(
            tokenOf(json(created)),
            "{\"name\":\"Op\",\"password\":\"" + IdentityItServer.PASSWORD + "\"}");
    assertThat(json(accepted).get("role").asText()).isEqualTo("ADMIN");
    assertThat(
            it.call(
                    it.service,
                    "POST",
                    "/api/v1/admin/tenants/no-such-tenant-" + it.suffix + "/invites",
                    operator,
                    "{\"email\":\"" + email() + "\",\"role\":\"ADMIN\"}")
                .statusCode())
        .isEqualTo(404);
  }
}
