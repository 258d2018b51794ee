package io.obsera.ingest.otlp;

import static io.obsera.ingest.otlp.OtlpJsonFixtures.TRACE_ID;
import static io.obsera.ingest.otlp.OtlpJsonFixtures.fixture;
import static io.obsera.ingest.otlp.OtlpJsonFixtures.id;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.obsera.model.RecordHeaders;
import io.obsera.model.RecordKeys;
import io.obsera.model.Topics;
import io.obsera.testing.ObseraServersExtension;
import io.obsera.testing.TestKafka;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * OTLP/JSON over real HTTP into the real (embedded) Kafka: golden fixtures, partial success,
 * errors.
 */
@ExtendWith(ObseraServersExtension.class)
class OtlpJsonHttpIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static IngestItServer server;
  final JsonCodec codec = new JsonCodec();

  @BeforeAll
  static void start() throws Exception {
    server = new IngestItServer("json-it");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static HttpResponse<byte[]> postJson(String path, byte[] body) throws Exception {
    return server.post(path, "application/json", body, Map.of());
  }

  static String text(HttpResponse<byte[]> r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  static void assertOkEmpty(HttpResponse<byte[]> r) {
    assertThat(r.statusCode()).as("status of %s", text(r)).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    assertThat(text(r)).isEqualTo("{}");
  }

  static String randomHex(int bytes) {
    byte[] b = new byte[bytes];
    ThreadLocalRandom.current().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  @Test
  void should_acceptGoldenTraces_andPublishTheTraceFragment() throws Exception {
    byte[] body = fixture("traces.json");
    assertOkEmpty(server.post("/v1/traces", "application/json; charset=utf-8", body, Map.of()));

    List<ConsumerRecord<String, byte[]>> records =
        TestKafka.readUntil(Topics.OTLP_SPANS, server.tenant + "|" + TRACE_ID);
    ConsumerRecord<String, byte[]> rec = records.get(records.size() - 1);
    assertThat(RecordHeaders.read(rec.headers(), RecordHeaders.TENANT)).contains(server.tenant);
    assertThat(RecordHeaders.read(rec.headers(), RecordHeaders.SIGNAL)).contains("traces");
    ExportTraceServiceRequest fragment = ExportTraceServiceRequest.parseFrom(rec.value());
    // both spans share the trace id, so the fragment is the whole request, in protobuf
    OtlpJsonFixtures.assertSameMessage(fragment, codec.traces(body));
    Span first = fragment.getResourceSpans(0).getScopeSpans(0).getSpans(0);
    assertThat(first.getTraceId()).isEqualTo(id(TRACE_ID));
    assertThat(first.getLinks(0).getTraceId()).isEqualTo(id(OtlpJsonFixtures.LINK_TRACE_ID));
    assertThat(first.getEventsCount()).isEqualTo(2);
  }

  @Test
  void should_acceptGzippedGoldenLogs_keyedByTraceOrResource() throws Exception {
    byte[] body = fixture("logs.json");
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(body);
    }
    assertOkEmpty(
        server.post(
            "/v1/logs", "application/json", gz.toByteArray(), Map.of("Content-Encoding", "gzip")));

    ExportLogsServiceRequest decoded = codec.logs(body);
    List<ConsumerRecord<String, byte[]>> correlated =
        TestKafka.readUntil(Topics.OTLP_LOGS, server.tenant + "|" + TRACE_ID);
    List<LogRecord> withTrace =
        ExportLogsServiceRequest.parseFrom(correlated.get(correlated.size() - 1).value())
            .getResourceLogs(0)
            .getScopeLogs(0)
            .getLogRecordsList();
    assertThat(withTrace).extracting(LogRecord::getSeverityText).containsExactly("ERROR", "INFO");
    assertThat(withTrace.get(0).getSpanId()).isEqualTo(id(OtlpJsonFixtures.SPAN_ID));

    String resourceKey =
        RecordKeys.resourceKey(server.tenant, decoded.getResourceLogs(0).getResource().hashCode());
    List<ConsumerRecord<String, byte[]>> uncorrelated =
        TestKafka.readUntil(Topics.OTLP_LOGS, resourceKey);
    List<LogRecord> withoutTrace =
        ExportLogsServiceRequest.parseFrom(uncorrelated.get(uncorrelated.size() - 1).value())
            .getResourceLogs(0)
            .getScopeLogs(0)
            .getLogRecordsList();
    assertThat(withoutTrace).hasSize(5);
    assertThat(withoutTrace.get(1).getBody().getBytesValue().toByteArray())
        .containsExactly(0, 1, 2, 3, 4);
  }

  @Test
  void should_acceptGoldenMetrics_oneFragmentPerMetric() throws Exception {
    byte[] body = fixture("metrics.json");
    assertOkEmpty(postJson("/v1/metrics", body));

    ExportMetricsServiceRequest decoded = codec.metrics(body);
    int resourceHash = decoded.getResourceMetrics(0).getResource().hashCode();
    for (Metric expected : decoded.getResourceMetrics(0).getScopeMetrics(0).getMetricsList()) {
      String key = RecordKeys.metricKey(server.tenant, resourceHash, expected.getName());
      List<ConsumerRecord<String, byte[]>> records = TestKafka.readUntil(Topics.OTLP_METRICS, key);
      ConsumerRecord<String, byte[]> rec = records.get(records.size() - 1);
      assertThat(RecordHeaders.read(rec.headers(), RecordHeaders.SIGNAL)).contains("metrics");
      Metric actual =
          ExportMetricsServiceRequest.parseFrom(rec.value())
              .getResourceMetrics(0)
              .getScopeMetrics(0)
              .getMetrics(0);
      OtlpJsonFixtures.assertSameMessage(actual, expected);
    }
  }

  @Test
  void should_answerPartialSuccessInJson_whenASpanIdHasTheWrongLength() throws Exception {
    String traceId = randomHex(16);
    String body =
        JsonCodecTest.traceBody(
                "\"traceId\":\""
                    + traceId
                    + "\",\"spanId\":\""
                    + randomHex(8)
                    + "\",\"name\":\"kept\"")
            .replace(
                "}]}]}]}",
                "},{\"traceId\":\""
                    + traceId
                    + "\",\"spanId\":\"00112233445566\",\"name\":\"dropped\"}]}]}]}");

    HttpResponse<byte[]> r = postJson("/v1/traces", body.getBytes(StandardCharsets.UTF_8));

    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode answer = JSON.readTree(r.body());
    assertThat(answer.at("/partialSuccess/rejectedSpans").asLong()).isEqualTo(1);
    assertThat(answer.at("/partialSuccess/errorMessage").asText()).contains("span id of 7 bytes");
    List<ConsumerRecord<String, byte[]>> records =
        TestKafka.readUntil(Topics.OTLP_SPANS, server.tenant + "|" + traceId);
    assertThat(
            ExportTraceServiceRequest.parseFrom(records.get(0).value())
                .getResourceSpans(0)
                .getScopeSpans(0)
                .getSpansList())
        .extracting(Span::getName)
        .containsExactly("kept");
  }

  @Test
  void should_answer400WithJsonStatus_namingTheBadIdField() throws Exception {
    HttpResponse<byte[]> r =
        postJson(
            "/v1/traces",
            JsonCodecTest.traceBody("\"traceId\":\"" + TRACE_ID + "\",\"spanId\":\"zz\"")
                .getBytes(StandardCharsets.UTF_8));

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    JsonNode status = JSON.readTree(r.body());
    assertThat(status.get("code").asInt()).isEqualTo(3);
    assertThat(status.get("message").asText())
        .isEqualTo(
            "body is not a valid ExportTraceServiceRequest (JSON): "
                + "resourceSpans[0].scopeSpans[0].spans[0].spanId is not a hex id "
                + "(character 'z' at index 0 is not a hex digit): \"zz\" (line 1, column 99)");

    HttpResponse<byte[]> garbage = postJson("/v1/logs", "{\"resourceLogs\":".getBytes());
    assertThat(garbage.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(garbage.body()).get("message").asText())
        .startsWith("body is not a valid ExportLogsServiceRequest (JSON): ");

    HttpResponse<byte[]> deep = postJson("/v1/metrics", ("{\"a\":" + "[".repeat(5000)).getBytes());
    assertThat(deep.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(deep.body()).get("message").asText())
        .contains("nesting depth exceeds the limit of 64 levels");
  }

  @Test
  void should_answer415_forAnUnsupportedEncodingOrContentType() throws Exception {
    HttpResponse<byte[]> brotli =
        server.post(
            "/v1/traces", "application/json", "{}".getBytes(), Map.of("Content-Encoding", "br"));
    assertThat(brotli.statusCode()).isEqualTo(415);
    assertThat(brotli.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    JsonNode status = JSON.readTree(brotli.body());
    assertThat(status.get("code").asInt()).isEqualTo(3);
    assertThat(status.get("message").asText())
        .isEqualTo(
            "Content-Encoding 'br' is not supported (gzip or none; one encoding, not a list)");

    HttpResponse<byte[]> text = server.post("/v1/traces", "text/plain", "{}".getBytes(), Map.of());
    assertThat(text.statusCode()).isEqualTo(415);
    assertThat(text(text))
        .contains("Content-Type must be one of [application/x-protobuf, application/json]");
  }

  @Test
  void should_answer401WithJsonStatus_forAnUnknownKey() throws Exception {
    HttpResponse<byte[]> r =
        IngestItServer.HTTP.send(
            java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.baseUrl + "/v1/logs"))
                .header("Authorization", "Bearer obs_000000000000_notarealkeynotarealkey")
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}"))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).isEqualTo(401);
    JsonNode status = JSON.readTree(r.body());
    assertThat(status.get("code").asInt()).isEqualTo(16);
    assertThat(status.get("message").asText()).isEqualTo("unknown or revoked API key");
  }
}
