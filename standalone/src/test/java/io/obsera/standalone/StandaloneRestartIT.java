package io.obsera.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.obsera.model.Json;
import io.obsera.testing.OtelSdkClient;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The walking skeleton end to end, in the standalone runtime with its own embedded ClickHouse and
 * Kafka (it stops and restarts them, so it runs in its own Failsafe execution): a span and a log
 * from the real OpenTelemetry SDK come back from the API, wrong and revoked keys get 401, and the
 * trace survives a restart.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneRestartIT {
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static Path dataDir;
  static Map<String, String> env;
  static Standalone obsera;
  static String traceId;

  @BeforeAll
  static void start() throws Exception {
    // a data directory that does not exist yet: start-up creates it (createTempDirectory is 0700)
    dataDir = Files.createTempDirectory(Path.of("target"), "standalone-it-").resolve("data");
    env = new HashMap<>(System.getenv());
    env.put("OBSERA_DATA_DIR", dataDir.toString());
    for (String port : StandaloneConfig.PORT_VARIABLES) {
      env.put(port, "0");
    }
    env.remove("OBSERA_API_KEY");
    env.remove("OBSERA_ADMIN_TOKEN");
    env.remove("OBSERA_SECRET_KEY");
    obsera = Standalone.start(StandaloneConfig.fromEnv(env), System.out);
  }

  @AfterAll
  static void stop() {
    if (obsera != null) {
      obsera.close();
    }
  }

  static String api() {
    return "http://127.0.0.1:" + obsera.apiPort();
  }

  static HttpResponse<String> get(String path, String key) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(api() + path))
            .header("Authorization", "Bearer " + key)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  @Order(1)
  void should_writeGeneratedSecretsToTheDataDir() throws Exception {
    assertThat(Files.readString(dataDir.resolve("api-key")).strip()).isEqualTo(obsera.apiKey());
    assertThat(Files.readString(dataDir.resolve("admin-token")).strip())
        .isEqualTo(obsera.adminToken());
    assertThat(Files.readString(dataDir.resolve("analyst-password")).strip())
        .isEqualTo(obsera.analystPassword());
    Path secretKey = StandaloneConfig.fromEnv(env).secretKeyFile();
    assertThat(secretKey).isEqualTo(dataDir.resolve("secret-key").toAbsolutePath());
    assertThat(Files.readString(secretKey).strip()).isEqualTo(obsera.secretKey());
    assertThat(
            java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(secretKey)))
        .isEqualTo("rw-------");
    assertPrivate(dataDir);
  }

  /**
   * The data directory, its folders (but for the Kafka Streams state directories, 0750 inside it)
   * and the embedded ClickHouse's config folders 0700, the secret files and ClickHouse's users
   * files 0600 (nothing to check on a file system without POSIX modes).
   */
  static void assertPrivate(Path data) throws Exception {
    if (!Files.getFileStore(data).supportsFileAttributeView("posix")) {
      return;
    }
    List<Path> dirs = new ArrayList<>(List.of(data));
    for (String folder : Standalone.DATA_FOLDERS) {
      Path d = data.resolve(folder);
      if (folder.equals("streams") || folder.equals("alert-worker")) {
        // Kafka Streams sets its state directories to 0750 itself; the 0700 data directory
        // around them keeps everyone else out
        assertThat(mode(d)).as(d.toString()).startsWith("rwx").endsWith("---");
      } else {
        dirs.add(d);
      }
    }
    dirs.add(data.resolve("clickhouse/config"));
    dirs.add(data.resolve("clickhouse/config/users.d"));
    for (Path d : dirs) {
      assertThat(mode(d)).as(d.toString()).isEqualTo("rwx------");
    }
    List<Path> files =
        new ArrayList<>(
            List.of(
                data.resolve("api-key"),
                data.resolve("admin-token"),
                data.resolve("secret-key"),
                data.resolve("probe-key"),
                data.resolve("analyst-password"),
                data.resolve("clickhouse-admin-password"),
                data.resolve("clickhouse/config/users.xml"),
                data.resolve("clickhouse/config/config.xml")));
    try (Stream<Path> readers = Files.list(data.resolve("clickhouse/config/users.d"))) {
      files.addAll(readers.toList());
    }
    for (Path f : files) {
      assertThat(mode(f)).as(f.toString()).isEqualTo("rw-------");
    }
  }

  /** What versions before private data directories left: folders 0755, files 0644. */
  static void loosenLikeAnOlderVersion(Path data) throws Exception {
    try (Stream<Path> all = Files.walk(data, 4)) {
      for (Path p : all.toList()) {
        Files.setPosixFilePermissions(
            p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
      }
    }
  }

  static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  static HttpResponse<String> send(String method, String path, String key, String body)
      throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(api() + path))
            .header("Authorization", "Bearer " + key)
            .method(method, HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  @Order(2)
  void should_returnSdkSpanAndLog_fromTheTraceApi() throws Exception {
    try (OtelSdkClient sdk =
        new OtelSdkClient(
            "http://127.0.0.1:" + obsera.otlpHttpPort(), obsera.apiKey(), "checkout")) {
      Span span =
          sdk.tracer()
              .spanBuilder("POST /checkout")
              .setSpanKind(SpanKind.SERVER)
              .setAttribute("cart.items", 3L)
              .startSpan();
      try (Scope ignored = span.makeCurrent()) {
        sdk.logger()
            .logRecordBuilder()
            .setSeverity(Severity.ERROR)
            .setSeverityText("ERROR")
            .setBody("payment declined")
            .emit();
        span.setStatus(StatusCode.ERROR, "declined");
      }
      span.end();
      traceId = span.getSpanContext().getTraceId();
      assertThat(sdk.flush()).isTrue();
    }

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              HttpResponse<String> r = get("/api/v1/traces/" + traceId, obsera.apiKey());
              assertThat(r.statusCode()).isEqualTo(200);
              JsonNode t = Json.MAPPER.readTree(r.body());
              assertThat(t.get("spans")).hasSize(1);
              assertThat(t.get("logs")).hasSize(1);
            });
    JsonNode t = Json.MAPPER.readTree(get("/api/v1/traces/" + traceId, obsera.apiKey()).body());
    JsonNode span = t.get("spans").get(0);
    assertThat(span.get("name").asText()).isEqualTo("POST /checkout");
    assertThat(span.get("serviceName").asText()).isEqualTo("checkout");
    assertThat(span.get("status").get("code").asText()).isEqualTo("Error");
    assertThat(span.get("attributes").get("cart.items").asText()).isEqualTo("3");
    JsonNode log = t.get("logs").get(0);
    assertThat(log.get("body").asText()).isEqualTo("payment declined");
    assertThat(log.get("spanId").asText()).isEqualTo(span.get("spanId").asText());
    JsonNode pipeline =
        Json.MAPPER
            .readTree(
                HTTP.send(
                        HttpRequest.newBuilder(URI.create(api() + "/health")).build(),
                        HttpResponse.BodyHandlers.ofString())
                    .body())
            .get("pipeline");
    assertThat(pipeline.get("freshnessSeconds").get("traces").asLong()).isBetween(0L, 600L);
    assertThat(pipeline.get("consumerLag").get("obsera-streams-clickhouse-writer").isNumber())
        .isTrue();
  }

  @Test
  @Order(3)
  void should_answer401_forWrongAndRevokedKeys() throws Exception {
    try (OtelSdkClient wrong =
        new OtelSdkClient(
            "http://127.0.0.1:" + obsera.otlpHttpPort(),
            "obs_aaaaaaaaaaaa_wrongwrongwrongwrongwrong",
            "x")) {
      wrong.tracer().spanBuilder("nope").startSpan().end();
      assertThat(wrong.flush()).isFalse();
    }
    HttpResponse<String> issued =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(api() + "/api/v1/admin/tenants/default/keys"))
                .header("Authorization", "Bearer " + obsera.adminToken())
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"temp\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(issued.statusCode()).isEqualTo(201);
    JsonNode key = Json.MAPPER.readTree(issued.body());
    String token = key.get("key").asText();
    try (OtelSdkClient sdk =
        new OtelSdkClient("http://127.0.0.1:" + obsera.otlpHttpPort(), token, "temp")) {
      sdk.tracer().spanBuilder("allowed").startSpan().end();
      assertThat(sdk.flush()).isTrue();
    }

    HttpResponse<String> revoked =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(
                        api() + "/api/v1/admin/tenants/default/keys/" + key.get("keyId").asText()))
                .header("Authorization", "Bearer " + obsera.adminToken())
                .DELETE()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(revoked.statusCode()).isEqualTo(204);

    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              try (OtelSdkClient sdk =
                  new OtelSdkClient("http://127.0.0.1:" + obsera.otlpHttpPort(), token, "temp")) {
                sdk.tracer().spanBuilder("after revoke").startSpan().end();
                assertThat(sdk.flush()).isFalse();
              }
            });
    assertThat(get("/api/v1/traces/" + traceId, token).statusCode()).isEqualTo(401);
  }

  @Test
  @Order(4)
  void should_keepTracesKeysAndSecrets_acrossARestart() throws Exception {
    String apiKey = obsera.apiKey();
    String probeKey = obsera.probeAgents().get(0).config().probeKey();
    String secretKey = obsera.secretKey();
    HttpResponse<String> channel =
        send(
            "POST",
            "/api/v1/channels",
            apiKey,
            "{\"id\":\"ops\",\"channel\":{\"type\":\"WEBHOOK\",\"url\":\"https://8.8.8.8/hook\","
                + "\"secret\":\"restart-0123456789-secret\"}}");
    assertThat(channel.statusCode()).as(channel.body()).isEqualTo(201);
    obsera.close();
    loosenLikeAnOlderVersion(dataDir);
    assertThat(mode(dataDir.resolve("clickhouse"))).isEqualTo("rwxr-xr-x");
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    obsera = Standalone.start(StandaloneConfig.fromEnv(env), new PrintStream(captured, true));
    // a data directory an older version left readable to all is private again after a start
    assertPrivate(dataDir);

    assertThat(obsera.apiKey()).isEqualTo(apiKey);
    assertThat(obsera.probeAgents())
        .as("the probe agents keep their key")
        .allSatisfy(a -> assertThat(a.config().probeKey()).isEqualTo(probeKey));
    assertThat(captured.toString()).contains("up to date").doesNotContain(apiKey);
    // The generated secret key is kept: the channel's sealed secret still opens (a PUT that
    // leaves the secret out keeps it only if it does; the destination stays, only the path moves,
    // since a new destination needs the secret again).
    assertThat(obsera.secretKey()).isEqualTo(secretKey);
    HttpResponse<String> kept =
        send(
            "PUT",
            "/api/v1/channels/ops",
            apiKey,
            "{\"channel\":{\"type\":\"WEBHOOK\",\"url\":\"https://8.8.8.8/hooks/ops\"}}");
    assertThat(kept.statusCode()).as(kept.body()).isEqualTo(200);
    assertThat(kept.body()).doesNotContain("restart-0123456789-secret");
    HttpResponse<String> r = get("/api/v1/traces/" + traceId, apiKey);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(Json.MAPPER.readTree(r.body()).get("spans").get(0).get("name").asText())
        .isEqualTo("POST /checkout");
  }

  @Test
  @Order(5)
  void should_enforceTenantLimitsSetThroughTheAdminApi() throws Exception {
    HttpResponse<String> set =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(api() + "/api/v1/admin/tenants/default/limits"))
                .header("Authorization", "Bearer " + obsera.adminToken())
                .PUT(HttpRequest.BodyPublishers.ofString("{\"maxItemsPerRequest\":1}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(set.statusCode()).isEqualTo(200);

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              try (OtelSdkClient sdk =
                  new OtelSdkClient(
                      "http://127.0.0.1:" + obsera.otlpHttpPort(), obsera.apiKey(), "limited")) {
                Span parent = sdk.tracer().spanBuilder("a").startSpan();
                Span child =
                    sdk.tracer()
                        .spanBuilder("b")
                        .setParent(io.opentelemetry.context.Context.current().with(parent))
                        .startSpan();
                child.end();
                parent.end();
                // The SDK's simple processor exports one span per request: both pass...
                assertThat(sdk.flush()).isTrue();
              }
            });
    // ...and a two-span request is refused with 413.
    byte[] twoSpans = Files.readAllBytes(Path.of("..", "docs", "examples", "trace.binpb"));
    io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest one =
        io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest.parseFrom(twoSpans);
    io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest two =
        one.toBuilder()
            .setResourceSpans(
                0,
                one.getResourceSpans(0).toBuilder()
                    .setScopeSpans(
                        0,
                        one.getResourceSpans(0).getScopeSpans(0).toBuilder()
                            .addSpans(one.getResourceSpans(0).getScopeSpans(0).getSpans(0))))
            .build();
    HttpResponse<String> refused =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + obsera.otlpHttpPort() + "/v1/traces"))
                .header("Authorization", "Bearer " + obsera.apiKey())
                .header("Content-Type", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(two.toByteArray()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(refused.statusCode()).isEqualTo(413);
    assertThat(refused.body()).contains("limit of 1");
  }
}
