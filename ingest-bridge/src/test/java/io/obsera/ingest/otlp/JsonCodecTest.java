package io.obsera.ingest.otlp;

import static io.obsera.ingest.otlp.OtlpJsonFixtures.SPAN_ID;
import static io.obsera.ingest.otlp.OtlpJsonFixtures.TRACE_ID;
import static io.obsera.ingest.otlp.OtlpJsonFixtures.assertSameMessage;
import static io.obsera.ingest.otlp.OtlpJsonFixtures.fixture;
import static io.obsera.ingest.otlp.OtlpJsonFixtures.fixtureText;
import static io.obsera.ingest.otlp.OtlpJsonFixtures.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.obsera.ingest.fragment.Result;
import io.obsera.ingest.fragment.TraceFragmenter;
import io.obsera.ingest.pipeline.IngestError;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Decoding rules of OTLP/JSON beyond the golden fixtures: names, numbers, ids, limits. */
class JsonCodecTest {
  private final JsonCodec codec = new JsonCodec();

  /** One span in OTLP/JSON with the given span fields. */
  static String traceBody(String spanFields) {
    return "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{" + spanFields + "}]}]}]}";
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private Span span(String spanFields) {
    return codec
        .traces(utf8(traceBody(spanFields)))
        .getResourceSpans(0)
        .getScopeSpans(0)
        .getSpans(0);
  }

  private IngestError rejection(String body) {
    IngestError e = catchThrowableOfType(IngestError.class, () -> codec.traces(utf8(body)));
    assertThat(e).as("rejects %s", body).isNotNull();
    assertThat(e.kind()).isEqualTo(IngestError.Kind.INVALID_ARGUMENT);
    assertThat(HttpStatuses.http(e.kind())).isEqualTo(400);
    assertThat(e.getMessage()).startsWith("body is not a valid ExportTraceServiceRequest (JSON): ");
    return e;
  }

  @Test
  void should_acceptEnumNamesAndIntegers_alike() {
    Span byName = span("\"kind\":\"SPAN_KIND_CLIENT\",\"status\":{\"code\":\"STATUS_CODE_ERROR\"}");
    Span byNumber = span("\"kind\":3,\"status\":{\"code\":2}");

    assertThat(byName.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
    assertThat(byName.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
    assertSameMessage(byNumber, byName);

    ExportLogsServiceRequest logs =
        codec.logs(
            utf8(
                "{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":["
                    + "{\"severityNumber\":\"SEVERITY_NUMBER_WARN\"},{\"severityNumber\":13}]}]}]}"));
    assertThat(logs.getResourceLogs(0).getScopeLogs(0).getLogRecordsList())
        .extracting(LogRecord::getSeverityNumber)
        .containsExactly(SeverityNumber.SEVERITY_NUMBER_WARN, SeverityNumber.SEVERITY_NUMBER_WARN);

    ExportMetricsServiceRequest metrics =
        codec.metrics(
            utf8(
                "{\"resourceMetrics\":[{\"scopeMetrics\":[{\"metrics\":["
                    + "{\"sum\":{\"aggregationTemporality\":\"AGGREGATION_TEMPORALITY_DELTA\"}},"
                    + "{\"sum\":{\"aggregationTemporality\":1}}]}]}]}"));
    assertThat(metrics.getResourceMetrics(0).getScopeMetrics(0).getMetricsList())
        .extracting(m -> m.getSum().getAggregationTemporality())
        .containsExactly(
            AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA,
            AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA);
  }

  @Test
  void should_readInt64AsStringOrNumber_exactlyBeyond2To53() {
    Span asStrings =
        span(
            "\"startTimeUnixNano\":\"1700000000000000001\",\"endTimeUnixNano\":\"18446744073709551615\","
                + "\"attributes\":[{\"key\":\"n\",\"value\":{\"intValue\":\"-9007199254740993\"}}]");
    Span asNumbers =
        span(
            "\"startTimeUnixNano\":1700000000000000001,\"endTimeUnixNano\":18446744073709551615,"
                + "\"attributes\":[{\"key\":\"n\",\"value\":{\"intValue\":-9007199254740993}}]");

    assertThat(asNumbers.getStartTimeUnixNano()).isEqualTo(1_700_000_000_000_000_001L);
    assertThat(Long.toUnsignedString(asNumbers.getEndTimeUnixNano()))
        .isEqualTo("18446744073709551615");
    assertThat(asNumbers.getAttributes(0).getValue().getIntValue())
        .isEqualTo(-9_007_199_254_740_993L);
    assertSameMessage(asNumbers, asStrings);
  }

  @Test
  void should_acceptSnakeCaseFieldNames_includingIds() {
    String camel = fixtureText("traces.json");
    String snake =
        camel
            .replace("\"resourceSpans\"", "\"resource_spans\"")
            .replace("\"scopeSpans\"", "\"scope_spans\"")
            .replace("\"traceId\"", "\"trace_id\"")
            .replace("\"spanId\"", "\"span_id\"")
            .replace("\"parentSpanId\"", "\"parent_span_id\"")
            .replace("\"startTimeUnixNano\"", "\"start_time_unix_nano\"")
            .replace("\"endTimeUnixNano\"", "\"end_time_unix_nano\"")
            .replace("\"droppedAttributesCount\"", "\"dropped_attributes_count\"")
            .replace("\"stringValue\"", "\"string_value\"")
            .replace("\"kvlistValue\"", "\"kvlist_value\"")
            .replace("\"schemaUrl\"", "\"schema_url\"");
    assertThat(snake).doesNotContain("\"traceId\"", "\"spanId\"", "\"parentSpanId\"");

    assertSameMessage(codec.traces(utf8(snake)), codec.traces(utf8(camel)));

    String logs =
        "{\"resource_logs\":[{\"scope_logs\":[{\"log_records\":[{\"trace_id\":\""
            + TRACE_ID
            + "\",\"span_id\":\""
            + SPAN_ID
            + "\",\"severity_number\":9}]}]}]}";
    LogRecord log = codec.logs(utf8(logs)).getResourceLogs(0).getScopeLogs(0).getLogRecords(0);
    assertThat(log.getTraceId()).isEqualTo(id(TRACE_ID));
    assertThat(log.getSpanId()).isEqualTo(id(SPAN_ID));

    String metrics =
        "{\"resource_metrics\":[{\"scope_metrics\":[{\"metrics\":[{\"gauge\":{\"data_points\":"
            + "[{\"as_int\":\"5\",\"exemplars\":[{\"trace_id\":\""
            + TRACE_ID
            + "\",\"span_id\":\""
            + SPAN_ID
            + "\",\"as_double\":1.5}]}]}}]}]}]}";
    Metric metric =
        codec.metrics(utf8(metrics)).getResourceMetrics(0).getScopeMetrics(0).getMetrics(0);
    assertThat(metric.getGauge().getDataPoints(0).getAsInt()).isEqualTo(5);
    assertThat(metric.getGauge().getDataPoints(0).getExemplars(0).getTraceId())
        .isEqualTo(id(TRACE_ID));
    assertThat(metric.getGauge().getDataPoints(0).getExemplars(0).getSpanId())
        .isEqualTo(id(SPAN_ID));
  }

  @Test
  void should_reject400NamingTheField_whenAnIdIsNotHex() {
    assertThat(
            rejection(traceBody("\"traceId\":\"5b8efff798038103d269b633813fc6zz\"")).getMessage())
        .contains("resourceSpans[0].scopeSpans[0].spans[0].traceId is not a hex id")
        .contains("character 'z' at index 30");

    String link =
        traceBody("\"links\":[{\"traceId\":\"" + TRACE_ID + "\"},{\"spanId\":\"not-hex!\"}]");
    assertThat(rejection(link).getMessage())
        .contains("resourceSpans[0].scopeSpans[0].spans[0].links[1].spanId is not a hex id");

    // protobuf's own JSON mapping (base64) is not OTLP/JSON: '/', '+' and '=' are not hex
    assertThat(rejection(traceBody("\"spanId\":\"7uGbfsPBsXQ=\"")).getMessage())
        .contains("spans[0].spanId is not a hex id")
        .contains("\"7uGbfsPBsXQ=\"");
    assertThat(rejection(traceBody("\"parentSpanId\":\"abc\"")).getMessage())
        .contains("spans[0].parentSpanId is not a hex id (odd number of hex digits (3))");
    assertThat(rejection(traceBody("\"traceId\":12345")).getMessage())
        .contains("spans[0].traceId must be a hex string, got 12345");
    assertThat(rejection(traceBody("\"traceId\":{\"hex\":\"00\"}")).getMessage())
        .contains("spans[0].traceId must be a hex string, got an object");

    IngestError log =
        catchThrowableOfType(
            IngestError.class,
            () ->
                codec.logs(
                    utf8(
                        "{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{},{\"spanId\":\"x"
                            + "y".repeat(200)
                            + "\"}]}]}]}")));
    assertThat(log.getMessage())
        .startsWith("body is not a valid ExportLogsServiceRequest (JSON): ")
        .contains("resourceLogs[0].scopeLogs[0].logRecords[1].spanId is not a hex id")
        .contains("(201 chars)")
        .hasSizeLessThan(300);

    IngestError exemplar =
        catchThrowableOfType(
            IngestError.class,
            () ->
                codec.metrics(
                    utf8(
                        "{\"resourceMetrics\":[{\"scopeMetrics\":[{\"metrics\":[{\"histogram\":"
                            + "{\"dataPoints\":[{\"exemplars\":[{\"traceId\":\"g"
                            + "\"}]}]}}]}]}]}")));
    assertThat(exemplar.getMessage())
        .startsWith("body is not a valid ExportMetricsServiceRequest (JSON): ")
        .contains(
            "resourceMetrics[0].scopeMetrics[0].metrics[0].histogram.dataPoints[0].exemplars[0]"
                + ".traceId is not a hex id");
  }

  @Test
  void should_decodeWrongLengthHexIds_withTheirLength_forThePipelineToDrop() {
    ExportTraceServiceRequest request =
        codec.traces(
            utf8(
                "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":["
                    + "{\"traceId\":\"5b8efff798038103d269b633813fc6\",\"spanId\":\""
                    + SPAN_ID
                    + "\"},"
                    + "{\"traceId\":\""
                    + TRACE_ID
                    + "\",\"spanId\":\"eee19b7e\"},"
                    + "{\"traceId\":\""
                    + TRACE_ID
                    + "\",\"spanId\":\""
                    + SPAN_ID
                    + "\"}]}]}]}"));
    var spans = request.getResourceSpans(0).getScopeSpans(0).getSpansList();

    assertThat(spans.get(0).getTraceId().toByteArray())
        .hasSize(15)
        .startsWith(0x5b, 0x8e)
        .endsWith(0xc6);
    assertThat(spans.get(1).getSpanId().toByteArray()).containsExactly(0xee, 0xe1, 0x9b, 0x7e);
    Result result = TraceFragmenter.fragment("t", request);
    assertThat(result.rejected()).isEqualTo(2);
    assertThat(result.accepted()).isEqualTo(1);
  }

  @Test
  void should_treatEmptyAndNullIdsAsAbsent_andAcceptUppercaseHex() {
    Span empty = span("\"traceId\":\"\",\"spanId\":null,\"parentSpanId\":\"\"");
    assertThat(empty.getTraceId().isEmpty()).isTrue();
    assertThat(empty.getSpanId().isEmpty()).isTrue();
    assertThat(empty.getParentSpanId().isEmpty()).isTrue();

    Span upper = span("\"traceId\":\"" + TRACE_ID.toUpperCase() + "\"");
    assertThat(upper.getTraceId()).isEqualTo(id(TRACE_ID));
  }

  @Test
  void should_reject_nestingDeeperThanTheLimit_andAcceptDeepButLegalValues() {
    String tooDeep = "{\"resourceSpans\":" + "[".repeat(100) + "]".repeat(100) + "}";
    assertThat(rejection(tooDeep).getMessage())
        .contains("JSON nesting depth exceeds the limit of 64 levels");

    // an attribute kvlist nested 12 levels deep (4 JSON levels each, under 8 of envelope) decodes
    String value = "{\"stringValue\":\"leaf\"}";
    for (int i = 0; i < 12; i++) {
      value = "{\"kvlistValue\":{\"values\":[{\"key\":\"k" + i + "\",\"value\":" + value + "}]}}";
    }
    Span deep = span("\"attributes\":[{\"key\":\"deep\",\"value\":" + value + "}]");
    assertThat(deep.getAttributes(0).getValue().getKvlistValue().getValues(0).getKey())
        .isEqualTo("k11");

    // a body of a million open brackets fails fast at the limit, not by recursion
    String hostile = "{\"x\":" + "[".repeat(1_000_000);
    assertThat(rejection(hostile).getMessage()).contains("limit of 64 levels");
  }

  @Test
  void should_reject400WithReason_whenBodyIsNotOtlpJson() {
    assertThat(rejection("").getMessage()).contains("empty body, expected a JSON object");
    assertThat(rejection("[]").getMessage()).contains("expected a JSON object");
    assertThat(rejection("not json").getMessage()).contains("Unrecognized token 'not'");
    assertThat(rejection("{\"resourceSpans\":[").getMessage()).contains("end-of-input");
    assertThat(rejection("{} {}").getMessage())
        .contains("content after the end of the JSON object");
    assertThat(rejection("{\"resourceSpans\":{\"spans\":1}}").getMessage())
        .contains("Expected an array for resource_spans but found {\"spans\":1}");
    String huge = "{\"resourceSpans\":{\"name\":\"" + "x".repeat(100_000) + "\"}}";
    assertThat(rejection(huge).getMessage())
        .as("the offending value is not echoed whole")
        .contains("Expected an array for resource_spans")
        .hasSizeLessThan(400);
    assertThat(rejection(traceBody("\"startTimeUnixNano\":\"soon\"")).getMessage())
        .contains("Not an uint64 value: \"soon\"");
    assertThat(
            rejection("{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":1e}]}}]}")
                .getMessage())
        .contains("line 1, column");
  }

  @Test
  void should_ignoreUnknownFieldsAndEnumNames() {
    Span span =
        span(
            "\"name\":\"x\",\"futureField\":{\"traceId\":\"\",\"nested\":[1,2,{}]},"
                + "\"kind\":\"SPAN_KIND_FROM_THE_FUTURE\"");
    assertThat(span.getName()).isEqualTo("x");
    assertThat(span.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_UNSPECIFIED);

    ExportTraceServiceRequest unknownTop =
        codec.traces(utf8("{\"resourceSpans\":[],\"somethingNew\":{\"a\":[true,null]}}"));
    assertThat(unknownTop.getResourceSpansCount()).isZero();
  }

  @Test
  void should_decodeTheReadmeCurlExample() throws Exception {
    ExportTraceServiceRequest request =
        codec.traces(Files.readAllBytes(Path.of("..", "docs", "examples", "trace.json")));

    Span span = request.getResourceSpans(0).getScopeSpans(0).getSpans(0);
    assertThat(span.getTraceId()).isEqualTo(id("0af7651916cd43dd8448eb211c80319c"));
    assertThat(span.getSpanId()).isEqualTo(id("b7ad6b7169203331"));
    assertThat(TraceFragmenter.fragment("t", request).accepted()).isEqualTo(1);
  }

  @Test
  void should_decodeWhatTheOpenTelemetryJsSdkSends() {
    // captured from @opentelemetry/exporter-*-otlp-http 0.223.0 (see src/test/js/otlp-json-client)
    Span span =
        codec
            .traces(fixture("js-sdk-traces.json"))
            .getResourceSpans(0)
            .getScopeSpans(0)
            .getSpans(0);
    assertThat(span.getTraceId()).isEqualTo(id("cc01eb2366670d191f01156a21fc58b1"));
    assertThat(span.getSpanId()).isEqualTo(id("7b49d57926f89a1c"));
    assertThat(span.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
    assertThat(span.getStartTimeUnixNano()).isEqualTo(1_795_733_850_408_000_000L);
    assertThat(span.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_OK);
    assertThat(span.getFlags()).isEqualTo(257);

    LogRecord log =
        codec.logs(fixture("js-sdk-logs.json")).getResourceLogs(0).getScopeLogs(0).getLogRecords(0);
    assertThat(log.getTraceId()).isEqualTo(span.getTraceId());
    assertThat(log.getSpanId()).isEqualTo(span.getSpanId());
    assertThat(log.getSeverityNumber()).isEqualTo(SeverityNumber.SEVERITY_NUMBER_WARN);
    assertThat(log.getBody().getStringValue()).isEqualTo("basket almost full");

    var metrics =
        codec
            .metrics(fixture("js-sdk-metrics.json"))
            .getResourceMetrics(0)
            .getScopeMetrics(0)
            .getMetricsList();
    assertThat(metrics).extracting(Metric::getName).containsExactly("js.orders", "js.latency");
    assertThat(metrics.get(0).getSum().getIsMonotonic()).isTrue();
    assertThat(metrics.get(0).getSum().getDataPoints(0).getAsDouble()).isEqualTo(2.0);
    assertThat(metrics.get(1).getHistogram().getDataPoints(0).getBucketCounts(4)).isEqualTo(1);
    assertThat(metrics.get(1).getHistogram().getDataPoints(0).getSum()).isEqualTo(42.5);
  }
}
