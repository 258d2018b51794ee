package io.obsera.ingest.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.obsera.ingest.IngestConfig;
import io.obsera.ingest.IngestService;
import io.obsera.ingest.otlp.OutOfOrderSpans;
import io.obsera.model.RecordHeaders;
import io.obsera.model.Topics;
import io.obsera.model.control.ApiKeyRecord;
import io.obsera.model.control.ApiKeyToken;
import io.obsera.model.control.Scope;
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
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporter;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(ObseraServersExtension.class)
class OtlpGrpcReceiverIT {
  static final String TENANT = "grpc-it-" + UUID.randomUUID().toString().substring(0, 8);
  static final int MAX_REQUEST_BYTES = 1 << 20;
  static IngestService ingest;
  static ControlPlaneWriter control;
  static RawGrpcClient raw;
  static String endpoint;
  static String key;

  @BeforeAll
  static void start() throws Exception {
    String kafka = SharedServers.kafkaBootstrap();
    TopicProvisioner.ensure(kafka, Map.of(), Topics.all(2));
    control = new ControlPlaneWriter(kafka, Map.of(), TestControlKeys.signer());
    control.putTenant(new TenantRecord(TENANT, TENANT, Instant.now(), "test"));
    key = issueKey(Set.of(Scope.INGEST));
    ingest =
        new IngestService(
                IngestConfig.of(
                        "127.0.0.1", 0, kafka, "grpc-receiver-it", TestControlKeys.verifying())
                    .withMaxRequestBytes(MAX_REQUEST_BYTES))
            .start();
    endpoint = "http://127.0.0.1:" + ingest.otlpGrpcPort();
    raw = new RawGrpcClient(ingest.otlpGrpcPort());
  }

  @AfterAll
  static void stop() throws Exception {
    raw.close();
    ingest.close();
    control.close();
  }

  static String issueKey(Set<Scope> scopes) {
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

  static OtelSdkClient grpcSdk(String apiKey, String compression, String service) {
    return new OtelSdkClient(
        OtlpGrpcSpanExporter.builder()
            .setEndpoint(endpoint)
            .addHeader("Authorization", "Bearer " + apiKey)
            .setCompression(compression)
            .setTimeout(Duration.ofSeconds(10))
            .build(),
        OtlpGrpcLogRecordExporter.builder()
            .setEndpoint(endpoint)
            .addHeader("Authorization", "Bearer " + apiKey)
            .setCompression(compression)
            .setTimeout(Duration.ofSeconds(10))
            .build(),
        OtlpGrpcMetricExporter.builder()
            .setEndpoint(endpoint)
            .addHeader("Authorization", "Bearer " + apiKey)
            .setCompression(compression)
            .setTimeout(Duration.ofSeconds(10))
            .build(),
        service);
  }

  @ParameterizedTest
  @ValueSource(strings = {"none", "gzip"})
  void should_publishSdkSpansLogsAndMetrics_keyedByTenant(String compression) throws Exception {
    String metricName = "grpc.orders." + compression;
    String traceId;
    try (OtelSdkClient sdk = grpcSdk(key, compression, "checkout-" + compression)) {
      Span span = sdk.tracer().spanBuilder("GET /cart " + compression).startSpan();
      try (io.opentelemetry.context.Scope ignored = span.makeCurrent()) {
        sdk.logger()
            .logRecordBuilder()
            .setSeverity(Severity.WARN)
            .setBody("cart is empty " + compression)
            .emit();
        sdk.meter()
            .counterBuilder(metricName)
            .build()
            .add(3, Attributes.of(AttributeKey.stringKey("region"), "eu-west"));
      }
      span.end();
      traceId = span.getSpanContext().getTraceId();
      assertThat(sdk.flush()).as("exports succeeded").isTrue();
      assertThat(sdk.exportsOk()).isGreaterThanOrEqualTo(3);
      assertThat(sdk.exportsFailed()).isZero();
    }

    String traceKey = TENANT + "|" + traceId;
    List<ConsumerRecord<String, byte[]>> spans = TestKafka.readUntil(Topics.OTLP_SPANS, traceKey);
    ConsumerRecord<String, byte[]> spanRecord = spans.get(spans.size() - 1);
    assertThat(RecordHeaders.read(spanRecord.headers(), RecordHeaders.TENANT)).contains(TENANT);
    assertThat(
            ExportTraceServiceRequest.parseFrom(spanRecord.value())
                .getResourceSpans(0)
                .getScopeSpans(0)
                .getSpans(0)
                .getName())
        .isEqualTo("GET /cart " + compression);

    List<ConsumerRecord<String, byte[]>> logs = TestKafka.readUntil(Topics.OTLP_LOGS, traceKey);
    assertThat(
            ExportLogsServiceRequest.parseFrom(logs.get(logs.size() - 1).value())
                .getResourceLogs(0)
                .getScopeLogs(0)
                .getLogRecords(0)
                .getBody()
                .getStringValue())
        .isEqualTo("cart is empty " + compression);

    List<ConsumerRecord<String, byte[]>> metrics =
        TestKafka.readAll(Topics.OTLP_METRICS).stream()
            .filter(r -> r.key().startsWith(TENANT + "|m:") && r.key().endsWith(":" + metricName))
            .toList();
    assertThat(metrics).isNotEmpty();
    assertThat(RecordHeaders.read(metrics.get(0).headers(), RecordHeaders.TENANT)).contains(TENANT);
    assertThat(
            ExportMetricsServiceRequest.parseFrom(metrics.get(0).value())
                .getResourceMetrics(0)
                .getScopeMetrics(0)
                .getMetrics(0)
                .getSum()
                .getDataPoints(0)
                .getAsInt())
        .isEqualTo(3);
  }

  @Test
  void should_compressTheResponse_whenTheRequestWasGzipped() {
    ExportTraceServiceRequest request = traces(span(traceId(), "gzipped"));

    raw.call(OtlpGrpcMethods.TRACES, key, request, "gzip", 10_000);
    assertThat(raw.lastResponseHeaders().get(RawGrpcClient.RESPONSE_ENCODING)).isEqualTo("gzip");

    raw.call(OtlpGrpcMethods.TRACES, key, request, null, 10_000);
    assertThat(raw.lastResponseHeaders().get(RawGrpcClient.RESPONSE_ENCODING))
        .isIn(null, "identity");
  }

  @Test
  void should_countGrpcRequestsInTheMetricsEndpoint() throws Exception {
    raw.call(OtlpGrpcMethods.TRACES, key, traces(span(traceId(), "counted")));

    String metrics =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(
                            "http://127.0.0.1:" + ingest.otlpHttpPort() + "/metrics"))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString())
            .body();
    assertThat(metrics)
        .containsPattern(
            "obsera_ingest_requests_total\\{signal=\"traces\",status=\"OK\",transport=\"grpc\"\\} [1-9]");
  }

  @Test
  void should_answerUnauthenticated_whenKeyUnknownOrMissing() {
    try (OtelSdkClient sdk = grpcSdk("obs_000000000000_notarealkeynotarealkey", "none", "x")) {
      sdk.tracer().spanBuilder("denied").startSpan().end();
      assertThat(sdk.flush()).isFalse();
      assertThat(sdk.exportsFailed()).isEqualTo(1);
    }
    ExportTraceServiceRequest empty = ExportTraceServiceRequest.getDefaultInstance();

    assertThatThrownBy(() -> raw.call(OtlpGrpcMethods.TRACES, "wrong", empty))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
              assertThat(e.getStatus().getDescription()).isEqualTo("unknown or revoked API key");
            });
    assertThatThrownBy(() -> raw.call(OtlpGrpcMethods.LOGS, null, logsRequest()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
              assertThat(e.getStatus().getDescription())
                  .contains("missing 'authorization: Bearer <api key>'");
            });
  }

  @Test
  void should_answerPermissionDenied_forAKeyWithoutIngestScope() {
    String queryOnly = issueKey(Set.of(Scope.QUERY));
    ExportMetricsServiceRequest empty = ExportMetricsServiceRequest.getDefaultInstance();

    // Until the control-plane view has read the new key it is unknown (UNAUTHENTICATED).
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                code(() -> raw.call(OtlpGrpcMethods.METRICS, queryOnly, empty))
                    == Status.Code.PERMISSION_DENIED);
    assertThatThrownBy(() -> raw.call(OtlpGrpcMethods.METRICS, queryOnly, empty))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
              assertThat(e.getStatus().getDescription())
                  .isEqualTo(
                      "API key "
                          + ApiKeyToken.parse(queryOnly).keyId()
                          + " has no ingest scope (scopes: [QUERY])");
            });
  }

  @Test
  void should_answerResourceExhausted_whenMessageExceedsTheLimit_compressedOrNot() {
    String big = "x".repeat(MAX_REQUEST_BYTES + 1);
    ExportTraceServiceRequest huge =
        traces(
            span(traceId(), "huge").toBuilder()
                .addAttributes(
                    KeyValue.newBuilder()
                        .setKey("payload")
                        .setValue(AnyValue.newBuilder().setStringValue(big)))
                .build());

    for (String compression : new String[] {null, "gzip"}) {
      assertThatThrownBy(() -> raw.call(OtlpGrpcMethods.TRACES, key, huge, compression, 10_000))
          .as("compression %s", compression)
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e ->
                  assertThat(e.getStatus().getCode())
                      .as(e.getStatus().toString())
                      .isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
    }
  }

  @Test
  void should_answerInvalidArgument_whenMessageDoesNotDecode() {
    MethodDescriptor<byte[], byte[]> bytesToTraces =
        OtlpGrpcMethods.TRACES.toBuilder(OtlpGrpcMethods.BYTES, OtlpGrpcMethods.BYTES).build();

    assertThatThrownBy(() -> raw.call(bytesToTraces, key, new byte[] {(byte) 0xff, 1, 2}))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription())
                  .startsWith("message is not a valid ExportTraceServiceRequest");
            });
  }

  @Test
  void should_answerPartialSuccess_forASpanWithAFiveByteTraceId() {
    byte[] traceId = traceId();
    ExportTraceServiceRequest request =
        traces(span(traceId, "valid"), span(new byte[] {1, 2, 3, 4, 5}, "broken"));

    ExportTraceServiceResponse response = raw.call(OtlpGrpcMethods.TRACES, key, request);

    assertThat(response.hasPartialSuccess()).isTrue();
    assertThat(response.getPartialSuccess().getRejectedSpans()).isEqualTo(1);
    assertThat(response.getPartialSuccess().getErrorMessage())
        .isEqualTo(
            "1 spans rejected: span with trace id of 5 bytes and span id of 8 bytes (want 16 and"
                + " 8)");
    List<ConsumerRecord<String, byte[]>> stored =
        TestKafka.readUntil(Topics.OTLP_SPANS, TENANT + "|" + HexFormat.of().formatHex(traceId));
    assertThat(stored).hasSize(1);
  }

  @Test
  void should_storeTheSpanBytesAsSent() throws Exception {
    byte[] traceId = traceId();
    byte[] span = OutOfOrderSpans.span(traceId, "as-sent");
    assertThat(io.opentelemetry.proto.trace.v1.Span.parseFrom(span).toByteArray())
        .as("the span serialised again")
        .isNotEqualTo(span);

    ExportTraceServiceResponse response =
        ExportTraceServiceResponse.parseFrom(
            raw.call(
                OtlpGrpcMethods.raw(OtlpGrpcMethods.TRACE_SERVICE),
                key,
                OutOfOrderSpans.request(span)));

    assertThat(response.hasPartialSuccess()).isFalse();
    assertThat(
            TestKafka.readUntil(Topics.OTLP_SPANS, TENANT + "|" + HexFormat.of().formatHex(traceId))
                .get(0)
                .value())
        .containsSequence(span);
  }

  static Status.Code code(Runnable call) {
    try {
      call.run();
      return Status.Code.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    }
  }

  static byte[] traceId() {
    return HexFormat.of().parseHex(UUID.randomUUID().toString().replace("-", ""));
  }

  static io.opentelemetry.proto.trace.v1.Span span(byte[] traceId, String name) {
    return io.opentelemetry.proto.trace.v1.Span.newBuilder()
        .setTraceId(ByteString.copyFrom(traceId))
        .setSpanId(ByteString.copyFrom(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}))
        .setName(name)
        .setStartTimeUnixNano(1_795_687_200_000_000_000L)
        .setEndTimeUnixNano(1_795_687_200_100_000_000L)
        .build();
  }

  static ExportTraceServiceRequest traces(io.opentelemetry.proto.trace.v1.Span... spans) {
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(
            ResourceSpans.newBuilder()
                .addScopeSpans(ScopeSpans.newBuilder().addAllSpans(List.of(spans))))
        .build();
  }

  static ExportLogsServiceRequest logsRequest() {
    return ExportLogsServiceRequest.getDefaultInstance();
  }
}
