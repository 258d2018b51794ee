package io.obsera.query.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.obsera.model.Json;
import io.obsera.model.control.Role;
import io.obsera.model.control.Scope;
import io.obsera.query.identity.IdentityItServer.Caller;
import io.obsera.testing.ObseraServersExtension;
import io.obsera.testing.TestTenants;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A tenant's own settings ({@code GET|PUT /api/v1/settings}): any member reads them, an admin sets
 * time zone and retention within the operator's bound (OBSERA_QUOTA_MAX_RETENTION_DAYS, 90 by
 * default), which the operator's admin API is not held to; every change is audited.
 */
@ExtendWith(ObseraServersExtension.class)
class TenantSettingsIT {
  static IdentityItServer it;
  static Caller admin;
  static Caller viewer;

  @BeforeAll
  static void start() throws Exception {
    it = new IdentityItServer();
    TestTenants.createWithKey(it.kafka, it.tenantA, Set.of(Scope.INGEST));
    admin = it.signIn(it.service, "admin", it.user(it.tenantA, Role.ADMIN));
    viewer = it.signIn(it.service, "viewer", it.user(it.tenantA, Role.VIEWER));
  }

  @AfterAll
  static void stop() {
    it.service.close();
  }

  static JsonNode json(HttpResponse<String> r) throws Exception {
    return Json.MAPPER.readTree(r.body());
  }

  HttpResponse<String> put(Caller c, String body) throws Exception {
    return it.call(it.service, "PUT", "/api/v1/settings", c, body);
  }

  @Test
  void should_letAnAdminSetZoneAndRetention_andEveryMemberReadThem_auditingTheChange()
      throws Exception {
    HttpResponse<String> before = it.call(it.service, "GET", "/api/v1/settings", viewer, null);
    assertThat(before.statusCode()).as(before.body()).isEqualTo(200);
    assertThat(json(before).get("maxRetentionDays").asInt()).isEqualTo(90);

    HttpResponse<String> set = put(admin, "{\"timeZone\":\"Europe/Berlin\",\"retentionDays\":45}");
    assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
    JsonNode after = json(it.call(it.service, "GET", "/api/v1/settings", viewer, null));
    assertThat(after.get("timeZone").asText()).isEqualTo("Europe/Berlin");
    assertThat(after.get("retentionDays").asInt()).isEqualTo(45);

    HttpResponse<String> byViewer = put(viewer, "{\"retentionDays\":10}");
    assertThat(byViewer.statusCode()).isEqualTo(403);

    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                AuditIT.eventsOf(it.tenantA).stream()
                    .anyMatch(
                        e ->
                            e.action().equals("PUT /api/v1/settings")
                                && e.outcome() == 200
                                && e.detail().contains("Europe/Berlin")));
  }

  @Test
  void should_refuseRetentionAboveTheOperatorsBound_namingTheField_butNotForTheOperator()
      throws Exception {
    HttpResponse<String> tooLong = put(admin, "{\"retentionDays\":400}");
    assertThat(tooLong.statusCode()).isEqualTo(400);
    assertThat(json(tooLong).get("message").asText()).contains("'retentionDays'").contains("90");

    HttpResponse<String> badZone = put(admin, "{\"timeZone\":\"Mars/Olympus\"}");
    assertThat(badZone.statusCode()).isEqualTo(400);
    assertThat(json(badZone).get("message").asText()).contains("'timeZone'");

    HttpResponse<String> notANumber = put(admin, "{\"retentionDays\":\"long\"}");
    assertThat(notANumber.statusCode()).isEqualTo(400);
    assertThat(json(notANumber).get("message").asText()).contains("'retentionDays'");

    HttpResponse<String> unknown = put(admin, "{\"retention\":7}");
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(json(unknown).get("message").asText()).contains("retention");

    Caller operator = new Caller("operator", it.adminToken, null, null);
    HttpResponse<String> byOperator =
        it.call(
            it.service,
            "PUT",
            "/api/v1/admin/tenants/" + it.tenantA + "/retention",
            operator,
            "{\"days\":400}");
    assertThat(byOperator.statusCode()).as(byOperator.body()).isEqualTo(200);

    HttpResponse<String> zoneOnly = put(admin, "{\"timeZone\":\"America/New_York\"}");
    assertThat(zoneOnly.statusCode())
        .as("the operator's longer retention stays while the admin changes the zone")
        .isEqualTo(200);
    assertThat(json(zoneOnly).get("retentionDays").asInt()).isEqualTo(400);
    assertThat(json(zoneOnly).get("timeZone").asText()).isEqualTo("America/New_York");

    HttpResponse<String> back = put(admin, "{\"retentionDays\":null}");
    assertThat(back.statusCode()).as(back.body()).isEqualTo(200);
    assertThat(json(back).get("retentionDays").isNull()).isTrue();
  }
}
