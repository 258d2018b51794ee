package io.obsera.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.clickhouse.client.api.Client;
import com.fasterxml.jackson.databind.JsonNode;
import io.obsera.model.ClickHouseSettings;
import io.obsera.model.Json;
import io.obsera.model.Topics;
import io.obsera.platform.kafka.TopicProvisioner;
import io.obsera.schema.SchemaMigrator;
import io.obsera.testing.ObseraServersExtension;
import io.obsera.testing.SharedServers;
import io.obsera.testing.TestApi;
import io.obsera.testing.TestClickHouse;
import io.obsera.testing.TestControlKeys;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ObseraServersExtension.class)
class QueryServerIT {
  static final String ADMIN = "admin-token-" + UUID.randomUUID();
  static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
  static final String TENANT_A = "qa-" + SUFFIX;
  static final String TENANT_B = "qb-" + SUFFIX;
  static final String TRACE = "5b8efff798038103d269b633813fc60c";
  static QueryServer service;
  static String base;
  static String keyA;
  static String keyB;

  @BeforeAll
  static void start() throws Exception {
    String kafka = SharedServers.kafkaBootstrap();
    TopicProvisioner.ensure(kafka, Map.of(), Topics.all(2));
    String db = TestClickHouse.createDatabase("query");
    SharedServers.ClickHouseEndpoint e = SharedServers.clickHouse();
    ClickHouseSettings ch = new ClickHouseSettings(e.httpUrl(), e.user(), e.password(), db);
    try (Client client = TestClickHouse.adminClient()) {
      new SchemaMigrator(client, db).migrate();
      client.queryAll(
          "INSERT INTO "
              + db
              + ".otel_traces (TenantId, Timestamp, TraceId, SpanId, ParentSpanId, SpanName,"
              + " ServiceName, Duration, StatusCode, StatusMessage, SpanAttributes,"
              + " ResourceAttributes, SpanKind, Events.Timestamp, Events.Name, Events.Attributes,"
              + " Links.TraceId, Links.SpanId, Links.TraceState, Links.Attributes) VALUES"
              + " ('"
              + TENANT_A
              + "', toDateTime64('2026-11-26 10:00:00.123456789', 9, 'UTC'), '"
              + TRACE
              + "', '00f067aa0ba902b7', '',"
              + "  'GET /cart', 'frontend', 120000000, 'Error', 'boom', map('http.route', '/cart'),"
              + "  map('cloud.region', 'eu-west-1'), 'Server',"
              + "  [toDateTime64('2026-11-26 10:00:00.130000000', 9, 'UTC')], ['exception'],"
              + "  [map('exception.message', 'cart gone')], ['5b8efff798038103d269b633813fc60c'],"
              + "  ['0102030405060708'], ['k=v'], [map('link.kind', 'retry-of')]),"
              + " ('"
              + TENANT_A
              + "', toDateTime64('2026-11-26 10:00:00.200000000', 9, 'UTC'), '"
              + TRACE
              + "', '1111111111111111',"
              + "  '00f067aa0ba902b7', 'SELECT cart', 'cart', 3000000, 'Unset', '', map(), map(),"
              + "  'Client', [], [], [], [], [], [], [])");
      client.queryAll(
          "INSERT INTO "
              + db
              + ".otel_logs (TenantId, Timestamp, TraceId, SpanId, SeverityText, SeverityNumber,"
              + " ServiceName, Body, LogAttributes) VALUES ('"
              + TENANT_A
              + "', toDateTime64('2026-11-26 10:00:00.150000000', 9, 'UTC'),"
              + " '"
              + TRACE
              + "', '00f067aa0ba902b7', 'ERROR', 17, 'frontend', 'cart lookup failed', map('k', 'v')),"
              + " ('"
              + TENANT_A
              + "', toDateTime64('2026-11-26 10:00:00.300000000', 9, 'UTC'), '"
              + TRACE
              + "', '', 'INFO', 9, 'ledger', 'refund queued', map())");
    }
    service =
        new QueryServer(
                new QueryConfig(
                    "127.0.0.1",
                    0,
                    kafka,
                    ch,
                    ADMIN,
                    "obsera-streams",
                    Map.of(),
                    TestControlKeys.trust()))
            .start();
    base = "http://127.0.0.1:" + service.port();
    assertThat(
            call("POST", "/api/v1/admin/tenants", ADMIN, "{\"id\":\"" + TENANT_A + "\"}")
                .statusCode())
        .isEqualTo(201);
    assertThat(
            call("POST", "/api/v1/admin/tenants", ADMIN, "{\"id\":\"" + TENANT_B + "\"}")
                .statusCode())
        .isEqualTo(201);
    keyA =
        json(call(
                "POST",
                "/api/v1/admin/tenants/" + TENANT_A + "/keys",
                ADMIN,
                "{\"scopes\":[\"query\"]}"))
            .get("key")
            .asText();
    keyB =
        json(call("POST", "/api/v1/admin/tenants/" + TENANT_B + "/keys", ADMIN, "{}"))
            .get("key")
            .asText();
  }

  @AfterAll
  static void stop() {
    service.close();
  }

  static HttpResponse<String> call(String method, String path, String token, String body)
      throws Exception {
    return TestApi.call(method, base + path, token, body);
  }

  static JsonNode json(HttpResponse<String> r) throws Exception {
    return Json.MAPPER.readTree(r.body());
  }

  @Test
  void should_returnTraceWithSpansAndLogs_inTheDocumentedShape() throws Exception {
    HttpResponse<String> r = call("GET", "/api/v1/traces/" + TRACE, keyA, null);
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode t = json(r);
    assertThat(t.get("traceId").asText()).isEqualTo(TRACE);
    assertThat(t.get("spans")).hasSize(2);
    JsonNode root = t.get("spans").get(0);
    assertThat(root.get("spanId").asText()).isEqualTo("00f067aa0ba902b7");
    assertThat(root.get("parentSpanId").asText()).isEmpty();
    assertThat(root.get("name").asText()).isEqualTo("GET /cart");
    assertThat(root.get("serviceName").asText()).isEqualTo("frontend");
    assertThat(root.get("startTimeUnixNano").isTextual()).isTrue();
    assertThat(root.get("startTimeUnixNano").asText()).isEqualTo("1795687200123456789");
    assertThat(root.get("durationNanos").asText()).isEqualTo("120000000");
    assertThat(root.get("status").get("code").asText()).isEqualTo("Error");
    assertThat(root.get("status").get("message").asText()).isEqualTo("boom");
    assertThat(root.get("attributes").get("http.route").asText()).isEqualTo("/cart");
    assertThat(root.get("kind").asText()).isEqualTo("Server");
    assertThat(root.get("resource").get("cloud.region").asText()).isEqualTo("eu-west-1");
    JsonNode event = root.get("events").get(0);
    assertThat(event.get("timeUnixNano").asText()).isEqualTo("1795687200130000000");
    assertThat(event.get("name").asText()).isEqualTo("exception");
    assertThat(event.get("attributes").get("exception.message").asText()).isEqualTo("cart gone");
    JsonNode link = root.get("spanLinks").get(0);
    assertThat(link.get("traceId").asText()).isEqualTo("5b8efff798038103d269b633813fc60c");
    assertThat(link.get("spanId").asText()).isEqualTo("0102030405060708");
    assertThat(link.get("traceState").asText()).isEqualTo("k=v");
    assertThat(link.get("attributes").get("link.kind").asText()).isEqualTo("retry-of");
    assertThat(t.get("spans").get(1).get("events")).isEmpty();
    assertThat(t.get("spans").get(1).get("spanLinks")).isEmpty();
    assertThat(t.get("spans").get(1).get("parentSpanId").asText()).isEqualTo("00f067aa0ba902b7");
    JsonNode log = t.get("logs").get(0);
    assertThat(log.get("timeUnixNano").asText()).isEqualTo("1795687200150000000");
    assertThat(log.get("severityText").asText()).isEqualTo("ERROR");
    assertThat(log.get("severityNumber").asInt()).isEqualTo(17);
    assertThat(log.get("body").asText()).isEqualTo("cart lookup failed");
    assertThat(log.get("spanId").asText()).isEqualTo("00f067aa0ba902b7");
    assertThat(log.get("attributes").get("k").asText()).isEqualTo("v");
    assertThat(t.get("logs")).hasSize(2);
    // The summary comes from these spans and logs (the summary table has no row of this trace).
    JsonNode summary = t.get("summary");
    assertThat(summary.get("rootService").asText()).isEqualTo("frontend");
    assertThat(summary.get("rootOperation").asText()).isEqualTo("GET /cart");
    assertThat(summary.get("startTimeUnixNano").asText()).isEqualTo("1795687200123456789");
    assertThat(summary.get("durationNanos").asText()).isEqualTo("120000000");
    assertThat(summary.get("spanCount").asLong()).isEqualTo(2);
    assertThat(summary.get("errorCount").asLong()).isEqualTo(1);
    assertThat(summary.get("services"))
        .extracting(JsonNode::asText)
        .containsExactly("cart", "frontend", "ledger");
    assertThat(summary.get("regions"))
        .extracting(JsonNode::asText)
        .containsExactly("eu-west-1", "unknown");
  }

  @Test
  void should_hideAnotherTenantsTrace_as404() throws Exception {
    HttpResponse<String> r = call("GET", "/api/v1/traces/" + TRACE, keyB, null);
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(json(r).get("error").asText()).isEqualTo("not_found");
  }

  @Test
  void should_explainBadRequests() throws Exception {
    assertThat(call("GET", "/api/v1/traces/" + TRACE, null, null).statusCode()).isEqualTo(401);
    assertThat(call("GET", "/api/v1/traces/" + TRACE, "nope", null).statusCode()).isEqualTo(401);
    HttpResponse<String> bad = call("GET", "/api/v1/traces/not-hex", keyA, null);
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(json(bad).get("message").asText()).contains("traceId");
    assertThat(call("POST", "/api/v1/admin/tenants", keyA, "{\"id\":\"x\"}").statusCode())
        .isEqualTo(401);
    HttpResponse<String> badJson = call("POST", "/api/v1/admin/tenants", ADMIN, "{nope");
    assertThat(badJson.statusCode()).isEqualTo(400);
    HttpResponse<String> badId =
        call("POST", "/api/v1/admin/tenants", ADMIN, "{\"id\":\"Not Valid\"}");
    assertThat(badId.statusCode()).isEqualTo(400);
    assertThat(json(badId).get("message").asText()).contains("tenant id");
    assertThat(
            call("POST", "/api/v1/admin/tenants", ADMIN, "{\"id\":\"" + TENANT_A + "\"}")
                .statusCode())
        .isEqualTo(409);
    assertThat(call("POST", "/api/v1/admin/tenants/no-such/keys", ADMIN, "{}").statusCode())
        .isEqualTo(404);
  }

  @Test
  void should_refuseARevokedKey() throws Exception {
    JsonNode issued =
        json(
            call(
                "POST",
                "/api/v1/admin/tenants/" + TENANT_A + "/keys",
                ADMIN,
                "{\"name\":\"temp\"}"));
    String key = issued.get("key").asText();
    assertThat(call("GET", "/api/v1/traces/" + TRACE, key, null).statusCode()).isEqualTo(200);

    HttpResponse<String> revoke =
        call(
            "DELETE",
            "/api/v1/admin/tenants/" + TENANT_A + "/keys/" + issued.get("keyId").asText(),
            ADMIN,
            null);

    assertThat(revoke.statusCode()).isEqualTo(204);
    assertThat(call("GET", "/api/v1/traces/" + TRACE, key, null).statusCode()).isEqualTo(401);
    JsonNode keys = json(call("GET", "/api/v1/admin/tenants/" + TENANT_A + "/keys", ADMIN, null));
    assertThat(keys.toString()).doesNotContain(key.substring(17));
  }

  @Test
  void should_issueBrowserKeys_boundToOrigins_thatCannotQuery() throws Exception {
    HttpResponse<String> issued =
        call(
            "POST",
            "/api/v1/admin/tenants/" + TENANT_A + "/keys",
            ADMIN,
            "{\"name\":\"web\",\"scopes\":[\"browser\"],\"origins\":[\"https://shop.example\"]}");
    assertThat(issued.statusCode()).isEqualTo(201);
    JsonNode key = json(issued);
    assertThat(key.get("origins").get(0).asText()).isEqualTo("https://shop.example");
    assertThat(call("GET", "/api/v1/traces/" + TRACE, key.get("key").asText(), null).statusCode())
        .isEqualTo(401);

    HttpResponse<String> mixed =
        call(
            "POST",
            "/api/v1/admin/tenants/" + TENANT_A + "/keys",
            ADMIN,
            "{\"scopes\":[\"browser\",\"query\"],\"origins\":[\"https://shop.example\"]}");
    assertThat(mixed.statusCode()).isEqualTo(400);
    assertThat(json(mixed).get("message").asText()).contains("no other scope");
    HttpResponse<String> noOrigins =
        call(
            "POST",
            "/api/v1/admin/tenants/" + TENANT_A + "/keys",
            ADMIN,
            "{\"scopes\":[\"browser\"]}");
    assertThat(noOrigins.statusCode()).isEqualTo(400);
    HttpResponse<String> badOrigin =
        call(
            "POST",
            "/api/v1/admin/tenants/" + TENANT_A + "/keys",
            ADMIN,
            "{\"scopes\":[\"browser\"],\"origins\":[\"shop.example/path\"]}");
    assertThat(badOrigin.statusCode()).isEqualTo(400);
    assertThat(json(badOrigin).get("message").asText()).contains("origins");
  }

  @Test
  void should_setTenantLimits_validatingEveryField() throws Exception {
    HttpResponse<String> ok =
        call(
            "PUT",
            "/api/v1/admin/tenants/" + TENANT_B + "/limits",
            ADMIN,
            "{\"itemsPerSecond\":500,\"maxAttributesPerItem\":64}");
    assertThat(ok.statusCode()).isEqualTo(200);
    JsonNode limits =
        json(call("GET", "/api/v1/admin/tenants/" + TENANT_B, ADMIN, null)).get("limits");
    assertThat(limits.get("itemsPerSecond").asInt()).isEqualTo(500);
    assertThat(limits.get("maxAttributesPerItem").asInt()).isEqualTo(64);
    assertThat(limits.get("maxItemsPerRequest").isNull()).isTrue();

    HttpResponse<String> negative =
        call(
            "PUT",
            "/api/v1/admin/tenants/" + TENANT_B + "/limits",
            ADMIN,
            "{\"itemsPerSecond\":0}");
    assertThat(negative.statusCode()).isEqualTo(400);
    assertThat(json(negative).get("message").asText()).contains("itemsPerSecond");
    HttpResponse<String> unknown =
        call("PUT", "/api/v1/admin/tenants/" + TENANT_B + "/limits", ADMIN, "{\"speed\":1}");
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(json(unknown).get("message").asText()).contains("unknown limit 'speed'");
    assertThat(call("PUT", "/api/v1/admin/tenants/nobody/limits", ADMIN, "{}").statusCode())
        .isEqualTo(404);
  }

  @Test
  void should_setAndResetATenantsRetention_validatingTheDays() throws Exception {
    String path = "/api/v1/admin/tenants/" + TENANT_B + "/retention";
    HttpResponse<String> set = call("PUT", path, ADMIN, "{\"days\":7}");
    assertThat(set.statusCode()).isEqualTo(200);
    assertThat(json(set).get("retentionDays").asInt()).isEqualTo(7);
    assertThat(
            json(call("GET", "/api/v1/admin/tenants/" + TENANT_B, ADMIN, null))
                .get("retentionDays")
                .asInt())
        .isEqualTo(7);
    assertThat(service.tenantAdmin().tenant(TENANT_B).retentionDays()).isEqualTo(7);

    for (String bad : new String[] {"{\"days\":0}", "{\"days\":3651}", "{\"days\":1.5}"}) {
      HttpResponse<String> r = call("PUT", path, ADMIN, bad);
      assertThat(r.statusCode()).as(bad).isEqualTo(400);
      assertThat(json(r).get("message").asText()).as(bad).contains("days");
    }
    assertThat(call("PUT", path, ADMIN, "{}").statusCode()).isEqualTo(400);
    assertThat(call("PUT", path, keyA, "{\"days\":7}").statusCode()).isEqualTo(401);

    HttpResponse<String> reset = call("PUT", path, ADMIN, "{\"days\":null}");
    assertThat(reset.statusCode()).isEqualTo(200);
    assertThat(json(reset).get("retentionDays").isNull()).isTrue();
  }

  @Test
  void should_reportHealthPerComponent() throws Exception {
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              HttpResponse<String> r = call("GET", "/health", null, null);
              assertThat(r.statusCode()).isEqualTo(200);
              JsonNode h = json(r);
              assertThat(h.get("components").get("kafka").get("status").asText()).isEqualTo("up");
              assertThat(h.get("components").get("clickhouse").get("status").asText())
                  .isEqualTo("up");
              JsonNode pipeline = h.get("pipeline");
              assertThat(pipeline.get("deadLetterRecords").isNumber()).isTrue();
              assertThat(pipeline.get("consumerLag").has("obsera-streams-clickhouse-writer"))
                  .isTrue();
              // The rows inserted in setUp are dated 2026-11-26 10:00 UTC: within a day, or absent.
              assertThat(pipeline.get("freshnessSeconds").has("traces")).isTrue();
            });
  }
}
