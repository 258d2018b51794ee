package io.obsera.query.endpoints;

import static io.obsera.query.endpoints.EndpointItServer.endpoint;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.obsera.model.Json;
import io.obsera.model.Topics;
import io.obsera.model.control.EndpointDefinition;
import io.obsera.model.control.Scope;
import io.obsera.platform.net.TargetGuard;
import io.obsera.testing.ObseraServersExtension;
import io.obsera.testing.SharedServers;
import io.obsera.testing.TestControlKeys;
import io.obsera.testing.TestKafka;
import io.obsera.testing.TestTenants;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The monitored-endpoints CRUD API against the real query service and Kafka control plane: round
 * trip, 400s naming fields, tenant isolation and the SSRF rule (strict, and with an operator
 * allowlist for loopback).
 */
@ExtendWith(ObseraServersExtension.class)
class EndpointRoutesIT {
  static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
  static final String TENANT_A = "ep-a-" + SUFFIX;
  static final String TENANT_B = "ep-b-" + SUFFIX;
  static final String PUBLIC_URL = "http://8.8.8.8/health";
  static EndpointItServer strict;
  static EndpointItServer allowing;
  static String keyA;
  static String keyB;
  static String ingestOnlyA;

  @BeforeAll
  static void start() throws Exception {
    String kafka = SharedServers.kafkaBootstrap();
    strict = new EndpointItServer(TargetGuard.strict());
    allowing = new EndpointItServer(TargetGuard.allowing("127.0.0.0/8", TargetGuard.ENV));
    keyA = TestTenants.createWithKey(kafka, TENANT_A, Set.of(Scope.QUERY)).token();
    keyB = TestTenants.createWithKey(kafka, TENANT_B, Set.of(Scope.QUERY)).token();
    ingestOnlyA = TestTenants.createWithKey(kafka, TENANT_A, Set.of(Scope.INGEST)).token();
  }

  @AfterAll
  static void stop() {
    strict.close();
    allowing.close();
  }

  @Test
  void should_createReadReplaceAndDelete_anEndpoint() throws Exception {
    HttpResponse<String> created = strict.put(keyA, "api", endpoint(PUBLIC_URL, "eu-west"));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode c = strict.json(created);
    assertThat(c.get("tenantId").asText()).isEqualTo(TENANT_A);
    assertThat(c.get("id").asText()).isEqualTo("api");
    assertThat(c.get("method").asText()).isEqualTo("GET");
    assertThat(c.get("intervalMs").asLong()).isEqualTo(30_000);
    assertThat(c.get("quorum").asInt()).isEqualTo(1);
    assertThat(c.get("enabled").asBoolean()).isTrue();
    assertThat(c.get("actor").asText()).startsWith("key:");
    JsonNode links = c.get("links");
    assertThat(links.get("self").asText()).isEqualTo("/api/v1/endpoints/api");
    assertThat(links.get("latencyByRegion").asText())
        .isEqualTo("/api/v1/latency/regions?service=obsera-probe&operation=api");
    assertThat(links.get("outages").asText()).isEqualTo("/api/v1/endpoints/api/outages");
    assertThat(links.get("sla").asText()).isEqualTo("/api/v1/sla");

    assertThat(strict.json(strict.call("GET", "/api/v1/endpoints/api", keyA, null))).isEqualTo(c);
    JsonNode list = strict.json(strict.call("GET", "/api/v1/endpoints", keyA, null));
    assertThat(list).hasSize(1);
    assertThat(list.get(0)).isEqualTo(c);

    String replacement =
        "{\"name\":\"API\",\"service\":\"api\",\"url\":\"https://8.8.4.4/ready\","
            + "\"method\":\"post\",\"headers\":{\"X-Probe\":\"1\"},\"body\":\"{}\","
            + "\"expectedStatus\":\"200,204\",\"bodyMatch\":\"ok\",\"intervalMs\":5000,"
            + "\"regions\":[\"eu-west\",\"us-east\",\"ap-south\"],\"quorum\":2,"
            + "\"degradedLatencyMs\":800,\"maintenanceWindows\":[{\"start\":"
            + "\"2026-12-01T02:00:00Z\",\"end\":\"2026-12-01T03:00:00Z\",\"reason\":\"upgrade\"}],"
            + "\"enabled\":false,\"tenantId\":\"ignored\",\"createdAt\":\"2000-01-01T00:00:00Z\"}";
    HttpResponse<String> replaced = strict.put(keyA, "api", replacement);
    assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(200);
    JsonNode r = strict.json(strict.call("GET", "/api/v1/endpoints/api", keyA, null));
    assertThat(r.get("tenantId").asText()).isEqualTo(TENANT_A);
    assertThat(r.get("method").asText()).isEqualTo("POST");
    assertThat(r.get("timeoutMs").asLong()).isEqualTo(5_000);
    assertThat(r.get("regions")).hasSize(3);
    assertThat(r.get("headers").get("X-Probe").asText()).as("masked").isEqualTo("***");
    assertThat(r.get("maintenanceWindows").get(0).get("reason").asText()).isEqualTo("upgrade");
    assertThat(r.get("enabled").asBoolean()).isFalse();
    assertThat(r.get("createdAt")).isEqualTo(c.get("createdAt"));

    assertThat(strict.call("DELETE", "/api/v1/endpoints/api", keyA, null).statusCode())
        .isEqualTo(204);
    assertThat(strict.call("GET", "/api/v1/endpoints/api", keyA, null).statusCode()).isEqualTo(404);
    assertThat(strict.json(strict.call("GET", "/api/v1/endpoints", keyA, null))).isEmpty();
    assertThat(strict.call("DELETE", "/api/v1/endpoints/api", keyA, null).statusCode())
        .isEqualTo(404);

    // The topic holds what the API wrote: validated definitions, then a signed deletion.
    List<ConsumerRecord<String, byte[]>> records =
        TestKafka.readUntil(Topics.CONTROL_ENDPOINTS, TENANT_A + "|api");
    assertThat(records.subList(0, records.size() - 1))
        .allSatisfy(
            rec ->
                assertThat(Json.MAPPER.readValue(rec.value(), EndpointDefinition.class).validate())
                    .isEmpty());
    assertThat(
            TestControlKeys.isSignedDeletion(
                Topics.CONTROL_ENDPOINTS, records.get(records.size() - 1)))
        .isTrue();
  }

  @Test
  void should_answer400_namingEveryBadField() throws Exception {
    String ok = endpoint(PUBLIC_URL, "eu-west");
    assertBadRequest(ok.replace("\"name\":\"Health\",", ""), "field 'name' is required");
    assertBadRequest(ok.replace(PUBLIC_URL, "ftp://8.8.8.8/"), "field 'url'");
    assertBadRequest(ok.replace("\"eu-west\"", ""), "field 'regions'");
    assertBadRequest(ok.replace("\"eu-west\"", "\"EU West\""), "field 'regions'");
    assertBadRequest(ok.replace("}", ",\"intervalMs\":500}"), "field 'intervalMs'");
    assertBadRequest(ok.replace("}", ",\"intervalMs\":\"fast\"}"), "field 'intervalMs'");
    assertBadRequest(ok.replace("}", ",\"method\":\"FETCH\"}"), "field 'method'");
    assertBadRequest(ok.replace("}", ",\"expectedStatus\":\"2xx\"}"), "field 'expectedStatus'");
    assertBadRequest(ok.replace("}", ",\"quorum\":2}"), "field 'quorum'");
    assertBadRequest(ok.replace("}", ",\"regions\":\"eu-west\"}"), "field 'regions'");
    assertBadRequest(ok.replace("\"name\"", "\"nmae\""), "unknown field 'nmae'");
    assertBadRequest("{nope", "not valid JSON");
    assertBadRequest("[1]", "JSON object");
    HttpResponse<String> many =
        strict.put(
            keyA,
            "many",
            "{\"url\":\"gopher://x\",\"regions\":[],\"intervalMs\":10,\"method\":\"FETCH\"}");
    assertThat(many.statusCode()).isEqualTo(400);
    String message = strict.json(many).get("message").asText();
    for (String f : List.of("name", "url", "regions", "intervalMs", "method")) {
      assertThat(message).contains("field '" + f + "'");
    }
    HttpResponse<String> mismatch = strict.put(keyA, "one", ok.replace("{", "{\"id\":\"other\","));
    assertThat(mismatch.statusCode()).isEqualTo(400);
    assertThat(strict.json(mismatch).get("message").asText()).contains("field 'id'");
    HttpResponse<String> badId = strict.put(keyA, "BadId", ok);
    assertThat(badId.statusCode()).isEqualTo(400);
    assertThat(strict.json(badId).get("message").asText()).contains("field 'id'");
    assertThat(strict.json(strict.call("GET", "/api/v1/endpoints", keyA, null))).isEmpty();
  }

  private static void assertBadRequest(String body, String expected) throws Exception {
    HttpResponse<String> r = strict.put(keyA, "bad", body);
    assertThat(r.statusCode()).as(body).isEqualTo(400);
    JsonNode j = strict.json(r);
    assertThat(j.get("error").asText()).isEqualTo("bad_request");
    assertThat(j.get("message").asText()).as(body).contains(expected);
  }

  @Test
  void should_keepTenantsApart_andRequireAQueryKey() throws Exception {
    String body = endpoint(PUBLIC_URL, "eu-west");
    assertThat(strict.put(keyA, "isolated", body).statusCode()).isEqualTo(201);

    assertThat(strict.call("GET", "/api/v1/endpoints/isolated", keyB, null).statusCode())
        .isEqualTo(404);
    assertThat(strict.call("DELETE", "/api/v1/endpoints/isolated", keyB, null).statusCode())
        .isEqualTo(404);
    assertThat(strict.json(strict.call("GET", "/api/v1/endpoints", keyB, null))).isEmpty();
    // B's PUT of the same id creates B's own endpoint; A's stays as it was.
    assertThat(strict.put(keyB, "isolated", body.replace("Health", "B's")).statusCode())
        .isEqualTo(201);
    JsonNode a = strict.json(strict.call("GET", "/api/v1/endpoints/isolated", keyA, null));
    assertThat(a.get("name").asText()).isEqualTo("Health");
    assertThat(a.get("tenantId").asText()).isEqualTo(TENANT_A);

    assertThat(strict.call("GET", "/api/v1/endpoints", null, null).statusCode()).isEqualTo(401);
    assertThat(strict.call("GET", "/api/v1/endpoints", ingestOnlyA, null).statusCode())
        .isEqualTo(401);
    assertThat(strict.put(ingestOnlyA, "isolated", body).statusCode()).isEqualTo(401);
    assertThat(strict.call("DELETE", "/api/v1/endpoints/isolated", keyA, null).statusCode())
        .isEqualTo(204);
    assertThat(strict.call("GET", "/api/v1/endpoints/isolated", keyB, null).statusCode())
        .isEqualTo(200);
  }

  @Test
  void should_refuseNonPublicTargets_unlessAllowlisted() throws Exception {
    String loopback = "http://127.0.0.1:" + strict.service.port() + "/health";
    assertRefused(strict, loopback, "127.0.0.1");
    assertRefused(strict, "http://169.254.169.254/latest/meta-data/", "169.254.169.254");
    assertRefused(strict, "http://localhost:8080/", "localhost");
    assertRefused(strict, "http://[::1]:8080/", "::1");
    assertRefused(strict, "http://[::ffff:127.0.0.1]/", "127.0.0.1");
    assertRefused(strict, "http://10.0.0.7/", "10.0.0.7");
    assertRefused(strict, "http://no-such-host.invalid/", "does not resolve");

    // The operator's allowlist (127.0.0.0/8) admits loopback, and nothing else.
    HttpResponse<String> ok = allowing.put(keyA, "local", endpoint(loopback, "eu-west"));
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);
    assertThat(allowing.json(ok).get("url").asText()).isEqualTo(loopback);
    assertRefused(allowing, "http://169.254.169.254/", "169.254.169.254");
    assertRefused(allowing, "http://192.168.1.1/", "192.168.1.1");
    // Without the allowlist, the same endpoint cannot be saved again (the rule applies to every
    // write, not only to new endpoints); what is stored stays unchanged.
    HttpResponse<String> renamed =
        strict.put(keyA, "local", endpoint(loopback, "eu-west").replace("Health", "Renamed"));
    assertThat(renamed.statusCode()).as(renamed.body()).isEqualTo(400);
    assertThat(strict.json(renamed).get("message").asText()).contains("field 'url'");
    JsonNode stored = allowing.json(allowing.call("GET", "/api/v1/endpoints/local", keyA, null));
    assertThat(stored.get("name").asText()).isEqualTo("Health");
    assertThat(allowing.call("DELETE", "/api/v1/endpoints/local", keyA, null).statusCode())
        .isEqualTo(204);
  }

  private static void assertRefused(EndpointItServer server, String url, String named)
      throws Exception {
    HttpResponse<String> r = server.put(keyA, "ssrf", endpoint(url, "eu-west"));
    assertThat(r.statusCode()).as(url + ": " + r.body()).isEqualTo(400);
    String message = server.json(r).get("message").asText();
    assertThat(message).as(url).contains("field 'url'").contains(named);
    assertThat(server.call("GET", "/api/v1/endpoints/ssrf", keyA, null).statusCode())
        .isEqualTo(404);
  }
}
