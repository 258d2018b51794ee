package io.obsera.query.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.obsera.model.Json;
import io.obsera.model.control.Role;
import io.obsera.model.control.Scope;
import io.obsera.query.identity.IdentityItServer.Caller;
import io.obsera.testing.ObseraServersExtension;
import io.obsera.testing.TestTenants;
import java.net.http.HttpResponse;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A tenant admin issues and revokes the tenant's own keys, each with a role. */
@ExtendWith(ObseraServersExtension.class)
class TenantKeysIT {
  static final String SLO =
      "{\"id\":\"k-slo\",\"name\":\"Checkout\",\"kind\":\"availability\","
          + "\"service\":\"checkout\",\"objective\":0.999,\"period\":\"ROLLING_30D\"}";
  static IdentityItServer it;
  static Caller admin;

  @BeforeAll
  static void start() throws Exception {
    it = new IdentityItServer();
    TestTenants.createWithKey(it.kafka, it.tenantA, Set.of(Scope.INGEST));
    TestTenants.createWithKey(it.kafka, it.tenantB, Set.of(Scope.INGEST));
    admin = it.signIn(it.service, "admin", it.user(it.tenantA, Role.ADMIN));
  }

  @AfterAll
  static void stop() {
    it.service.close();
  }

  static JsonNode json(HttpResponse<String> r) throws Exception {
    return Json.MAPPER.readTree(r.body());
  }

  @Test
  void should_issueAViewerKeyByDefault_showItsSecretOnce_andRevokeIt() throws Exception {
    HttpResponse<String> issued =
        it.call(it.service, "POST", "/api/v1/keys", admin, "{\"name\":\"dashboards\"}");
    assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
    JsonNode key = json(issued);
    assertThat(key.get("role").asText()).isEqualTo("VIEWER");
    Caller viewerKey = new Caller("viewer key", key.get("key").asText(), null, null);
    assertThat(it.call(it.service, "GET", "/api/v1/slos", viewerKey, null).statusCode())
        .isEqualTo(200);
    assertThat(it.call(it.service, "POST", "/api/v1/slos", viewerKey, SLO).statusCode())
        .isEqualTo(403);

    HttpResponse<String> list = it.call(it.service, "GET", "/api/v1/keys", admin, null);
    assertThat(list.body()).contains(key.get("keyId").asText()).doesNotContain(viewerKey.bearer());
    assertThat(json(list).get("items").get(0).has("key")).isFalse();

    Caller otherAdmin = it.signIn(it.service, "other admin", it.user(it.tenantB, Role.ADMIN));
    String path = "/api/v1/keys/" + key.get("keyId").asText();
    assertThat(it.call(it.service, "DELETE", path, otherAdmin, null).statusCode()).isEqualTo(404);
    assertThat(it.call(it.service, "GET", "/api/v1/slos", viewerKey, null).statusCode())
        .isEqualTo(200);
    assertThat(it.call(it.service, "DELETE", path, admin, null).statusCode()).isEqualTo(204);
    assertThat(it.call(it.service, "GET", "/api/v1/slos", viewerKey, null).statusCode())
        .isEqualTo(401);
  }

  @Test
  void should_issueAnEditorKey_andRefuseProbeKeysAndRolesWithoutQuery() throws Exception {
    JsonNode editor =
        json(
            it.call(
                it.service,
                "POST",
                "/api/v1/keys",
                admin,
                "{\"scopes\":[\"query\"],\"role\":\"EDITOR\"}"));
    Caller editorKey = new Caller("editor key", editor.get("key").asText(), null, null);
    assertThat(it.call(it.service, "POST", "/api/v1/slos", editorKey, SLO).statusCode())
        .isEqualTo(201);
    assertThat(it.call(it.service, "GET", "/api/v1/keys", editorKey, null).statusCode())
        .as("an editor key does not manage keys")
        .isEqualTo(403);
    assertThat(
            it.call(it.service, "POST", "/api/v1/keys", admin, "{\"scopes\":[\"probe\"]}")
                .statusCode())
        .isEqualTo(403);
    HttpResponse<String> ingestWithRole =
        it.call(
            it.service,
            "POST",
            "/api/v1/keys",
            admin,
            "{\"scopes\":[\"ingest\"],\"role\":\"ADMIN\"}");
    assertThat(ingestWithRole.statusCode()).isEqualTo(400);
    assertThat(json(ingestWithRole).get("message").asText()).contains("role");
    assertThat(
            it.call(it.service, "POST", "/api/v1/keys", admin, "{\"role\":\"OWNER\"}").statusCode())
        .isEqualTo(400);
  }
}
