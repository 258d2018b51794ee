package io.obsera.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.obsera.model.TopicProvisioner;
import io.obsera.model.Topics;
import io.obsera.testing.ObseraServersExtension;
import io.obsera.testing.SharedServers;
import io.obsera.testing.TestApi;
import io.obsera.testing.TestKafka;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The read API over real sockets against ClickHouse filled by the real pipeline: the OpenTelemetry
 * SDK through the ingest bridge, the topology and the writer ({@link ReadScenario}).
 */
@ExtendWith(ObseraServersExtension.class)
class ReadApiIT {
  static Standalone obsera;
  static String api;
  static String keyA;
  static String keyB;
  static String range;
  static final ReadScenario scenario = new ReadScenario();
  static final String LATENCY =
      "/api/v1/latency/regions?service=checkout&operation=" + enc("POST /checkout");

  @BeforeAll
  static void start() throws Exception {
    Path dataDir = Files.createTempDirectory(Path.of("target"), "read-it-");
    SharedServers.ClickHouseEndpoint ch = SharedServers.clickHouse();
    Map<String, String> env = new HashMap<>();
    env.put("OBSERA_DATA_DIR", dataDir.toString());
    env.put("OBSERA_CACHE_DIR", dataDir.resolve("cache").toString());
    env.put("OBSERA_CLICKHOUSE_URL", ch.httpUrl());
    env.put("OBSERA_CLICKHOUSE_USER", ch.user());
    env.put("OBSERA_CLICKHOUSE_PASSWORD", ch.password());
    env.put("OBSERA_KAFKA_BOOTSTRAP", SharedServers.kafkaBootstrap());
    env.put("OBSERA_STREAMS_APPLICATION_ID", TestKafka.uniqueName("read-it"));
    env.put("OBSERA_TRACE_SESSION_GAP_MS", "1000");
    env.put("OBSERA_RED_GRACE_MS", "500");
    for (String port : StandaloneConfig.PORT_VARIABLES) {
      env.put(port, "0");
    }
    TopicProvisioner.ensure(SharedServers.kafkaBootstrap(), Map.of(), Topics.all(3));
    obsera =
        Standalone.start(
            StandaloneConfig.fromEnv(env), new PrintStream(new ByteArrayOutputStream()));
    api = "http://127.0.0.1:" + obsera.apiPort();
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    keyA = tenantKey("read-a-" + suffix);
    keyB = tenantKey("read-b-" + suffix);
    scenario.send("http://127.0.0.1:" + obsera.otlpHttpPort(), keyA);
    range =
        "&from="
            + (scenario.startNanos - 60_000_000_000L)
            + "&to="
            + (scenario.startNanos + 120_000_000_000L);
    // Everything the tests read has gone through the pipeline: summaries, rollups, exemplars.
    await()
        .atMost(Duration.ofSeconds(150))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () -> {
              assertThat(
                      get("/api/v1/traces?service=checkout&limit=100" + range, keyA).get("traces"))
                  .hasSize(ReadScenario.CALM_TRACES + ReadScenario.SPIKE_TRACES);
              assertThat(get(LATENCY + range, keyA).get("regions"))
                  .extracting(r -> r.get("count").asLong())
                  .containsExactly(
                      (long) ReadScenario.CALM_TRACES, (long) ReadScenario.SPIKE_TRACES);
              assertThat(
                      get("/api/v1/traces/" + scenario.spikeTraces.get(0), keyA)
                          .get("metricPoints"))
                  .isNotEmpty();
            });
  }

  @AfterAll
  static void stop() {
    if (obsera != null) {
      obsera.close();
    }
  }

  static String tenantKey(String tenant) throws Exception {
    assertThat(
            TestApi.call(
                    "POST",
                    api + "/api/v1/admin/tenants",
                    obsera.adminToken(),
                    "{\"id\":\"" + tenant + "\"}")
                .statusCode())
        .isEqualTo(201);
    return TestApi.json(
            TestApi.call(
                "POST",
                api + "/api/v1/admin/tenants/" + tenant + "/keys",
                obsera.adminToken(),
                "{}"))
        .get("key")
        .asText();
  }

  static HttpResponse<String> call(String path, String key) throws Exception {
    return TestApi.call("GET", api + path, key, null);
  }

  static JsonNode get(String path, String key) throws Exception {
    HttpResponse<String> r = call(path, key);
    assertThat(r.statusCode()).as("%s -> %s", path, r.body()).isEqualTo(200);
    return TestApi.json(r);
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Test
  void should_findTheSpikeTraces_byRegionDurationAndStatus_newestFirst() throws Exception {
    JsonNode hits =
        get(
                "/api/v1/traces?service=checkout&region=us-east&minDuration=500ms&status=error"
                    + range,
                keyA)
            .get("traces");
    List<String> ids = new ArrayList<>();
    hits.forEach(h -> ids.add(h.get("traceId").asText()));
    assertThat(ids).containsExactlyElementsOf(reversed(scenario.spikeTraces));
    JsonNode first = hits.get(0);
    assertThat(first.get("rootService").asText()).isEqualTo("checkout");
    assertThat(first.get("rootOperation").asText()).isEqualTo("POST /checkout");
    assertThat(first.get("durationNanos").asText()).isEqualTo("800000000");
    assertThat(first.get("startTimeUnixNano").isTextual()).isTrue();
    assertThat(first.get("spanCount").asInt()).isEqualTo(2);
    assertThat(first.get("errorCount").asInt()).isEqualTo(1);
    assertThat(first.get("regions")).extracting(JsonNode::asText).containsExactly("us-east");
    assertThat(first.get("links").get("trace").asText()).isEqualTo("/api/v1/traces/" + ids.get(0));
    assertThat(
            get(
                    "/api/v1/traces?service=checkout&maxDuration=100ms&attr.http.route=/checkout"
                        + range,
                    keyA)
                .get("traces"))
        .hasSize(ReadScenario.CALM_TRACES);
    assertThat(
            get("/api/v1/traces?operation=" + enc("SELECT cart") + "&status=ok" + range, keyA)
                .get("traces"))
        .hasSize(ReadScenario.CALM_TRACES);
  }

  @Test
  void should_pageThroughTraces_withoutGapsOrRepeats() throws Exception {
    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      JsonNode page =
          get(
              "/api/v1/traces?service=checkout&limit=5"
                  + range
                  + (cursor == null ? "" : "&cursor=" + cursor),
              keyA);
      page.get("traces").forEach(h -> seen.add(h.get("traceId").asText()));
      cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
      pages++;
    } while (cursor != null && pages < 10);
    assertThat(pages).isEqualTo(4);
    assertThat(seen)
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(concat(scenario.calmTraces, scenario.spikeTraces));
  }

  @Test
  void should_returnTheFullTrace_withTreeLogsExemplarsAndSummary() throws Exception {
    String id = scenario.spikeTraces.get(1);
    JsonNode t = get("/api/v1/traces/" + id, keyA);
    assertThat(t.get("rootSpanIds")).hasSize(1);
    String root = t.get("rootSpanIds").get(0).asText();
    JsonNode spans = t.get("spans");
    assertThat(spans).hasSize(2);
    assertThat(spans.get(0).get("spanId").asText()).isEqualTo(root);
    assertThat(spans.get(0).get("childSpanIds").get(0).asText())
        .isEqualTo(spans.get(1).get("spanId").asText());
    assertThat(t.get("logs").get(0).get("body").asText()).contains("timeout");
    JsonNode point = t.get("metricPoints").get(0);
    assertThat(point.get("metricName").asText()).isEqualTo(ReadScenario.METRIC);
    assertThat(point.get("value").asDouble()).isEqualTo(ReadScenario.SPIKE_MS);
    assertThat(point.get("link").asText()).startsWith("/api/v1/metrics/query?name=");
    assertThat(t.get("summary").get("errorCount").asInt()).isEqualTo(1);
    assertThat(t.get("links").get("logs").asText()).isEqualTo("/api/v1/logs?traceId=" + id);
  }

  @Test
  void should_searchLogs_byTextSeverityAttributesAndTrace() throws Exception {
    JsonNode errors = get("/api/v1/logs?q=GATEWAY&severity=error" + range, keyA).get("logs");
    assertThat(errors).hasSize(ReadScenario.SPIKE_TRACES);
    List<String> traces = new ArrayList<>();
    errors.forEach(l -> traces.add(l.get("traceId").asText()));
    assertThat(traces).containsExactlyElementsOf(reversed(scenario.spikeTraces));
    assertThat(errors.get(0).get("links").get("trace").asText())
        .isEqualTo("/api/v1/traces/" + traces.get(0));
    assertThat(errors.get(0).get("severityNumber").asInt()).isEqualTo(17);
    assertThat(get("/api/v1/logs?severity=info&severityMatch=exact" + range, keyA).get("logs"))
        .hasSize(ReadScenario.CALM_TRACES);
    assertThat(get("/api/v1/logs?severity=info" + range, keyA).get("logs"))
        .hasSize(ReadScenario.CALM_TRACES + ReadScenario.SPIKE_TRACES);
    assertThat(get("/api/v1/logs?attr.order.kind=gift&service=checkout" + range, keyA).get("logs"))
        .hasSize(ReadScenario.SPIKE_TRACES);
    JsonNode byTrace = get("/api/v1/logs?traceId=" + scenario.calmTraces.get(3), keyA).get("logs");
    assertThat(byTrace).hasSize(1);
    assertThat(byTrace.get(0).get("body").asText()).isEqualTo("checkout ok");
    JsonNode page1 = get("/api/v1/logs?limit=10" + range, keyA);
    JsonNode page2 =
        get("/api/v1/logs?limit=10&cursor=" + page1.get("nextCursor").asText() + range, keyA);
    assertThat(page1.get("logs")).hasSize(10);
    assertThat(page2.get("logs")).hasSize(6);
    assertThat(page2.get("nextCursor").isNull()).isTrue();
  }

  @Test
  void should_givePerRegionPercentiles_fromTheRollups() throws Exception {
    JsonNode r = get(LATENCY + "&step=1m" + range, keyA);
    double bound = r.get("errorBoundPercent").asDouble() / 100;
    JsonNode calm = r.get("regions").get(0);
    JsonNode spike = r.get("regions").get(1);
    assertThat(calm.get("region").asText()).isEqualTo(ReadScenario.CALM_REGION);
    assertThat(spike.get("region").asText()).isEqualTo(ReadScenario.SPIKE_REGION);
    assertThat(calm.get("p50Ms").asDouble())
        .isCloseTo(ReadScenario.CALM_MS, within(ReadScenario.CALM_MS * bound));
    assertThat(spike.get("p99Ms").asDouble())
        .isCloseTo(ReadScenario.SPIKE_MS, within(ReadScenario.SPIKE_MS * bound));
    assertThat(spike.get("errorRate").asDouble()).isEqualTo(1.0);
    assertThat(calm.get("errorRate").asDouble()).isEqualTo(0.0);
    long inSeries = 0;
    for (JsonNode s : spike.get("series")) {
      inSeries += s.get("count").asLong();
    }
    assertThat(inSeries).isEqualTo(ReadScenario.SPIKE_TRACES);
    // Without an operation: every span of the service (root and child), only roots fail.
    JsonNode all = get("/api/v1/latency/regions?service=checkout" + range, keyA).get("regions");
    assertThat(all.get(1).get("count").asLong()).isEqualTo(2L * ReadScenario.SPIKE_TRACES);
    assertThat(all.get(1).get("errorRate").asDouble()).isEqualTo(0.5);
  }

  static List<String> reversed(List<String> list) {
    List<String> out = new ArrayList<>(list);
    java.util.Collections.reverse(out);
    return out;
  }

  static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
