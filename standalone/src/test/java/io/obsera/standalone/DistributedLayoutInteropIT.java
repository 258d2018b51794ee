package io.obsera.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.obsera.model.Json;
import io.obsera.testing.DistributedLayout;
import io.obsera.testing.OtelSdkClient;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The distributed layout, as compose runs it but without containers: every service's own {@code
 * Main} (clickhouse-writer, streams-topology, ingest-bridge, query-service, alert-worker) in a JVM
 * of its own, against one Kafka broker and one ClickHouse server. A real OpenTelemetry SDK sends
 * spans to the ingest process; the query process returns the trace (written by the writer process)
 * and the regional latency of its service (rolled up by the streams process, written by the
 * writer). Interop tier: five JVMs start, which is heavier than the CI suite wants.
 */
class DistributedLayoutInteropIT {
  static DistributedLayout layout;

  @BeforeAll
  static void start() throws Exception {
    layout =
        DistributedLayout.start(
            Files.createTempDirectory(Path.of("target"), "distributed-"),
            Map.of(
                "OBSERA_KAFKA_PARTITIONS", "2",
                "OBSERA_TRACE_SESSION_GAP_MS", "1000",
                "OBSERA_RED_GRACE_MS", "1000"));
  }

  @AfterAll
  static void stop() {
    if (layout != null) {
      layout.close();
    }
  }

  @Test
  void should_carryATraceThroughEveryServiceProcess_toTheQueryApi() throws Exception {
    // /ready, as the compose health check asks: in the distributed layout the query service's
    // own stages (ClickHouse, schema applied by the writer's process, Kafka, control plane)
    layout.awaitReady(Duration.ofSeconds(120));
    String adminToken = layout.adminToken();
    String tenant = "dist-" + layout.dir().getFileName().toString().replaceAll("[^a-z0-9]", "");
    assertThat(
            send(
                    "POST",
                    "/api/v1/admin/tenants",
                    adminToken,
                    "{\"id\":\"" + tenant + "\",\"name\":\"Distributed\"}")
                .statusCode())
        .isEqualTo(201);
    HttpResponse<String> issued =
        send("POST", "/api/v1/admin/tenants/" + tenant + "/keys", adminToken, "{\"name\":\"it\"}");
    assertThat(issued.statusCode()).isEqualTo(201);
    String key = Json.MAPPER.readTree(issued.body()).get("key").asText();

    long startNanos = System.currentTimeMillis() * 1_000_000L;
    String traceId;
    try (OtelSdkClient sdk =
        new OtelSdkClient(
            layout.otlpHttpUrl(),
            key,
            "checkout",
            Attributes.of(AttributeKey.stringKey("cloud.region"), "eu-west"))) {
      Span root =
          sdk.tracer().spanBuilder("POST /checkout").setSpanKind(SpanKind.SERVER).startSpan();
      try (Scope ignored = root.makeCurrent()) {
        sdk.tracer().spanBuilder("charge card").startSpan().end();
      } finally {
        root.end();
      }
      traceId = root.getSpanContext().getTraceId();
      // the ingest process may need a moment to see the new key: the SDK retries
      await().atMost(Duration.ofSeconds(30)).until(() -> sdk.flush() && sdk.exportedSpans() == 2);
    }

    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () -> {
              HttpResponse<String> trace = send("GET", "/api/v1/traces/" + traceId, key, null);
              assertThat(trace.statusCode()).isEqualTo(200);
              assertThat(Json.MAPPER.readTree(trace.body()).get("spans")).hasSize(2);
            });
    String latency =
        "/api/v1/latency/regions?service=checkout&from="
            + (startNanos - 60_000_000_000L)
            + "&to="
            + (startNanos + 180_000_000_000L);
    await()
        .atMost(Duration.ofSeconds(150))
        .pollInterval(Duration.ofSeconds(2))
        .untilAsserted(
            () -> {
              JsonNode regions =
                  Json.MAPPER.readTree(send("GET", latency, key, null).body()).get("regions");
              assertThat(regions).hasSize(1);
              assertThat(regions.get(0).get("region").asText()).isEqualTo("eu-west");
              assertThat(regions.get(0).get("count").asLong()).isEqualTo(2);
            });
    assertThat(layout.processes().values()).allMatch(Process::isAlive);
  }

  static HttpResponse<String> send(String method, String path, String token, String body)
      throws IOException, InterruptedException {
    return layout.send(method, path, token, body);
  }
}
