package io.obsera.query.quota;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.obsera.model.ClickHouseSettings;
import io.obsera.model.Json;
import io.obsera.model.Topics;
import io.obsera.model.control.EndpointDefinition;
import io.obsera.model.control.Scope;
import io.obsera.platform.control.ControlPlaneWriter;
import io.obsera.platform.kafka.TopicProvisioner;
import io.obsera.query.QueryConfig;
import io.obsera.query.QueryServer;
import io.obsera.schema.SchemaMigrator;
import io.obsera.testing.ObseraServersExtension;
import io.obsera.testing.SharedServers;
import io.obsera.testing.TestApi;
import io.obsera.testing.TestClickHouse;
import io.obsera.testing.TestControlKeys;
import io.obsera.testing.TestTenants;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Tenant quotas over real HTTP, on the shared Kafka and ClickHouse: every kind of object the API
 * creates stops at its quota with a 429 naming it (another tenant unaffected), probe intervals
 * below the quota are refused and slowed down in the agents' assignments, log and trace searches
 * over the maximum range are 400, and {@code GET /api/v1/quotas} reports limits and usage.
 */
@ExtendWith(ObseraServersExtension.class)
class QuotasIT {
  static final Map<String, String> SMALL =
      Map.of(
          "OBSERA_QUOTA_ENDPOINTS", "2",
          "OBSERA_QUOTA_MIN_PROBE_INTERVAL_MS", "5000",
          "OBSERA_QUOTA_SLOS", "1",
          "OBSERA_QUOTA_ALERT_RULES", "1",
          "OBSERA_QUOTA_CHANNELS", "1",
          "OBSERA_QUOTA_SILENCES", "1",
          "OBSERA_QUOTA_DASHBOARDS", "1",
          "OBSERA_QUOTA_PANELS_PER_DASHBOARD", "2",
          "OBSERA_QUOTA_MAX_SEARCH_DAYS", "7");

  static QueryServer service;
  static String base;

  @BeforeAll
  static void start() throws Exception {
    String kafka = SharedServers.kafkaBootstrap();
    TopicProvisioner.ensure(kafka, Map.of(), Topics.all(2));
    String db = TestClickHouse.createDatabase("quota");
    try (var client = TestClickHouse.adminClient()) {
      new SchemaMigrator(client, db).migrate();
    }
    SharedServers.ClickHouseEndpoint e = SharedServers.clickHouse();
    service =
        new QueryServer(
                new QueryConfig(
                        "127.0.0.1",
                        0,
                        kafka,
                        new ClickHouseSettings(e.httpUrl(), e.user(), e.password(), db),
                        "admin-token-" + UUID.randomUUID(),
                        "obsera-streams",
                        Map.of(),
                        TestControlKeys.trust())
                    .withQuotas(TenantQuotas.fromEnv(SMALL)))
            .start();
    base = "http://127.0.0.1:" + service.port();
  }

  @AfterAll
  static void stop() {
    service.close();
  }

  @Test
  void should_refuseEachKindOfObjectOverItsQuota_with429NamingIt_andReportUsage() throws Exception {
    String a = tenantKey("quota-a", Scope.QUERY);
    String b = tenantKey("quota-b", Scope.QUERY);

    expect(201, "PUT", "/api/v1/endpoints/one", a, endpoint(10_000));
    expect(201, "PUT", "/api/v1/endpoints/two", a, endpoint(10_000));
    assertQuota(call("PUT", "/api/v1/endpoints/three", a, endpoint(10_000)), "endpoints", 2);
    expect(200, "PUT", "/api/v1/endpoints/two", a, endpoint(20_000)); // replacing is no new one
    expect(201, "PUT", "/api/v1/endpoints/three", b, endpoint(10_000)); // other tenants unaffected

    expect(201, "POST", "/api/v1/slos", a, slo("s1"));
    assertQuota(call("POST", "/api/v1/slos", a, slo("s2")), "slos", 1);

    expect(201, "POST", "/api/v1/alert-rules", a, rule("r1"));
    assertQuota(call("POST", "/api/v1/alert-rules", a, rule("r2")), "alertRules", 1);

    expect(201, "POST", "/api/v1/channels", a, channel("c1"));
    assertQuota(call("POST", "/api/v1/channels", a, channel("c2")), "channels", 1);

    JsonNode silence = TestApi.json(expect(201, "POST", "/api/v1/silences", a, silence()));
    assertQuota(call("POST", "/api/v1/silences", a, silence()), "silences", 1);

    expect(201, "POST", "/api/v1/dashboards", a, dashboard("d1", 2));
    assertQuota(call("POST", "/api/v1/dashboards", a, dashboard("d2", 1)), "dashboards", 1);
    assertQuota(call("POST", "/api/v1/dashboards", b, dashboard("d3", 3)), "panelsPerDashboard", 2);
    assertQuota(
        call("PUT", "/api/v1/dashboards/d1", a, dashboard("d1", 3)), "panelsPerDashboard", 2);

    JsonNode usage = TestApi.json(expect(200, "GET", "/api/v1/quotas", a, null));
    assertThat(usage.at("/objects/endpoints/limit").asInt()).isEqualTo(2);
    assertThat(usage.at("/objects/endpoints/used").asInt()).isEqualTo(2);
    for (String kind : new String[] {"slos", "alertRules", "channels", "silences", "dashboards"}) {
      assertThat(usage.at("/objects/" + kind + "/used").asInt()).as(kind).isEqualTo(1);
      assertThat(usage.at("/objects/" + kind + "/limit").asInt()).as(kind).isEqualTo(1);
    }
    assertThat(usage.at("/objects/statusPages/limit").asInt()).isEqualTo(1);
    assertThat(usage.at("/panelsPerDashboard/used").asInt()).isEqualTo(2);
    assertThat(usage.at("/panelsPerDashboard/limit").asInt()).isEqualTo(2);
    assertThat(usage.at("/concurrentQueries/used").asInt()).isZero();
    assertThat(usage.at("/minProbeIntervalMs").asLong()).isEqualTo(5000);
    assertThat(usage.at("/maxSearchDays").asInt()).isEqualTo(7);
    assertThat(
            TestApi.json(expect(200, "GET", "/api/v1/quotas", b, null))
                .at("/objects/endpoints/used")
                .asInt())
        .isEqualTo(1);

    // room again once one is gone: deleted endpoints, expired silences
    expect(204, "DELETE", "/api/v1/endpoints/one", a, null);
    expect(201, "PUT", "/api/v1/endpoints/three", a, endpoint(10_000));
    expect(200, "DELETE", "/api/v1/silences/" + silence.get("id").asText(), a, null);
    expect(201, "POST", "/api/v1/silences", a, silence());
  }

  @Test
  void should_refuseProbeIntervalsBelowTheQuota_andSlowDownStoredOnesInAssignments()
      throws Exception {
    String tenant = "quota-p-" + UUID.randomUUID().toString().substring(0, 8);
    String key =
        TestTenants.createWithKey(SharedServers.kafkaBootstrap(), tenant, Set.of(Scope.QUERY))
            .token();
    awaitKey(key);
    String region = "quota-" + tenant.substring(8);
    String probe =
        TestTenants.createWithProbeKey(
                SharedServers.kafkaBootstrap(), tenant + "-probe", Set.of(region))
            .token();

    HttpResponse<String> fast = call("PUT", "/api/v1/endpoints/fast", key, endpoint(2_000));
    assertThat(fast.statusCode()).as(fast.body()).isEqualTo(429);
    assertThat(fast.body())
        .contains("quota_exceeded", "'intervalMs'", "2000", "'minProbeIntervalMs'", "5000");
    expect(201, "PUT", "/api/v1/endpoints/ok", key, endpoint(5_000));

    // an endpoint stored before the quota was lowered is probed at the quota's interval
    EndpointDefinition old =
        Json.MAPPER
            .readValue(
                endpoint(1_000).replace("eu-west", "quota-" + tenant.substring(8)),
                EndpointDefinition.class)
            .withDefaults()
            .stamped(tenant, "old", Instant.now(), Instant.now(), "test");
    try (ControlPlaneWriter writer =
        new ControlPlaneWriter(
            SharedServers.kafkaBootstrap(), Map.of(), TestControlKeys.signer())) {
      writer.put(Topics.CONTROL_ENDPOINTS, old.key(), old);
    }
    Awaitility.await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () -> {
              HttpResponse<String> r =
                  call("GET", "/api/v1/probe/assignments?region=" + region, probe, null);
              assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
              JsonNode endpoints = TestApi.json(r).get("endpoints");
              assertThat(endpoints).hasSize(1);
              assertThat(endpoints.get(0).get("id").asText()).isEqualTo("old");
              assertThat(endpoints.get(0).get("intervalMs").asLong()).isEqualTo(5_000);
            });
  }

  @Test
  void should_answer400NamingTheMaximum_whenASearchRangeIsLongerThanTheQuota() throws Exception {
    String key = tenantKey("quota-s", Scope.QUERY);
    long now = Instant.now().getEpochSecond() * 1_000_000_000L;
    long day = 86_400_000_000_000L;

    for (String path :
        new String[] {
          "/api/v1/logs?from=0&q=x",
          "/api/v1/traces?from=0&service=checkout",
          "/api/v1/logs?from=" + (now - 8 * day) + "&to=" + now,
          "/api/v1/logs?traceId=5b8efff798038103d269b633813fc60c&from=0"
        }) {
      HttpResponse<String> r = call("GET", path, key, null);
      assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(400);
      assertThat(r.body())
          .as(path)
          .contains("parameter 'from'", "maximum search range of 7 days", "'maxSearchDays'");
    }
    for (String path :
        new String[] {
          "/api/v1/logs?q=x",
          "/api/v1/logs?from=" + (now - 7 * day) + "&to=" + now + "&q=x",
          "/api/v1/traces?from=" + (now - 6 * day) + "&service=checkout",
          "/api/v1/logs?traceId=5b8efff798038103d269b633813fc60c"
        }) {
      HttpResponse<String> r = call("GET", path, key, null);
      assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    }
  }

  static void assertQuota(HttpResponse<String> r, String quota, int limit) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(429);
    JsonNode body = TestApi.json(r);
    assertThat(body.get("error").asText()).isEqualTo("quota_exceeded");
    assertThat(body.get("message").asText())
        .contains("quota '" + quota + "'")
        .contains("allows " + limit);
  }

  static String tenantKey(String prefix, Scope scope) throws Exception {
    String tenant = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    String key =
        TestTenants.createWithKey(SharedServers.kafkaBootstrap(), tenant, Set.of(scope)).token();
    awaitKey(key);
    return key;
  }

  static void awaitKey(String key) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> call("GET", "/api/v1/quotas", key, null).statusCode() == 200);
  }

  static String endpoint(long intervalMs) {
    return "{\"name\":\"Health\",\"url\":\"https://8.8.4.4/health\",\"regions\":[\"eu-west\"],"
        + "\"intervalMs\":"
        + intervalMs
        + "}";
  }

  static String slo(String id) {
    return "{\"id\":\""
        + id
        + "\",\"name\":\"Checkout\",\"kind\":\"availability\",\"service\":\"checkout\","
        + "\"objective\":0.999,\"period\":\"ROLLING_30D\"}";
  }

  static String rule(String id) {
    return "{\"id\":\""
        + id
        + "\",\"name\":\"Errors\",\"kind\":\"threshold\",\"signal\":\"ERROR_RATE\","
        + "\"service\":\"checkout\",\"comparison\":\"above\",\"threshold\":0.05,"
        + "\"windowMs\":300000,\"forMs\":120000,\"severity\":\"page\"}";
  }

  static String channel(String id) {
    return "{\"id\":\""
        + id
        + "\",\"channel\":{\"type\":\"WEBHOOK\",\"url\":\"https://8.8.8.8/hook\",\"secret\":\"0123456789abcdef0123\"}}";
  }

  static String silence() {
    return "{\"matchers\":[{\"label\":\"slo\",\"op\":\"=\",\"value\":\"checkout\"}],\"endsAt\":\""
        + Instant.now().plus(Duration.ofHours(1))
        + "\",\"comment\":\"deploy\"}";
  }

  static String dashboard(String id, int panels) {
    StringBuilder p = new StringBuilder();
    for (int i = 0; i < panels; i++) {
      p.append(i == 0 ? "" : ",")
          .append("{\"id\":\"p")
          .append(i)
          .append("\",\"sql\":\"SELECT 1\"}");
    }
    return "{\"id\":\"" + id + "\",\"title\":\"Board\",\"panels\":[" + p + "]}";
  }

  static HttpResponse<String> expect(
      int status, String method, String path, String key, String body) throws Exception {
    HttpResponse<String> r = call(method, path, key, body);
    assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(status);
    return r;
  }

  static HttpResponse<String> call(String method, String path, String key, String body)
      throws Exception {
    return TestApi.call(method, base + path, key, body);
  }
}
