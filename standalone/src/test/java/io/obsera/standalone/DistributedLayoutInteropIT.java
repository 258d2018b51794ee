package io.obsera.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.obsera.model.Json;
import io.obsera.platform.control.ControlSignature;
import io.obsera.platform.control.ControlTrust;
import io.obsera.testing.OtelSdkClient;
import io.obsera.testing.SharedServers;
import io.obsera.testing.TestClickHouse;
import io.obsera.testing.TestKafka;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final List<String> MAINS =
      List.of(
          "io.obsera.writer.Main",
          "io.obsera.streams.Main",
          "io.obsera.ingest.Main",
          "io.obsera.query.Main",
          "io.obsera.alert.Main");
  static final List<Process> processes = new ArrayList<>();
  static Path dir;
  static int apiPort;
  static int otlpPort;
  static String adminToken;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory(Path.of("target"), "distributed-");
    SharedServers.ClickHouseEndpoint ch = SharedServers.clickHouse();
    apiPort = freePort();
    otlpPort = freePort();
    adminToken = "distributed-admin-token-" + dir.getFileName();
    Map<String, String> env = new HashMap<>();
    env.put("OBSERA_KAFKA_BOOTSTRAP", SharedServers.kafkaBootstrap());
    env.put("OBSERA_KAFKA_PARTITIONS", "2");
    env.put("OBSERA_CLICKHOUSE_URL", ch.httpUrl());
    env.put("OBSERA_CLICKHOUSE_USER", ch.user());
    env.put("OBSERA_CLICKHOUSE_PASSWORD", ch.password());
    env.put("OBSERA_CLICKHOUSE_DATABASE", TestClickHouse.createDatabase("distributed"));
    env.put("OBSERA_STREAMS_APPLICATION_ID", TestKafka.uniqueName("distributed-streams"));
    env.put("OBSERA_ALERT_APPLICATION_ID", TestKafka.uniqueName("distributed-alerts"));
    env.put("OBSERA_STREAMS_STATE_DIR", dir.resolve("streams").toString());
    env.put("OBSERA_ALERT_STATE_DIR", dir.resolve("alert-worker").toString());
    env.put("OBSERA_TRACE_SESSION_GAP_MS", "1000");
    env.put("OBSERA_RED_GRACE_MS", "1000");
    env.put("OBSERA_BIND", "127.0.0.1");
    env.put("OBSERA_API_PORT", Integer.toString(apiPort));
    env.put("OBSERA_OTLP_HTTP_PORT", Integer.toString(otlpPort));
    env.put("OBSERA_OTLP_GRPC_PORT", Integer.toString(freePort()));
    env.put("OBSERA_INGEST_INSTANCE_ID", "distributed-it");
    env.put("OBSERA_ADMIN_TOKEN", adminToken);
    env.put("OBSERA_SECRET_KEY", Base64.getEncoder().encodeToString(new byte[32]));
    // every service trusts the control-record public key; only the query service signs
    KeyPair control = ControlSignature.generate();
    env.put(ControlTrust.VERIFY_KEYS_ENV, ControlTrust.encodePublic(control.getPublic()));
    String java = ProcessHandle.current().info().command().orElse("java");
    for (String main : MAINS) {
      ProcessBuilder pb =
          new ProcessBuilder(java, "-Xmx384m", "-cp", System.getProperty("java.class.path"), main);
      pb.environment().putAll(env);
      if (main.equals("io.obsera.query.Main")) {
        pb.environment()
            .put(ControlTrust.SIGNING_KEY_ENV, ControlTrust.encodePrivate(control.getPrivate()));
      }
      pb.redirectErrorStream(true);
      pb.redirectOutput(dir.resolve(main.split("\\.")[2] + ".log").toFile());
      processes.add(pb.start());
    }
  }

  @AfterAll
  static void stop() throws InterruptedException {
    processes.forEach(Process::destroy);
    for (Process p : processes) {
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }

  @Test
  void should_carryATraceThroughEveryServiceProcess_toTheQueryApi() throws Exception {
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofSeconds(1))
        .ignoreExceptions()
        // /ready, as the compose health check asks: in the distributed layout the query service's
        // own stages (ClickHouse, schema applied by the writer's process, Kafka, control plane)
        .until(() -> send("GET", "/ready", adminToken, null).statusCode() == 200);
    String tenant = "dist-" + dir.getFileName().toString().replaceAll("[^a-z0-9]", "");
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
            "http://127.0.0.1:" + otlpPort,
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
    assertThat(processes).allMatch(Process::isAlive);
  }

  static HttpResponse<String> send(String method, String path, String token, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + path))
            .header("Authorization", "Bearer " + token)
            .timeout(Duration.ofSeconds(20));
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
