package io.obsera.query.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.obsera.model.ClickHouseSettings;
import io.obsera.model.Json;
import io.obsera.model.Topics;
import io.obsera.model.control.EndpointDefinition;
import io.obsera.model.control.Scope;
import io.obsera.model.control.SloDefinition;
import io.obsera.platform.control.ControlPlaneWriter;
import io.obsera.platform.kafka.TopicProvisioner;
import io.obsera.query.ProbeDataFixture;
import io.obsera.query.QueryConfig;
import io.obsera.query.QueryServer;
import io.obsera.testing.ObseraServersExtension;
import io.obsera.testing.SharedServers;
import io.obsera.testing.TestApi;
import io.obsera.testing.TestControlKeys;
import io.obsera.testing.TestKafka;
import io.obsera.testing.TestTenants;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The SLO CRUD API against the real query service, Kafka control plane included. */
@ExtendWith(ObseraServersExtension.class)
class SloApiIT {
  static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
  static final String TENANT_A = "slo-a-" + SUFFIX;
  static final String TENANT_B = "slo-b-" + SUFFIX;
  static final String AVAILABILITY =
      "{\"id\":\"checkout-avail\",\"name\":\"Checkout availability\",\"kind\":\"availability\","
          + "\"service\":\"checkout\",\"objective\":0.999,\"period\":\"ROLLING_30D\"}";
  static QueryServer service;
  static String base;
  static String keyA;
  static String keyB;
  static String ingestOnlyA;

  @BeforeAll
  static void start() throws Exception {
    String kafka = SharedServers.kafkaBootstrap();
    TopicProvisioner.ensure(kafka, Map.of(), Topics.all(2));
    keyA = TestTenants.createWithKey(kafka, TENANT_A, Set.of(Scope.QUERY)).token();
    keyB = TestTenants.createWithKey(kafka, TENANT_B, Set.of(Scope.QUERY)).token();
    ingestOnlyA = TestTenants.createWithKey(kafka, TENANT_A, Set.of(Scope.INGEST)).token();
    SharedServers.ClickHouseEndpoint e = SharedServers.clickHouse();
    ClickHouseSettings ch = new ClickHouseSettings(e.httpUrl(), e.user(), e.password(), "default");
    service =
        new QueryServer(
                new QueryConfig(
                    "127.0.0.1",
                    0,
                    kafka,
                    ch,
                    "admin-token-" + UUID.randomUUID(),
                    "obsera-streams",
                    Map.of(),
                    TestControlKeys.trust()))
            .start();
    base = "http://127.0.0.1:" + service.port();
  }

  @AfterAll
  static void stop() {
    service.close();
  }

  static HttpResponse<String> call(String method, String path, String token, String body)
      throws Exception {
    return TestApi.call(method, base + path, token, body);
  }

  @Test
  void should_createReadReplaceAndDelete_anSlo() throws Exception {
    HttpResponse<String> created = call("POST", "/api/v1/slos", keyA, AVAILABILITY);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode c = TestApi.json(created);
    assertThat(c.get("tenantId").asText()).isEqualTo(TENANT_A);
    assertThat(c.get("id").asText()).isEqualTo("checkout-avail");
    assertThat(c.get("kind").asText()).isEqualTo("AVAILABILITY");
    assertThat(c.get("objective").asDouble()).isEqualTo(0.999);
    assertThat(c.get("actor").asText()).startsWith("key:");
    assertThat(call("POST", "/api/v1/slos", keyA, AVAILABILITY).statusCode()).isEqualTo(409);

    JsonNode one = TestApi.json(call("GET", "/api/v1/slos/checkout-avail", keyA, null));
    assertThat(one).isEqualTo(c);
    JsonNode list = TestApi.json(call("GET", "/api/v1/slos", keyA, null));
    assertThat(list).hasSize(1);
    assertThat(list.get(0).get("id").asText()).isEqualTo("checkout-avail");

    HttpResponse<String> replaced =
        call(
            "PUT",
            "/api/v1/slos/checkout-avail",
            keyA,
            "{\"name\":\"Checkout p99\",\"kind\":\"LATENCY\",\"service\":\"checkout\","
                + "\"operation\":\"POST /checkout\",\"spanKind\":\"server\",\"thresholdMs\":500,"
                + "\"objective\":0.99,\"period\":\"CALENDAR_MONTH\"}");
    assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(200);
    JsonNode r = TestApi.json(call("GET", "/api/v1/slos/checkout-avail", keyA, null));
    assertThat(r.get("kind").asText()).isEqualTo("LATENCY");
    assertThat(r.get("spanKind").asText()).isEqualTo("SERVER");
    assertThat(r.get("thresholdMs").asDouble()).isEqualTo(500.0);
    assertThat(r.get("createdAt")).isEqualTo(c.get("createdAt"));

    assertThat(call("DELETE", "/api/v1/slos/checkout-avail", keyA, null).statusCode())
        .isEqualTo(204);
    assertThat(call("GET", "/api/v1/slos/checkout-avail", keyA, null).statusCode()).isEqualTo(404);
    assertThat(TestApi.json(call("GET", "/api/v1/slos", keyA, null))).isEmpty();
    assertThat(call("DELETE", "/api/v1/slos/checkout-avail", keyA, null).statusCode())
        .isEqualTo(404);

    // The topic holds what the API wrote: a validated definition, then a signed deletion.
    List<ConsumerRecord<String, byte[]>> records =
        TestKafka.readUntil(Topics.CONTROL_SLOS, TENANT_A + "|checkout-avail");
    assertThat(Json.MAPPER.readValue(records.get(0).value(), SloDefinition.class).validate())
        .isEmpty();
    assertThat(
            TestControlKeys.isSignedDeletion(Topics.CONTROL_SLOS, records.get(records.size() - 1)))
        .isTrue();
  }

  @Test
  void should_answer400_namingTheBadField() throws Exception {
    assertBadRequest(AVAILABILITY.replace("0.999", "1.5"), "field 'objective'");
    assertBadRequest(AVAILABILITY.replace("0.999", "\"high\""), "field 'objective' must be a");
    assertBadRequest(AVAILABILITY.replace("\"availability\"", "\"weekly\""), "field 'kind'");
    assertBadRequest(AVAILABILITY.replace("ROLLING_30D", "WEEKLY"), "field 'period'");
    assertBadRequest(
        AVAILABILITY.replace("\"service\":\"checkout\",", ""), "field 'service' is required");
    assertBadRequest(
        AVAILABILITY.replace("\"availability\"", "\"latency\""), "field 'thresholdMs'");
    assertBadRequest(AVAILABILITY.replace("checkout-avail", "Bad Id!"), "field 'id'");
    assertBadRequest(AVAILABILITY.replace("\"name\"", "\"nmae\""), "unknown field 'nmae'");
    assertBadRequest("{nope", "not valid JSON");
    assertBadRequest("[1]", "JSON object");
    HttpResponse<String> mismatch =
        call("PUT", "/api/v1/slos/other", keyA, AVAILABILITY.replace("checkout-avail", "x"));
    assertThat(mismatch.statusCode()).isEqualTo(400);
    assertThat(TestApi.json(mismatch).get("message").asText()).contains("field 'id'");
    assertThat(TestApi.json(call("GET", "/api/v1/slos", keyA, null)).toString())
        .doesNotContain("checkout-avail");
  }

  @Test
  void should_createAnUptimeSlo_onlyForAnEndpointOfTheTenant() throws Exception {
    EndpointDefinition api =
        ProbeDataFixture.definition(TENANT_A, "api-health", "API health", "shop", List.of());
    EndpointDefinition otherTenants =
        ProbeDataFixture.definition(TENANT_B, "b-only", "B only", "b", List.of());
    try (ControlPlaneWriter control =
        new ControlPlaneWriter(
            SharedServers.kafkaBootstrap(), Map.of(), TestControlKeys.signer())) {
      control.put(Topics.CONTROL_ENDPOINTS, api.key(), api);
      control.put(Topics.CONTROL_ENDPOINTS, otherTenants.key(), otherTenants);
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> call("GET", "/api/v1/endpoints/api-health", keyA, null).statusCode() == 200);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> call("GET", "/api/v1/endpoints/b-only", keyB, null).statusCode() == 200);
    String uptime =
        "{\"id\":\"api-uptime\",\"name\":\"API uptime\",\"kind\":\"uptime\","
            + "\"endpointId\":\"api-health\",\"objective\":0.999,\"period\":\"ROLLING_30D\"}";

    assertBadRequest(uptime.replace(",\"endpointId\":\"api-health\"", ""), "field 'endpointId'");
    assertBadRequest(
        uptime.replace("api-health", "nowhere"), "field 'endpointId': endpoint nowhere not found");
    assertBadRequest(
        uptime.replace("api-health", "b-only"), "field 'endpointId': endpoint b-only not found");
    assertBadRequest(
        uptime.replace("\"objective\"", "\"thresholdMs\":5,\"objective\""), "field 'thresholdMs'");
    assertBadRequest(
        AVAILABILITY.replace("\"objective\"", "\"endpointId\":\"api-health\",\"objective\""),
        "field 'endpointId' applies to UPTIME SLOs only");

    HttpResponse<String> created = call("POST", "/api/v1/slos", keyA, uptime);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode c = TestApi.json(created);
    assertThat(c.get("kind").asText()).isEqualTo("UPTIME");
    assertThat(c.get("endpointId").asText()).isEqualTo("api-health");
    assertThat(c.get("service").asText()).as("the endpoint's service").isEqualTo("shop");
    assertThat(call("DELETE", "/api/v1/slos/api-uptime", keyA, null).statusCode()).isEqualTo(204);
  }

  private static void assertBadRequest(String body, String expected) throws Exception {
    HttpResponse<String> r = call("POST", "/api/v1/slos", keyA, body);
    assertThat(r.statusCode()).as(body).isEqualTo(400);
    JsonNode j = TestApi.json(r);
    assertThat(j.get("error").asText()).isEqualTo("bad_request");
    assertThat(j.get("message").asText()).as(body).contains(expected);
  }

  @Test
  void should_keepTenantsApart_andRequireAQueryKey() throws Exception {
    String body = AVAILABILITY.replace("checkout-avail", "isolated");
    assertThat(call("POST", "/api/v1/slos", keyA, body).statusCode()).isEqualTo(201);

    assertThat(call("GET", "/api/v1/slos/isolated", keyB, null).statusCode()).isEqualTo(404);
    assertThat(call("PUT", "/api/v1/slos/isolated", keyB, body).statusCode()).isEqualTo(404);
    assertThat(call("DELETE", "/api/v1/slos/isolated", keyB, null).statusCode()).isEqualTo(404);
    assertThat(TestApi.json(call("GET", "/api/v1/slos", keyB, null))).isEmpty();
    // B may use the same id for its own SLO.
    assertThat(call("POST", "/api/v1/slos", keyB, body).statusCode()).isEqualTo(201);
    assertThat(call("GET", "/api/v1/slos/isolated", keyA, null).statusCode()).isEqualTo(200);

    assertThat(call("GET", "/api/v1/slos", null, null).statusCode()).isEqualTo(401);
    assertThat(call("GET", "/api/v1/slos", ingestOnlyA, null).statusCode()).isEqualTo(401);
    assertThat(call("POST", "/api/v1/slos", ingestOnlyA, body).statusCode()).isEqualTo(401);
    assertThat(call("DELETE", "/api/v1/slos/isolated", keyA, null).statusCode()).isEqualTo(204);
    assertThat(call("GET", "/api/v1/slos/isolated", keyB, null).statusCode()).isEqualTo(200);
  }
}
