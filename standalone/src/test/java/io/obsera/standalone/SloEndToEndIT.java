package io.obsera.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.GenericRecord;
import io.obsera.model.Topics;
import io.obsera.platform.kafka.TopicProvisioner;
import io.obsera.testing.ObseraServersExtension;
import io.obsera.testing.OtelSdkClient;
import io.obsera.testing.SharedServers;
import io.obsera.testing.TestApi;
import io.obsera.testing.TestClickHouse;
import io.obsera.testing.TestControlKeys;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An SLO defined through the real API, spans from the OpenTelemetry SDK through the real ingest
 * bridge, the topology and the writer: the SLI counts and burn rates land in ClickHouse.
 */
@ExtendWith(ObseraServersExtension.class)
class SloEndToEndIT {
  static final int SPANS = 200;
  static final int ERRORS = 20;

  @Test
  void should_landSliCountsAndBurnRates_forAnSloDefinedThroughTheApi() throws Exception {
    Map<String, String> env = StandaloneTestEnv.of("slo-it");
    env.put("OBSERA_SLO_FLUSH_MS", "300");
    env.put("OBSERA_SLO_BURN_INTERVAL_MS", "1000");
    String tenant = "slo-e2e-" + UUID.randomUUID().toString().substring(0, 8);
    TopicProvisioner.ensure(SharedServers.kafkaBootstrap(), Map.of(), Topics.all(3));
    // Written behind the API's back before the topology starts, so the topology reads them while
    // it restores its global store: neither may reach it, nor the API's view.
    writeRaw(
        tenant + "|broken", "{\"tenantId\":\"" + tenant + "\",\"id\":\"broken\",\"objective\":2}");
    writeRaw(tenant + "|garbage", "\u0000not json");

    try (Standalone obsera =
            Standalone.start(
                StandaloneConfig.fromEnv(env), new PrintStream(new ByteArrayOutputStream()));
        Client clickHouse = TestClickHouse.adminClient()) {
      String api = "http://127.0.0.1:" + obsera.apiPort();
      assertThat(
              TestApi.call(
                  "POST", api + "/api/v1/admin/tenants", obsera.adminToken(), idBody(tenant)))
          .extracting(HttpResponse::statusCode)
          .isEqualTo(201);
      String key =
          TestApi.json(
                  TestApi.call(
                      "POST",
                      api + "/api/v1/admin/tenants/" + tenant + "/keys",
                      obsera.adminToken(),
                      "{}"))
              .get("key")
              .asText();
      HttpResponse<String> created =
          TestApi.call(
              "POST",
              api + "/api/v1/slos",
              key,
              "{\"id\":\"checkout\",\"name\":\"Checkout\",\"kind\":\"AVAILABILITY\","
                  + "\"service\":\"checkout\",\"spanKind\":\"SERVER\",\"objective\":0.9,"
                  + "\"period\":\"ROLLING_28D\"}");
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      // Spans are counted from the moment the topology's global store holds the definition.
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> obsera.streams().slo(tenant, "checkout").isPresent());
      assertThat(obsera.streams().slo(tenant, "broken")).isEmpty();
      assertThat(obsera.streams().slo(tenant, "garbage")).isEmpty();
      assertThat(TestApi.json(TestApi.call("GET", api + "/api/v1/slos", key, null)))
          .extracting(n -> n.get("id").asText())
          .containsExactly("checkout");

      try (OtelSdkClient sdk =
          new OtelSdkClient("http://127.0.0.1:" + obsera.otlpHttpPort(), key, "checkout")) {
        for (int i = 0; i < SPANS; i++) {
          Span span =
              sdk.tracer().spanBuilder("POST /checkout").setSpanKind(SpanKind.SERVER).startSpan();
          if (i < ERRORS) {
            span.setStatus(StatusCode.ERROR, "declined");
          }
          span.end();
          if (i % 4 == 3) {
            // SimpleSpanProcessor exports each span at once; keep under the exporter's pool.
            assertThat(sdk.flush()).as("exports failed: %d", sdk.exportsFailed()).isTrue();
          }
        }
        // Not counted: another span kind of the same service.
        sdk.tracer().spanBuilder("SELECT cart").setSpanKind(SpanKind.CLIENT).startSpan().end();
        assertThat(sdk.flush()).as("exports failed: %d", sdk.exportsFailed()).isTrue();
      }

      Map<String, Object> params = Map.of("t", tenant, "s", "checkout");
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> {
                GenericRecord sli =
                    clickHouse
                        .queryAll(
                            "SELECT sum(Good) AS g, sum(Total) AS n FROM obsera.slo_sli_minute"
                                + " WHERE TenantId = {t:String} AND SloId = {s:String}",
                            params)
                        .get(0);
                assertThat(sli.getLong("n")).isEqualTo(SPANS);
                assertThat(sli.getLong("g")).isEqualTo(SPANS - ERRORS);
              });
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                List<GenericRecord> latest =
                    clickHouse.queryAll(
                        "SELECT Burn5m, Burn1h, Burn3d, BudgetRemaining, PeriodTotal, Objective"
                            + " FROM obsera.slo_burn_rates"
                            + " WHERE TenantId = {t:String} AND SloId = {s:String}"
                            + " ORDER BY Time DESC LIMIT 1",
                        params);
                assertThat(latest).isNotEmpty();
                GenericRecord b = latest.get(0);
                assertThat(b.getLong("PeriodTotal")).isEqualTo(SPANS);
                // 10% errors against a 10% budget: burning at exactly 1.
                assertThat(b.getDouble("Burn5m")).isCloseTo(1.0, within(1e-9));
                assertThat(b.getDouble("Burn1h")).isCloseTo(1.0, within(1e-9));
                assertThat(b.getDouble("Burn3d")).isCloseTo(1.0, within(1e-9));
                assertThat(b.getDouble("BudgetRemaining")).isCloseTo(0.0, within(1e-9));
                assertThat(b.getDouble("Objective")).isEqualTo(0.9);
              });
      // Emitted on wall-clock time: more rows arrive without more traffic.
      long rows = burnRows(clickHouse, params);
      await().atMost(Duration.ofSeconds(30)).until(() -> burnRows(clickHouse, params) > rows + 1);
    }
  }

  /** Signed as the API would sign it, so only its content can keep it out. */
  static void writeRaw(String key, String value) throws Exception {
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedServers.kafkaBootstrap()),
            new StringSerializer(),
            new org.apache.kafka.common.serialization.ByteArraySerializer())) {
      producer
          .send(
              TestControlKeys.producerRecord(
                  Topics.CONTROL_SLOS,
                  key,
                  value.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                  false))
          .get();
    }
  }

  static long burnRows(Client clickHouse, Map<String, Object> params) {
    return clickHouse
        .queryAll(
            "SELECT count() FROM obsera.slo_burn_rates"
                + " WHERE TenantId = {t:String} AND SloId = {s:String}",
            params)
        .get(0)
        .getLong(1);
  }

  static String idBody(String id) {
    return "{\"id\":\"" + id + "\"}";
  }
}
