package io.obsera.ingest.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.obsera.ingest.IngestConfig;
import io.obsera.ingest.IngestService;
import io.obsera.ingest.limits.IngestLimits;
import io.obsera.model.RecordHeaders;
import io.obsera.model.Topics;
import io.obsera.model.control.ApiKeyRecord;
import io.obsera.model.control.ApiKeyToken;
import io.obsera.model.control.TenantRecord;
import io.obsera.platform.control.ControlPlaneWriter;
import io.obsera.platform.kafka.TopicProvisioner;
import io.obsera.testing.ObseraServersExtension;
import io.obsera.testing.OtelSdkClient;
import io.obsera.testing.SharedServers;
import io.obsera.testing.TestControlKeys;
import io.obsera.testing.TestKafka;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
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

@ExtendWith(ObseraServersExtension.class)
class OtlpHttpReceiverIT {
  static final String TENANT = "ingest-it-" + UUID.randomUUID().toString().substring(0, 8);
  static IngestService ingest;
  static ControlPlaneWriter control;
  static String baseUrl;
  static String key;
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final String ADMIN_TOKEN = "ingest-admin-token-0123456789";
  static final String PREVIOUS_ADMIN_TOKEN = "ingest-previous-admin-token-0123";

  @BeforeAll
  static void start() throws Exception {
    String kafka = SharedServers.kafkaBootstrap();
    TopicProvisioner.ensure(kafka, Map.of(), Topics.all(2));
    control = new ControlPlaneWriter(kafka, Map.of(), TestControlKeys.signer());
    control.putTenant(new TenantRecord(TENANT, TENANT, Instant.now(), "test"));
    key = issueKey(Set.of(io.obsera.model.control.Scope.INGEST));
    ingest =
        new IngestService(
                IngestConfig.of("127.0.0.1", 0, kafka, "receiver-it", TestControlKeys.verifying())
                    .withMaxRequestBytes(1 << 20)
                    .withAdminToken(ADMIN_TOKEN)
                    .withPreviousAdminTokens(List.of(PREVIOUS_ADMIN_TOKEN)))
            .start();
    baseUrl = "http://127.0.0.1:" + ingest.otlpHttpPort();
  }

  @AfterAll
  static void stop() {
    ingest.close();
    control.close();
  }

  static String issueKey(Set<io.obsera.model.control.Scope> scopes) {
    ApiKeyToken token = ApiKeyToken.generate();
    control.putApiKey(
        new ApiKeyRecord(
            token.keyId(),
            TENANT,
            token.secretSha256(),
            scopes,
            "it",
            Instant.now(),
            null,
            "test"));
    return token.token();
  }

  @Test
  void should_publishSdkSpansAndLogs_keyedByTenantAndTrace() throws Exception {
    String traceId;
    try (OtelSdkClient sdk = new OtelSdkClient(baseUrl, key, "checkout")) {
      Span span = sdk.tracer().spanBuilder("GET /cart").setSpanKind(SpanKind.SERVER).startSpan();
      try (Scope ignored = span.makeCurrent()) {
        sdk.logger().logRecordBuilder().setSeverity(Severity.ERROR).setBody("cart is empty").emit();
      }
      span.end();
      traceId = span.getSpanContext().getTraceId();
      assertThat(sdk.flush()).as("exports succeeded").isTrue();
      assertThat(sdk.exportsOk()).isEqualTo(2);
    }

    String expectedKey = TENANT + "|" + traceId;
    List<ConsumerRecord<String, byte[]>> spans =
        TestKafka.readUntil(Topics.OTLP_SPANS, expectedKey);
    ConsumerRecord<String, byte[]> rec = spans.get(spans.size() - 1);
    assertThat(RecordHeaders.read(rec.headers(), RecordHeaders.TENANT)).contains(TENANT);
    List<ConsumerRecord<String, byte[]>> logs = TestKafka.readUntil(Topics.OTLP_LOGS, expectedKey);
    assertThat(logs).isNotEmpty();
    assertThat(parseSpanName(rec.value())).isEqualTo("GET /cart");
    assertThat(parseLogBody(logs.get(logs.size() - 1).value())).isEqualTo("cart is empty");
  }

  @Test
  void should_publishSdkMetrics_keyedByTenantResourceAndMetric_withExemplars() throws Exception {
    String traceId;
    try (OtelSdkClient sdk = new OtelSdkClient(baseUrl, key, "checkout")) {
      LongCounter orders = sdk.meter().counterBuilder("orders.placed").build();
      DoubleHistogram latency =
          sdk.meter().histogramBuilder("checkout.duration").setUnit("ms").build();
      Span span = sdk.tracer().spanBuilder("checkout").startSpan();
      try (Scope ignored = span.makeCurrent()) {
        orders.add(3, Attributes.of(AttributeKey.stringKey("region"), "eu-west"));
        latency.record(120.5);
      }
      span.end();
      traceId = span.getSpanContext().getTraceId();
      assertThat(sdk.flush()).isTrue();
    }

    // The SDK exports at flush and again at shutdown (cumulative, exemplars reset after the first).
    List<Metric> histograms = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> r : TestKafka.readAll(Topics.OTLP_METRICS)) {
      if (r.key().startsWith(TENANT + "|m:") && r.key().endsWith(":checkout.duration")) {
        assertThat(RecordHeaders.read(r.headers(), RecordHeaders.SIGNAL)).contains("metrics");
        assertThat(RecordHeaders.read(r.headers(), RecordHeaders.TENANT)).contains(TENANT);
        histograms.add(
            ExportMetricsServiceRequest.parseFrom(r.value())
                .getResourceMetrics(0)
                .getScopeMetrics(0)
                .getMetrics(0));
      }
    }
    assertThat(histograms).isNotEmpty();
    Metric first = histograms.get(0);
    assertThat(first.getName()).isEqualTo("checkout.duration");
    assertThat(first.getUnit()).isEqualTo("ms");
    assertThat(first.getHistogram().getDataPoints(0).getSum()).isEqualTo(120.5);
    assertThat(first.getHistogram().getDataPoints(0).getExemplarsList())
        .extracting(e -> java.util.HexFormat.of().formatHex(e.getTraceId().toByteArray()))
        .containsExactly(traceId);
  }

  @Test
  void should_answer401WithStatusMessage_whenKeyUnknown() throws Exception {
    try (OtelSdkClient sdk =
        new OtelSdkClient(baseUrl, "obs_000000000000_notarealkeynotarealkey", "x")) {
      sdk.tracer().spanBuilder("denied").startSpan().end();
      assertThat(sdk.flush()).isFalse();
      assertThat(sdk.exportsFailed()).isEqualTo(1);
    }
    HttpResponse<byte[]> r = post("/v1/traces", "wrong", "application/x-protobuf", new byte[0]);
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(new String(r.body())).contains("unknown or revoked API key");
  }

  @Test
  void should_stopAcceptingAKey_secondsAfterItIsRevoked() throws Exception {
    String k = issueKey(Set.of(io.obsera.model.control.Scope.INGEST));
    byte[] body = ExportTraceServiceRequest.getDefaultInstance().toByteArray();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> post("/v1/traces", k, "application/x-protobuf", body).statusCode() == 200);

    ApiKeyToken t = ApiKeyToken.parse(k);
    control.putApiKey(
        new ApiKeyRecord(
                t.keyId(),
                TENANT,
                t.secretSha256(),
                Set.of(io.obsera.model.control.Scope.INGEST),
                "it",
                Instant.now(),
                null,
                "test")
            .revoke(Instant.now(), "test"));

    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> post("/v1/traces", k, "application/x-protobuf", body).statusCode() == 401);
  }

  @Test
  void should_answer403_forAKeyWithoutIngestScope() throws Exception {
    String queryOnly = issueKey(Set.of(io.obsera.model.control.Scope.QUERY));
    byte[] body = ExportTraceServiceRequest.getDefaultInstance().toByteArray();
    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                post("/v1/traces", queryOnly, "application/x-protobuf", body).statusCode() == 403);
    assertThat(new String(post("/v1/traces", queryOnly, "application/x-protobuf", body).body()))
        .contains("has no ingest scope");
  }

  @Test
  void should_reject_badBodies_withClearErrors() throws Exception {
    HttpResponse<byte[]> garbage =
        post("/v1/traces", key, "application/x-protobuf", new byte[] {(byte) 0xff, 1, 2});
    assertThat(garbage.statusCode()).isEqualTo(400);
    assertThat(new String(garbage.body())).contains("not a valid ExportTraceServiceRequest");

    HttpResponse<byte[]> text = post("/v1/logs", key, "text/plain", "hello".getBytes());
    assertThat(text.statusCode()).isEqualTo(415);
    assertThat(new String(text.body()))
        .contains("Content-Type must be one of")
        .contains("text/plain");

    HttpResponse<byte[]> huge =
        post("/v1/traces", key, "application/x-protobuf", new byte[(1 << 20) + 10]);
    assertThat(huge.statusCode()).isEqualTo(413);
  }

  @Test
  void should_storeTheSpanBytesAsSent_whenTheBodyIsProtobuf() throws Exception {
    String traceHex = UUID.randomUUID().toString().replace("-", "");
    byte[] span = OutOfOrderSpans.span(java.util.HexFormat.of().parseHex(traceHex), "as-sent");
    assertThat(io.opentelemetry.proto.trace.v1.Span.parseFrom(span).toByteArray())
        .as("the span serialised again")
        .isNotEqualTo(span);

    HttpResponse<byte[]> r =
        post("/v1/traces", key, "application/x-protobuf", OutOfOrderSpans.request(span));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(TestKafka.readUntil(Topics.OTLP_SPANS, TENANT + "|" + traceHex).get(0).value())
        .containsSequence(span);
  }

  @Test
  void should_answer429WithRetryAfter_whenTenantIsOverItsRate_andTruncateAttributes()
      throws Exception {
    IngestConfig strict =
        IngestConfig.of(
                "127.0.0.1",
                0,
                SharedServers.kafkaBootstrap(),
                "receiver-it-strict",
                TestControlKeys.verifying())
            .withLimits(new IngestLimits(100, 2, 4, 4, 6))
            .withAdminToken(ADMIN_TOKEN);
    try (IngestService limited = new IngestService(strict).start()) {
      String url = "http://127.0.0.1:" + limited.otlpHttpPort();
      String traceHex = "7" + "0".repeat(30) + "7";
      ExportTraceServiceRequest fourSpans = fourSpans(traceHex);

      HttpResponse<byte[]> first = postTo(url, "/v1/traces", key, fourSpans.toByteArray());
      HttpResponse<byte[]> second = postTo(url, "/v1/traces", key, fourSpans.toByteArray());

      assertThat(first.statusCode()).isEqualTo(200);
      assertThat(second.statusCode()).isEqualTo(429);
      assertThat(second.headers().firstValue("Retry-After")).contains("1");
      assertThat(new String(second.body())).contains("over its rate of 6 items/s");
      io.opentelemetry.proto.trace.v1.Span stored =
          ExportTraceServiceRequest.parseFrom(
                  TestKafka.readUntil(Topics.OTLP_SPANS, TENANT + "|" + traceHex).get(0).value())
              .getResourceSpans(0)
              .getScopeSpans(0)
              .getSpans(0);
      assertThat(stored.getAttributesCount()).isEqualTo(2);
      assertThat(stored.getDroppedAttributesCount()).isEqualTo(1);
      assertThat(stored.getAttributes(0).getValue().getStringValue()).isEqualTo("abcd");
      String metrics = get(url + "/metrics", "Bearer " + ADMIN_TOKEN).body();
      assertThat(metrics)
          .contains(
              "obsera_ingest_items_accepted_total{signal=\"traces\",tenant=\"" + TENANT + "\"} 4.0")
          .contains(
              "obsera_ingest_requests_total{signal=\"traces\",status=\"429\",transport=\"http\"} 1.0")
          .contains("obsera_ingest_kafka_commit_duration_seconds_count");
    }
  }

  @Test
  void should_answer503_whenABrokerDiskIsPastTheWatermark() throws Exception {
    // No real disk is 99.99% free: the watermark is always crossed.
    IngestConfig nearlyFull =
        IngestConfig.of(
                "127.0.0.1",
                0,
                SharedServers.kafkaBootstrap(),
                "disk-it",
                TestControlKeys.verifying())
            .withMinFreeDiskRatio(0.9999);
    try (IngestService ingest = new IngestService(nearlyFull).start()) {
      String url = "http://127.0.0.1:" + ingest.otlpHttpPort();
      byte[] body = fourSpans("8" + "0".repeat(30) + "8").toByteArray();
      await()
          .atMost(Duration.ofSeconds(15))
          .untilAsserted(
              () -> {
                HttpResponse<byte[]> r = postTo(url, "/v1/traces", key, body);
                assertThat(r.statusCode()).isEqualTo(503);
                assertThat(r.headers().firstValue("Retry-After")).isPresent();
                assertThat(new String(r.body())).contains("watermark");
              });
    }
  }

  static ExportTraceServiceRequest fourSpans(String traceHex) {
    ScopeSpans.Builder ss = ScopeSpans.newBuilder();
    for (int i = 1; i <= 4; i++) {
      ss.addSpans(
          io.opentelemetry.proto.trace.v1.Span.newBuilder()
              .setTraceId(ByteString.copyFrom(java.util.HexFormat.of().parseHex(traceHex)))
              .setSpanId(ByteString.copyFrom(new byte[] {0, 0, 0, 0, 0, 0, 0, (byte) i}))
              .setName("limited")
              .addAttributes(kv("a", "abcdefgh"))
              .addAttributes(kv("b", "x"))
              .addAttributes(kv("c", "y")));
    }
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(ResourceSpans.newBuilder().addScopeSpans(ss))
        .build();
  }

  static KeyValue kv(String k, String v) {
    return KeyValue.newBuilder()
        .setKey(k)
        .setValue(AnyValue.newBuilder().setStringValue(v))
        .build();
  }

  static HttpResponse<byte[]> postTo(String url, String path, String apiKey, byte[] body)
      throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url + path))
            .header("Authorization", "Bearer " + apiKey)
            .header("Content-Type", "application/x-protobuf")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  static HttpResponse<String> get(String url) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> get(String url, String authorization) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url)).header("Authorization", authorization).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void should_serveTenantLabelledMetrics_onlyWithTheAdminToken() throws Exception {
    byte[] spans = fourSpans("9" + "0".repeat(30) + "9").toByteArray();
    assertThat(postTo(baseUrl, "/v1/traces", key, spans).statusCode()).isEqualTo(200);
    HttpResponse<String> open = get(baseUrl + "/metrics");
    assertThat(open.statusCode()).isEqualTo(200);
    assertThat(open.body())
        .contains(
            "obsera_ingest_requests_total{signal=\"traces\",status=\"200\",transport=\"http\"}")
        .contains("obsera_ingest_kafka_commit_duration_seconds_count")
        .doesNotContain("tenant=")
        .doesNotContain(TENANT)
        .doesNotContain("obsera_ingest_items_");
    HttpResponse<String> admin = get(baseUrl + "/metrics", "Bearer " + ADMIN_TOKEN);
    assertThat(admin.statusCode()).isEqualTo(200);
    assertThat(admin.body())
        .contains("obsera_ingest_items_accepted_total{signal=\"traces\",tenant=\"" + TENANT + "\"}")
        .contains("obsera_ingest_requests_total{signal=\"traces\",status=\"200\"");
    // during a rotation window the previous token (OBSERA_ADMIN_TOKEN_PREVIOUS) is accepted too
    HttpResponse<String> previous = get(baseUrl + "/metrics", "Bearer " + PREVIOUS_ADMIN_TOKEN);
    assertThat(previous.statusCode()).isEqualTo(200);
    assertThat(previous.body()).contains("tenant=\"" + TENANT + "\"");
    for (String wrong :
        List.of("Bearer " + key, "Bearer " + ADMIN_TOKEN + "x", "Basic " + ADMIN_TOKEN, "")) {
      HttpResponse<String> r = get(baseUrl + "/metrics", wrong);
      assertThat(r.statusCode()).as(wrong).isEqualTo(401);
      assertThat(r.body()).as(wrong).contains("OBSERA_ADMIN_TOKEN").doesNotContain(TENANT);
    }
    // Without an admin token of its own, an ingest bridge never serves them.
    IngestConfig plain =
        IngestConfig.of(
            "127.0.0.1",
            0,
            SharedServers.kafkaBootstrap(),
            "receiver-it-plain",
            TestControlKeys.verifying());
    try (IngestService noToken = new IngestService(plain).start()) {
      String url = "http://127.0.0.1:" + noToken.otlpHttpPort();
      assertThat(postTo(url, "/v1/traces", key, spans).statusCode()).isEqualTo(200);
      assertThat(get(url + "/metrics").body())
          .contains("obsera_ingest_requests_total{")
          .doesNotContain(TENANT);
      HttpResponse<String> r = get(url + "/metrics", "Bearer " + ADMIN_TOKEN);
      assertThat(r.statusCode()).isEqualTo(401);
      assertThat(r.body()).contains("has no OBSERA_ADMIN_TOKEN").doesNotContain(TENANT);
    }
  }

  @Test
  void should_answerCorsPreflights_andBindBrowserKeysToTheirOrigins() throws Exception {
    ApiKeyToken t = ApiKeyToken.generate();
    control.putApiKey(
        new ApiKeyRecord(
            t.keyId(),
            TENANT,
            t.secretSha256(),
            Set.of(io.obsera.model.control.Scope.BROWSER),
            "web",
            Instant.now(),
            null,
            "test",
            Set.of("https://shop.example")));
    byte[] body = ExportTraceServiceRequest.getDefaultInstance().toByteArray();

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              HttpResponse<String> pre = preflight("https://shop.example");
              assertThat(pre.statusCode()).isEqualTo(204);
              assertThat(pre.headers().firstValue("Access-Control-Allow-Origin"))
                  .contains("https://shop.example");
              assertThat(pre.headers().firstValue("Access-Control-Allow-Headers").orElse(""))
                  .contains("Authorization");
            });
    assertThat(preflight("https://evil.example").statusCode()).isEqualTo(403);

    HttpResponse<byte[]> fromShop = postFrom("https://shop.example", t.token(), body);
    assertThat(fromShop.statusCode()).isEqualTo(200);
    assertThat(fromShop.headers().firstValue("Access-Control-Allow-Origin"))
        .contains("https://shop.example");
    HttpResponse<byte[]> fromEvil = postFrom("https://evil.example", t.token(), body);
    assertThat(fromEvil.statusCode()).isEqualTo(403);
    assertThat(new String(fromEvil.body())).contains("may only be used from its origins");
    assertThat(post("/v1/traces", t.token(), "application/x-protobuf", body).statusCode())
        .isEqualTo(403);
  }

  static HttpResponse<String> preflight(String origin) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(baseUrl + "/v1/traces"))
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "POST")
            .header("Access-Control-Request-Headers", "authorization,content-type")
            .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<byte[]> postFrom(String origin, String apiKey, byte[] body) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(baseUrl + "/v1/traces"))
            .header("Origin", origin)
            .header("Authorization", "Bearer " + apiKey)
            .header("Content-Type", "application/x-protobuf")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void should_reportReadyFromKafkaAlone() throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(baseUrl + "/ready")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"status\":\"ready\"");
  }

  static HttpResponse<byte[]> post(String path, String apiKey, String contentType, byte[] body)
      throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .header("Authorization", "Bearer " + apiKey)
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  static String parseSpanName(byte[] value) throws Exception {
    return ExportTraceServiceRequest.parseFrom(value)
        .getResourceSpans(0)
        .getScopeSpans(0)
        .getSpans(0)
        .getName();
  }

  static String parseLogBody(byte[] value) throws Exception {
    return ExportLogsServiceRequest.parseFrom(value)
        .getResourceLogs(0)
        .getScopeLogs(0)
        .getLogRecords(0)
        .getBody()
        .getStringValue();
  }
}
