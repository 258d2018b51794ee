package io.obsera.query.endpoints;

import static io.obsera.query.endpoints.EndpointItServer.endpoint;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.obsera.model.Topics;
import io.obsera.model.control.EndpointDefinition;
import io.obsera.model.control.Scope;
import io.obsera.platform.control.ControlPlaneWriter;
import io.obsera.platform.net.TargetGuard;
import io.obsera.testing.EndpointBuilder;
import io.obsera.testing.ObseraServersExtension;
import io.obsera.testing.SharedServers;
import io.obsera.testing.TestControlKeys;
import io.obsera.testing.TestKafka;
import io.obsera.testing.TestTenants;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Probe keys and assignments: the admin API issues a probe-only key bound to regions, which reads
 * every tenant's enabled endpoints of those regions (with ETag / 304, header values in clear), and
 * nothing else; other keys and other regions get 403. Header values are stored sealed and shown
 * masked to the tenant's keys.
 */
@ExtendWith(ObseraServersExtension.class)
class ProbeAssignmentsIT {
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
  static final String TENANT_A = "probe-a-" + SUFFIX;
  static final String TENANT_B = "probe-b-" + SUFFIX;
  static final String OPS = "probe-ops-" + SUFFIX;
  // Regions of this run only, so the shared topic's other endpoints do not show up.
  static final String EU = "eu-" + SUFFIX;
  static final String US = "us-" + SUFFIX;
  static final String AP = "ap-" + SUFFIX;
  // the region of the header tests' endpoints, which the other tests do not count
  static final String HDR = "hdr-" + SUFFIX;
  static EndpointItServer server;
  static String keyA;
  static String keyB;
  static String probeKey;

  @BeforeAll
  static void start() throws Exception {
    String kafka = SharedServers.kafkaBootstrap();
    server = new EndpointItServer(TargetGuard.strict());
    keyA = TestTenants.createWithKey(kafka, TENANT_A, Set.of(Scope.QUERY)).token();
    keyB = TestTenants.createWithKey(kafka, TENANT_B, Set.of(Scope.QUERY)).token();
    put(keyA, "a-eu", endpoint("http://8.8.8.8/a", EU));
    put(keyA, "a-both", endpoint("http://8.8.8.8/both", EU, US));
    put(keyA, "a-off", endpoint("http://8.8.8.8/off", EU).replace("}", ",\"enabled\":false}"));
    put(keyB, "b-eu", endpoint("https://8.8.4.4/b", EU, AP));
    put(keyB, "b-us", endpoint("https://8.8.4.4/us", US));

    // The operator issues the agents' key through the admin API, under an operations tenant.
    admin("POST", "/api/v1/admin/tenants", "{\"id\":\"" + OPS + "\"}", 201);
    JsonNode issued =
        admin(
            "POST",
            "/api/v1/admin/tenants/" + OPS + "/keys",
            "{\"scopes\":[\"probe\"],\"regions\":[\""
                + EU
                + "\",\""
                + US
                + "\",\""
                + AP
                + "\",\""
                + HDR
                + "\"]}",
            201);
    assertThat(issued.get("scopes").toString()).isEqualTo("[\"probe\"]");
    assertThat(issued.get("regions")).hasSize(4);
    probeKey = issued.get("key").asText();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static void put(String key, String id, String body) throws Exception {
    HttpResponse<String> r = server.put(key, id, body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
  }

  static JsonNode admin(String method, String path, String body, int expected) throws Exception {
    HttpResponse<String> r = server.call(method, path, server.adminToken, body);
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(expected);
    return server.json(r);
  }

  static HttpResponse<String> assignments(String region, String key, String ifNoneMatch)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(
                URI.create(server.base + "/api/v1/probe/assignments?region=" + region))
            .header("Authorization", "Bearer " + key);
    if (ifNoneMatch != null) {
      b.header("If-None-Match", ifNoneMatch);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Endpoint {@code id} of {@code region}'s assignments, as the probe key reads it. */
  static JsonNode assigned(String region, String id) throws Exception {
    for (JsonNode e : server.json(assignments(region, probeKey, null)).get("endpoints")) {
      if (e.get("id").asText().equals(id)) {
        return e;
      }
    }
    throw new AssertionError("endpoint " + id + " is not assigned to " + region);
  }

  static List<String> keys(JsonNode answer) {
    List<String> out = new ArrayList<>();
    answer
        .get("endpoints")
        .forEach(e -> out.add(e.get("tenantId").asText() + "|" + e.get("id").asText()));
    return out;
  }

  @Test
  void should_giveAProbeKey_theEnabledEndpointsOfItsRegion_acrossTenants() throws Exception {
    HttpResponse<String> eu = assignments(EU, probeKey, null);
    assertThat(eu.statusCode()).as(eu.body()).isEqualTo(200);
    JsonNode j = server.json(eu);
    assertThat(j.get("region").asText()).isEqualTo(EU);
    assertThat(j.get("generatedAt").asText()).isNotBlank();
    assertThat(keys(j))
        .containsExactlyInAnyOrder(TENANT_A + "|a-eu", TENANT_A + "|a-both", TENANT_B + "|b-eu");
    JsonNode first = j.get("endpoints").get(0);
    assertThat(first.get("url").asText()).startsWith("http");
    assertThat(first.get("intervalMs").asLong()).isEqualTo(30_000);
    assertThat(first.get("expectedStatus").asText()).isEqualTo("200-299");

    assertThat(keys(server.json(assignments(US, probeKey, null))))
        .containsExactlyInAnyOrder(TENANT_A + "|a-both", TENANT_B + "|b-us");
    assertThat(keys(server.json(assignments(AP, probeKey, null))))
        .containsExactly(TENANT_B + "|b-eu");
    assertThat(assignments("nowhere-" + SUFFIX, probeKey, null).statusCode()).isEqualTo(403);
  }

  @Test
  void should_answer304_untilTheRegionsEndpointsChange() throws Exception {
    HttpResponse<String> first = assignments(AP, probeKey, null);
    String etag = first.headers().firstValue("ETag").orElseThrow();
    assertThat(etag).startsWith("\"").endsWith("\"");

    HttpResponse<String> same = assignments(AP, probeKey, etag);
    assertThat(same.statusCode()).isEqualTo(304);
    assertThat(same.body()).isEmpty();
    assertThat(same.headers().firstValue("ETag")).contains(etag);
    assertThat(assignments(AP, probeKey, "\"other\", " + etag).statusCode()).isEqualTo(304);
    assertThat(assignments(AP, probeKey, "\"stale\"").statusCode()).isEqualTo(200);
    // another region's answer has another tag
    assertThat(assignments(US, probeKey, etag).statusCode()).isEqualTo(200);

    HttpResponse<String> changed =
        server.put(
            keyB,
            "b-eu",
            endpoint("https://8.8.4.4/b", EU, AP).replace("}", ",\"intervalMs\":5000}"));
    assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
    HttpResponse<String> after = assignments(AP, probeKey, etag);
    assertThat(after.statusCode()).isEqualTo(200);
    assertThat(after.headers().firstValue("ETag").orElseThrow()).isNotEqualTo(etag);
    assertThat(server.json(after).get("endpoints").get(0).get("intervalMs").asLong())
        .isEqualTo(5_000);
  }

  @Test
  void should_refuseOtherKeys_andBadRegions() throws Exception {
    HttpResponse<String> query = assignments(EU, keyA, null);
    assertThat(query.statusCode()).isEqualTo(403);
    assertThat(server.json(query).get("error").asText()).isEqualTo("forbidden");
    assertThat(
            server.call("GET", "/api/v1/probe/assignments?region=" + EU, null, null).statusCode())
        .isEqualTo(401);
    assertThat(assignments(EU, "obsera_nope_nope", null).statusCode()).isEqualTo(401);
    assertThat(assignments(EU, server.adminToken, null).statusCode()).isEqualTo(401);

    HttpResponse<String> bad = assignments("EU%20West", probeKey, null);
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(server.json(bad).get("message").asText()).contains("parameter 'region'");
    HttpResponse<String> missing = server.call("GET", "/api/v1/probe/assignments", probeKey, null);
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(server.json(missing).get("message").asText()).contains("parameter 'region'");

    // A probe key reads assignments and nothing else of the query API.
    assertThat(server.call("GET", "/api/v1/endpoints", probeKey, null).statusCode()).isEqualTo(401);
    assertThat(server.call("GET", "/api/v1/slos", probeKey, null).statusCode()).isEqualTo(401);
  }

  @Test
  void should_issueProbeKeys_onlyAlone_andOnlyThroughTheAdminApi() throws Exception {
    JsonNode mixed =
        admin(
            "POST",
            "/api/v1/admin/tenants/" + OPS + "/keys",
            "{\"scopes\":[\"probe\",\"query\"],\"regions\":[\"" + EU + "\"]}",
            400);
    assertThat(mixed.get("message").asText()).contains("probe");
    admin(
        "POST",
        "/api/v1/admin/tenants/" + OPS + "/keys",
        "{\"scopes\":[\"probe\",\"ingest\"],\"regions\":[\"" + EU + "\"]}",
        400);
    // A tenant's own query key cannot issue keys at all, probe keys included.
    HttpResponse<String> byTenant =
        server.call(
            "POST",
            "/api/v1/admin/tenants/" + TENANT_A + "/keys",
            keyA,
            "{\"scopes\":[\"probe\"]}");
    assertThat(byTenant.statusCode()).isEqualTo(401);
    JsonNode listed = admin("GET", "/api/v1/admin/tenants/" + TENANT_A + "/keys", null, 200);
    listed.forEach(k -> assertThat(k.get("scopes").toString()).doesNotContain("probe"));

    // Revoking the probe key stops it at once.
    JsonNode spare =
        admin(
            "POST",
            "/api/v1/admin/tenants/" + OPS + "/keys",
            "{\"scopes\":[\"probe\"],\"regions\":[\"" + EU + "\"]}",
            201);
    String spareKey = spare.get("key").asText();
    assertThat(assignments(EU, spareKey, null).statusCode()).isEqualTo(200);
    HttpResponse<String> revoked =
        server.call(
            "DELETE",
            "/api/v1/admin/tenants/" + OPS + "/keys/" + spare.get("keyId").asText(),
            server.adminToken,
            null);
    assertThat(revoked.statusCode()).isEqualTo(204);
    assertThat(assignments(EU, spareKey, null).statusCode()).isEqualTo(401);
  }

  @Test
  void should_refuseAProbeKey_theAssignmentsOfARegionItIsNotBoundTo() throws Exception {
    JsonNode euOnly =
        admin(
            "POST",
            "/api/v1/admin/tenants/" + OPS + "/keys",
            "{\"scopes\":[\"probe\"],\"regions\":[\"" + EU + "\"]}",
            201);
    String euKey = euOnly.get("key").asText();

    assertThat(assignments(EU, euKey, null).statusCode()).isEqualTo(200);
    HttpResponse<String> us = assignments(US, euKey, null);
    assertThat(us.statusCode()).isEqualTo(403);
    assertThat(server.json(us).get("message").asText())
        .contains(euOnly.get("keyId").asText())
        .contains("[" + EU + "]")
        .contains("'" + US + "'");
    assertThat(us.body()).doesNotContain("8.8.4.4");

    // a probe key must name its regions, and only probe keys have regions
    JsonNode unbound =
        admin("POST", "/api/v1/admin/tenants/" + OPS + "/keys", "{\"scopes\":[\"probe\"]}", 400);
    assertThat(unbound.get("message").asText()).contains("'regions'");
    JsonNode queryWithRegions =
        admin(
            "POST",
            "/api/v1/admin/tenants/" + OPS + "/keys",
            "{\"scopes\":[\"query\"],\"regions\":[\"" + EU + "\"]}",
            400);
    assertThat(queryWithRegions.get("message").asText()).contains("probe keys only");
  }

  @Test
  void should_refuseAProbeKeyWrittenBeforeRegionBinding() throws Exception {
    // what the previous version wrote: a probe key record without regions
    String legacy =
        TestTenants.createWithKey(
                SharedServers.kafkaBootstrap(), "probe-legacy-" + SUFFIX, Set.of(Scope.PROBE))
            .token();
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(15))
        .until(() -> assignments(EU, legacy, null).statusCode() != 401);

    HttpResponse<String> r = assignments(EU, legacy, null);
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(server.json(r).get("message").asText()).contains("bound to regions []");
  }

  @Test
  void should_sealHeaderValues_maskThemForQueryKeys_andOpenThemForTheRegionsProbeKey()
      throws Exception {
    String secret = "Bearer probe-credential-" + SUFFIX;
    String body =
        endpoint("https://8.8.8.8/private", HDR)
            .replace(
                "}", ",\"headers\":{\"Authorization\":\"" + secret + "\",\"X-Env\":\"prod\"}}");
    put(keyA, "a-headers", body);

    // the tenant's keys see names, never values
    JsonNode got = server.json(server.call("GET", "/api/v1/endpoints/a-headers", keyA, null));
    assertThat(got.get("headers").get("Authorization").asText()).isEqualTo("***");
    assertThat(got.get("headers").get("X-Env").asText()).isEqualTo("***");
    assertThat(got.has("sealedHeaders")).isFalse();
    assertThat(server.call("GET", "/api/v1/endpoints", keyA, null).body()).doesNotContain(secret);

    // the probe agents of its region get the values
    JsonNode assigned = assigned(HDR, "a-headers");
    assertThat(assigned.get("headers").get("Authorization").asText()).isEqualTo(secret);
    assertThat(assigned.get("headers").get("X-Env").asText()).isEqualTo("prod");
    assertThat(assigned.has("sealedHeaders")).isFalse();

    // at rest: the topic holds the record, sealed; the secret is nowhere in it
    String key = TENANT_A + "|a-headers";
    List<ConsumerRecord<String, byte[]>> stored =
        TestKafka.readAll(Topics.CONTROL_ENDPOINTS).stream()
            .filter(r -> key.equals(r.key()))
            .toList();
    assertThat(stored).isNotEmpty();
    String raw = new String(stored.get(stored.size() - 1).value(), StandardCharsets.UTF_8);
    assertThat(raw).contains("sealedHeaders").contains("Authorization").contains("v1:");
    for (ConsumerRecord<String, byte[]> rec : stored) {
      if (rec.value() != null) {
        assertThat(new String(rec.value(), StandardCharsets.UTF_8))
            .doesNotContain("probe-credential-" + SUFFIX)
            .doesNotContain("\"prod\"");
      }
    }

    // a PUT of what a GET showed keeps the stored values; a new value replaces one
    HttpResponse<String> again =
        server.put(
            keyA,
            "a-headers",
            endpoint("https://8.8.8.8/private", HDR)
                .replace("}", ",\"headers\":{\"Authorization\":\"***\",\"X-Env\":\"staging\"}}"));
    assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
    assertThat(again.body()).doesNotContain(secret).doesNotContain("staging");
    JsonNode after = assigned(HDR, "a-headers");
    assertThat(after.get("headers").get("Authorization").asText()).isEqualTo(secret);
    assertThat(after.get("headers").get("X-Env").asText()).isEqualTo("staging");
    HttpResponse<String> noStored =
        server.put(
            keyA,
            "a-new-headers",
            endpoint("https://8.8.8.8/n", HDR).replace("}", ",\"headers\":{\"X-Key\":\"***\"}}"));
    assertThat(noStored.statusCode()).isEqualTo(400);
    assertThat(server.json(noStored).get("message").asText()).contains("X-Key");
  }

  @Test
  void should_readEndpointsWrittenBeforeSealing_withTheirHeadersInClear() throws Exception {
    // what the previous version wrote: header values in clear in 'headers'
    EndpointDefinition legacy =
        EndpointBuilder.endpoint(TENANT_B, "b-legacy", "https://8.8.4.4/legacy")
            .method("GET", null, Map.of("Authorization", "Basic legacy-" + SUFFIX))
            .regions(HDR)
            .build();
    try (ControlPlaneWriter w =
        new ControlPlaneWriter(
            SharedServers.kafkaBootstrap(), Map.of(), TestControlKeys.signer())) {
      w.put(Topics.CONTROL_ENDPOINTS, legacy.key(), legacy);
    }
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(15))
        .until(
            () -> server.call("GET", "/api/v1/endpoints/b-legacy", keyB, null).statusCode() == 200);

    JsonNode got = server.json(server.call("GET", "/api/v1/endpoints/b-legacy", keyB, null));
    assertThat(got.get("headers").get("Authorization").asText()).isEqualTo("***");
    JsonNode opened = assigned(HDR, "b-legacy");
    assertThat(opened.get("headers").get("Authorization").asText())
        .isEqualTo("Basic legacy-" + SUFFIX);
  }
}
