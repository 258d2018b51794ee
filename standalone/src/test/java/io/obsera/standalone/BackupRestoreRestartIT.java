package io.obsera.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.obsera.model.Json;
import io.obsera.model.Topics;
import io.obsera.testing.OtelSdkClient;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code ./obsera backup} and {@code ./obsera restore} on the standalone runtime with its own
 * embedded Kafka and ClickHouse: a populated runtime (a tenant, its key, an SLO, a dashboard, spans
 * from the OpenTelemetry SDK) is stopped and backed up, the backup restored into an empty data
 * directory, and a runtime started from that finds every one of them; the errors (running runtime,
 * non-empty target, missing or corrupted backup, newer version) have their exit codes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackupRestoreRestartIT {
  static final String SLO =
      "{\"id\":\"checkout-availability\",\"name\":\"Checkout\",\"kind\":\"availability\","
          + "\"service\":\"checkout\",\"objective\":0.999,\"period\":\"ROLLING_30D\"}";
  static final String DASHBOARD =
      "{\"id\":\"ops\",\"title\":\"Ops\",\"panels\":[{\"id\":\"p\",\"title\":\"P\","
          + "\"sql\":\"SELECT 1\"}]}";

  static Path root;
  static Map<String, String> env;
  static Standalone obsera;
  static String acmeKey;
  static String defaultKey;
  static String adminToken;
  static final List<String> traceIds = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    root = Files.createTempDirectory(Path.of("target"), "backup-it-");
    env = envFor(root.resolve("data"));
    obsera = Standalone.start(StandaloneConfig.fromEnv(env), System.out);
  }

  static Map<String, String> envFor(Path dataDir) {
    Map<String, String> e = new HashMap<>(System.getenv());
    e.put("OBSERA_DATA_DIR", dataDir.toString());
    e.put("OBSERA_STANDALONE_PROBES", "none");
    for (String port : StandaloneConfig.PORT_VARIABLES) {
      e.put(port, "0");
    }
    for (String v :
        List.of(
            "OBSERA_API_KEY",
            "OBSERA_ADMIN_TOKEN",
            "OBSERA_SECRET_KEY",
            "OBSERA_CONTROL_SIGNING_KEY",
            "OBSERA_KAFKA_BOOTSTRAP",
            "OBSERA_CLICKHOUSE_URL")) {
      e.remove(v);
    }
    return e;
  }

  @AfterAll
  static void stop() {
    if (obsera != null) {
      obsera.close();
    }
  }

  /** Exit code, standard out and standard error of the command. */
  record Run(int code, String out, String err) {}

  static Run command(Map<String, String> environment, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        BackupCommand.run(
            List.of(args),
            StandaloneConfig.fromEnv(environment),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    System.out.print(out.toString(StandardCharsets.UTF_8));
    System.out.print(err.toString(StandardCharsets.UTF_8));
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  static List<String> topLevelFiles(Path dir) throws Exception {
    try (java.util.stream.Stream<Path> files = Files.list(dir)) {
      return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).toList();
    }
  }

  static StandaloneApi api(String key) {
    return new StandaloneApi(obsera, key);
  }

  @Test
  @Order(1)
  void should_populateTheRuntime() throws Exception {
    adminToken = obsera.adminToken();
    defaultKey = obsera.apiKey();
    StandaloneApi admin = api(adminToken);
    HttpResponse<String> tenant =
        admin.call(
            "POST", "/api/v1/admin/tenants", adminToken, "{\"id\":\"acme\",\"name\":\"Acme\"}");
    assertThat(tenant.statusCode()).as(tenant.body()).isEqualTo(201);
    HttpResponse<String> key =
        admin.call(
            "POST",
            "/api/v1/admin/tenants/acme/keys",
            adminToken,
            "{\"name\":\"ci\",\"scopes\":[\"ingest\",\"query\"],\"role\":\"admin\"}");
    assertThat(key.statusCode()).as(key.body()).isEqualTo(201);
    acmeKey = Json.MAPPER.readTree(key.body()).get("key").asText();
    StandaloneApi acme = api(acmeKey);
    acme.json("POST", "/api/v1/slos", SLO, 201);
    acme.json("POST", "/api/v1/dashboards", DASHBOARD, 201);
    try (OtelSdkClient sdk =
        new OtelSdkClient("http://127.0.0.1:" + obsera.otlpHttpPort(), acmeKey, "checkout")) {
      for (int i = 0; i < 5; i++) {
        Span span =
            sdk.tracer()
                .spanBuilder("POST /checkout " + i)
                .setSpanKind(SpanKind.SERVER)
                .startSpan();
        span.end();
        traceIds.add(span.getSpanContext().getTraceId());
      }
      assertThat(sdk.flush()).isTrue();
    }
    awaitTraces(acme);
  }

  static void awaitTraces(StandaloneApi acme) {
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              for (int i = 0; i < traceIds.size(); i++) {
                HttpResponse<String> r =
                    acme.call("GET", "/api/v1/traces/" + traceIds.get(i), acmeKey, null);
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                JsonNode spans = Json.MAPPER.readTree(r.body()).get("spans");
                assertThat(spans).hasSize(1);
                assertThat(spans.get(0).get("name").asText()).isEqualTo("POST /checkout " + i);
              }
            });
  }

  @Test
  @Order(2)
  void should_refuseToBackUp_whileTheRuntimeRuns() throws Exception {
    Run run = command(env, "backup", root.resolve("refused").toString());

    assertThat(run.code()).isEqualTo(3);
    assertThat(run.err()).contains("is running on").contains("stop it first");
    assertThat(root.resolve("refused")).doesNotExist();
  }

  @Test
  @Order(3)
  void should_backUpTheStoppedRuntime() throws Exception {
    obsera.close();
    obsera = null;
    Files.createDirectories(root.resolve("not-empty"));
    Files.writeString(root.resolve("not-empty/x"), "x");
    assertThat(command(env, "backup", root.resolve("not-empty").toString()).code()).isEqualTo(4);

    Run run = command(env, "backup", root.resolve("backup").toString());

    assertThat(run.code()).as(run.err()).isZero();
    JsonNode manifest = Json.MAPPER.readTree(root.resolve("backup/manifest.json").toFile());
    assertThat(manifest.get("format").asText()).isEqualTo("obsera-backup");
    assertThat(manifest.get("formatVersion").asInt()).isEqualTo(1);
    assertThat(manifest.get("schemaVersion").asInt()).isPositive();
    assertThat(manifest.at("/topics/" + Topics.CONTROL_TENANTS.replace("/", "~1")).asLong())
        .isGreaterThanOrEqualTo(2);
    assertThat(manifest.get("topics").has(Topics.CONTROL_SESSIONS)).isFalse();
    assertThat(root.resolve("backup/clickhouse/.backup")).isRegularFile();
    assertThat(
            Files.readString(root.resolve("backup/control/" + Topics.CONTROL_API_KEYS + ".jsonl")))
        .contains("obsera.sig");
  }

  @Test
  @Order(4)
  void should_refuseBadBackups_withTheirExitCodes() throws Exception {
    Map<String, String> fresh = envFor(root.resolve("never-used"));
    Run missing = command(fresh, "restore", root.resolve("no-such-backup").toString());
    assertThat(missing.code()).isEqualTo(5);
    assertThat(missing.err()).contains("no backup at");

    Path copy = root.resolve("corrupted");
    BackupFiles.link(root.resolve("backup"), copy);
    // one changed byte in the copy (its hard link is replaced, the backup stays as it was)
    Path tenants = copy.resolve("control/" + Topics.CONTROL_TENANTS + ".jsonl");
    String text = Files.readString(tenants);
    Files.delete(tenants);
    Files.writeString(tenants, text.replaceFirst("\"offset\":0", "\"offset\":7"));
    Run corrupted = command(fresh, "restore", copy.toString());
    assertThat(corrupted.code()).isEqualTo(5);
    assertThat(corrupted.err()).contains(Topics.CONTROL_TENANTS + ".jsonl is corrupted");

    String manifest = Files.readString(copy.resolve("manifest.json"));
    Files.delete(copy.resolve("manifest.json"));
    Files.writeString(
        copy.resolve("manifest.json"),
        manifest.replaceFirst("\"schemaVersion\" : \\d+", "\"schemaVersion\" : 9999"));
    Run newer = command(fresh, "restore", copy.toString());
    assertThat(newer.code()).isEqualTo(6);
    assertThat(newer.err()).contains("schema version 9999, newer than this Obsera knows");

    Run notEmpty = command(env, "restore", root.resolve("backup").toString());
    assertThat(notEmpty.code()).isEqualTo(4);
    assertThat(notEmpty.err()).contains("is not empty");
    assertThat(root.resolve("never-used")).doesNotExist();
  }

  @Test
  @Order(5)
  void should_findEveryTenantKeySloDashboardAndSpan_afterARestoreIntoAnEmptyDataDir()
      throws Exception {
    Map<String, String> restored = envFor(root.resolve("restored"));
    Run run = command(restored, "restore", root.resolve("backup").toString());
    assertThat(run.code()).as(run.err()).isZero();
    // every file standalone keeps beside its folders (secrets) is back
    assertThat(topLevelFiles(root.resolve("restored")))
        .containsExactlyInAnyOrderElementsOf(topLevelFiles(root.resolve("data")));

    obsera = Standalone.start(StandaloneConfig.fromEnv(restored), System.out);

    assertThat(obsera.adminToken()).isEqualTo(adminToken);
    assertThat(obsera.apiKey()).isEqualTo(defaultKey);
    api(adminToken).admin("GET", "/api/v1/admin/tenants/acme", 200);
    api(adminToken).admin("GET", "/api/v1/admin/tenants/default", 200);
    StandaloneApi acme = api(acmeKey);
    assertThat(acme.get("/api/v1/slos").toString()).contains("\"checkout-availability\"");
    assertThat(acme.get("/api/v1/dashboards").toString()).contains("\"ops\"");
    assertThat(acme.json("POST", "/api/v1/dashboards/ops/panels/p/run", "{}", 200).toString())
        .contains("1");
    awaitTraces(acme);
    assertThat(acme.ingest(acmeKey)).isEqualTo(200);
    assertThat(api(defaultKey).ingest(defaultKey)).isEqualTo(200);

    // the restored runtime takes new data: a new span lands beside the restored ones
    try (OtelSdkClient sdk =
        new OtelSdkClient("http://127.0.0.1:" + obsera.otlpHttpPort(), acmeKey, "checkout")) {
      Span span =
          sdk.tracer().spanBuilder("POST /checkout 5").setSpanKind(SpanKind.SERVER).startSpan();
      span.end();
      traceIds.add(span.getSpanContext().getTraceId());
      assertThat(sdk.flush()).isTrue();
    }
    awaitTraces(acme);
  }
}
