package io.obsera.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.obsera.model.Topics;
import io.obsera.platform.kafka.TopicProvisioner;
import io.obsera.testing.SharedServers;
import io.obsera.testing.TestApi;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Obsera started for each read API test class with ClickHouse filled by the real pipeline: the
 * OpenTelemetry SDK through the ingest bridge, the topology and the writer ({@link ReadScenario});
 * shared by the read API ITs.
 */
final class ReadFixture {
  private ReadFixture() {}

  static Standalone obsera;
  static String api;
  static String tenantA;
  static String keyA;
  static String keyB;
  static String range;
  static ReadScenario scenario;
  static final String LATENCY =
      "/api/v1/latency/regions?service=checkout&operation=" + enc("POST /checkout");

  /**
   * Starts Obsera with a fresh scenario and tenants for a test class and closes it after the class:
   * two standalone instances on the same Kafka topics would both process and write every record.
   */
  static final class Lifecycle implements BeforeAllCallback {
    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
      context
          .getStore(ExtensionContext.Namespace.GLOBAL)
          .getOrComputeIfAbsent(
              ReadFixture.class.getName(),
              k -> (ExtensionContext.Store.CloseableResource) ReadFixture::stop,
              ExtensionContext.Store.CloseableResource.class);
      start();
    }
  }

  static synchronized void stop() {
    if (obsera != null) {
      obsera.close();
      obsera = null;
    }
  }

  /**
   * Starts Obsera and sends the scenario, unless running. A start that fails part way stops what it
   * started, so the next test class starts afresh and reports its own cause instead of using a
   * half-filled runtime.
   */
  static synchronized void start() throws Exception {
    if (obsera != null) {
      return;
    }
    try {
      startAndFill();
    } catch (Exception | AssertionError e) {
      stop();
      throw e;
    }
  }

  private static void startAndFill() throws Exception {
    scenario = new ReadScenario();
    Map<String, String> env = StandaloneTestEnv.of("read-it");
    env.put("OBSERA_TRACE_SESSION_GAP_MS", "1000");
    env.put("OBSERA_RED_GRACE_MS", "500");
    // channel tests to local receivers, SLO budgets within seconds (WebUiAlertStoriesIT);
    // endpoints on an HTTP server of the test (WebUiUptimeSettingsStoriesIT)
    env.put("OBSERA_TARGET_ALLOWLIST", "127.0.0.0/8");
    env.put("OBSERA_ALERT_REDELIVERY_MS", "1000");
    env.put("OBSERA_SLO_FLUSH_MS", "300");
    env.put("OBSERA_SLO_BURN_INTERVAL_MS", "1000");
    TopicProvisioner.ensure(SharedServers.kafkaBootstrap(), Map.of(), Topics.all(3));
    obsera =
        Standalone.start(
            StandaloneConfig.fromEnv(env), new PrintStream(new ByteArrayOutputStream()));
    api = "http://127.0.0.1:" + obsera.apiPort();
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    tenantA = "read-a-" + suffix;
    keyA = tenantKey(tenantA);
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
