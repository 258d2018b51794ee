package io.obsera.query.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.obsera.model.Json;
import io.obsera.model.Topics;
import io.obsera.model.audit.AuditEvent;
import io.obsera.model.control.Role;
import io.obsera.model.control.Scope;
import io.obsera.query.audit.AuditTrail;
import io.obsera.query.identity.IdentityItServer.Caller;
import io.obsera.testing.ObseraServersExtension;
import io.obsera.testing.TestKafka;
import io.obsera.testing.TestTenants;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every change, sign-in (success and failure), invite, role change, key issuance and SQL query of a
 * tenant lands in {@code obsera.audit} exactly once with its actor and no secret; admins read their
 * tenant's entries (rows as the writer stores them) with filters, paging and CSV.
 */
@ExtendWith(ObseraServersExtension.class)
class AuditIT {
  static final String SLO =
      "{\"id\":\"audited\",\"name\":\"Checkout\",\"kind\":\"availability\","
          + "\"service\":\"checkout\",\"objective\":0.999,\"period\":\"ROLLING_30D\"}";
  static IdentityItServer it;

  @BeforeAll
  static void start() throws Exception {
    it = new IdentityItServer();
    TestTenants.createWithKey(it.kafka, it.tenantA, Set.of(Scope.INGEST));
  }

  @AfterAll
  static void stop() {
    it.service.close();
  }

  /** Waits (up to 20 s) until the audit log of {@code tenant} has an event that {@code matches}. */
  static void awaitEvent(String tenant, java.util.function.Predicate<AuditEvent> matches) {
    await().atMost(Duration.ofSeconds(20)).until(() -> eventsOf(tenant).stream().anyMatch(matches));
  }

  static List<AuditEvent> eventsOf(String tenant) throws Exception {
    List<AuditEvent> out = new java.util.ArrayList<>();
    for (ConsumerRecord<String, byte[]> r : TestKafka.readAll(Topics.AUDIT)) {
      if (r.key().startsWith(tenant + "|")) {
        out.add(Json.MAPPER.readValue(r.value(), AuditEvent.class));
      }
    }
    return out;
  }

  @Test
  void should_recordTheOperatorsTenantCreation_underNoTenant() throws Exception {
    String created = "audited-" + it.suffix;
    Caller operator = new Caller("operator", it.adminToken, null, null);
    assertThat(
            it.call(
                    it.service,
                    "POST",
                    "/api/v1/admin/tenants",
                    operator,
                    "{\"id\":\"" + created + "\"}")
                .statusCode())
        .isEqualTo(201);
    awaitEvent(AuditTrail.NO_TENANT, e -> e.detail() != null && e.detail().contains(created));
    AuditEvent e =
        eventsOf(AuditTrail.NO_TENANT).stream()
            .filter(x -> x.detail() != null && x.detail().contains(created))
            .findFirst()
            .orElseThrow();
    assertThat(e.action()).isEqualTo("POST /api/v1/admin/tenants");
    assertThat(e.actor()).isEqualTo("admin");
    assertThat(e.outcome()).isEqualTo(201);
    assertThat(e.detail()).doesNotContain(it.adminToken);
  }

  @Test
  void should_recordEachActionOnce_withItsActor_andNoSecret() throws Exception {
    String adminEmail = it.user(it.tenantA, Role.ADMIN);
    HttpResponse<String> failed =
        it.call(
            it.service,
            "POST",
            "/api/v1/auth/login",
            Caller.ANONYMOUS,
            "{\"email\":\"" + adminEmail + "\",\"password\":\"not-the-password-1\"}");
    assertThat(failed.statusCode()).isEqualTo(401);
    Caller admin = it.signIn(it.service, "admin", adminEmail);
    String adminId =
        "user:" + it.service.identity().directory().userByEmail(adminEmail).orElseThrow().id();
    String editorKey = it.key(it.tenantA, Role.EDITOR);
    Caller editor = new Caller("editor key", editorKey, null, null);
    assertThat(it.call(it.service, "POST", "/api/v1/slos", editor, SLO).statusCode())
        .isEqualTo(201);
    HttpResponse<String> invite =
        it.call(
            it.service,
            "POST",
            "/api/v1/invites",
            admin,
            "{\"email\":\"new-" + it.suffix + "@example.com\",\"role\":\"VIEWER\"}");
    String inviteUrl = Json.MAPPER.readTree(invite.body()).get("inviteUrl").asText();
    HttpResponse<String> key =
        it.call(it.service, "POST", "/api/v1/keys", admin, "{\"name\":\"ci\"}");
    String keySecret = Json.MAPPER.readTree(key.body()).get("key").asText();
    String viewerEmail = it.user(it.tenantA, Role.VIEWER);
    String viewerId = it.service.identity().directory().userByEmail(viewerEmail).orElseThrow().id();
    assertThat(
            it.call(
                    it.service,
                    "PUT",
                    "/api/v1/members/" + viewerId,
                    admin,
                    "{\"role\":\"EDITOR\"}")
                .statusCode())
        .isEqualTo(200);
    it.call(it.service, "POST", "/api/v1/sql", editor, "{\"sql\":\"SELECT 42 AS audited_answer\"}");

    await().atMost(Duration.ofSeconds(20)).until(() -> eventsOf(it.tenantA).size() >= 7);
    List<AuditEvent> events = eventsOf(it.tenantA);
    assertThat(events)
        .extracting(
            e ->
                e.action()
                    + " "
                    + e.actor()
                    + (e.action().endsWith("/sql") ? "" : " " + e.outcome()))
        .containsExactlyInAnyOrder(
            "POST /api/v1/auth/login email:" + adminEmail + " 401",
            "POST /api/v1/auth/login " + adminId + " 200",
            "POST /api/v1/slos key:" + editorKey.substring(4, 16) + " 201",
            "POST /api/v1/invites " + adminId + " 201",
            "POST /api/v1/keys " + adminId + " 201",
            "PUT /api/v1/members/{userId} " + adminId + " 200",
            "POST /api/v1/sql key:" + editorKey.substring(4, 16));
    assertThat(events)
        .filteredOn(e -> e.action().equals("PUT /api/v1/members/{userId}"))
        .extracting(AuditEvent::object)
        .containsExactly("userId=" + viewerId);
    assertThat(events)
        .filteredOn(e -> e.action().equals("POST /api/v1/sql"))
        .extracting(AuditEvent::detail)
        .allMatch(d -> d.contains("SELECT 42 AS audited_answer"));
    String all = Json.MAPPER.writeValueAsString(events);
    assertThat(all)
        .doesNotContain(IdentityItServer.PASSWORD)
        .doesNotContain("not-the-password-1")
        .doesNotContain(admin.session())
        .doesNotContain(admin.csrf())
        .doesNotContain(inviteUrl.substring(inviteUrl.lastIndexOf('/') + 1))
        .doesNotContain(keySecret)
        .doesNotContain(editorKey);

    // what the ClickHouse writer stores, read through the API
    AuditRows.store(it.database, it.tenantA, events);
    HttpResponse<String> byActor =
        it.call(it.service, "GET", "/api/v1/audit?limit=2&actor=" + adminId, admin, null);
    assertThat(byActor.statusCode()).as(byActor.body()).isEqualTo(200);
    JsonNode page = Json.MAPPER.readTree(byActor.body());
    assertThat(page.get("items")).hasSize(2);
    HttpResponse<String> next =
        it.call(
            it.service,
            "GET",
            "/api/v1/audit?limit=2&actor=" + adminId + "&cursor=" + page.get("nextCursor").asText(),
            admin,
            null);
    JsonNode rest = Json.MAPPER.readTree(next.body());
    assertThat(rest.get("items")).hasSize(2);
    assertThat(rest.get("nextCursor").isNull()).isTrue();
    HttpResponse<String> csv =
        it.call(
            it.service, "GET", "/api/v1/audit?format=csv&action=POST%20/api/v1/sql", admin, null);
    assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
    assertThat(csv.body().lines()).hasSize(2);
    assertThat(csv.body()).contains("audited_answer");
    Caller otherAdmin = it.signIn(it.service, "other admin", it.user(it.tenantB, Role.ADMIN));
    assertThat(
            Json.MAPPER
                .readTree(it.call(it.service, "GET", "/api/v1/audit", otherAdmin, null).body())
                .get("items"))
        .isEmpty();
  }
}
