package io.obsera.ingest.otlp;

import static io.obsera.ingest.otlp.OtlpJsonFixtures.LINK_SPAN_ID;
import static io.obsera.ingest.otlp.OtlpJsonFixtures.LINK_TRACE_ID;
import static io.obsera.ingest.otlp.OtlpJsonFixtures.PARENT_SPAN_ID;
import static io.obsera.ingest.otlp.OtlpJsonFixtures.SPAN_ID;
import static io.obsera.ingest.otlp.OtlpJsonFixtures.TRACE_ID;
import static io.obsera.ingest.otlp.OtlpJsonFixtures.array;
import static io.obsera.ingest.otlp.OtlpJsonFixtures.assertSameMessage;
import static io.obsera.ingest.otlp.OtlpJsonFixtures.bool;
import static io.obsera.ingest.otlp.OtlpJsonFixtures.bytes;
import static io.obsera.ingest.otlp.OtlpJsonFixtures.dbl;
import static io.obsera.ingest.otlp.OtlpJsonFixtures.fixture;
import static io.obsera.ingest.otlp.OtlpJsonFixtures.i64;
import static io.obsera.ingest.otlp.OtlpJsonFixtures.id;
import static io.obsera.ingest.otlp.OtlpJsonFixtures.kv;
import static io.obsera.ingest.otlp.OtlpJsonFixtures.kvlist;
import static io.obsera.ingest.otlp.OtlpJsonFixtures.str;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import org.junit.jupiter.api.Test;

/** The trace and log golden fixtures decode to exactly the messages built here. */
class JsonCodecGoldenTest {
  private final JsonCodec codec = new JsonCodec();

  @Test
  void should_decodeGoldenTraces_fieldByField() {
    ExportTraceServiceRequest actual = codec.traces(fixture("traces.json"));

    Span first =
        Span.newBuilder()
            .setTraceId(id(TRACE_ID))
            .setSpanId(id(SPAN_ID))
            .setParentSpanId(id(PARENT_SPAN_ID))
            .setTraceState("rojo=00f067aa0ba902b7")
            .setName("POST /checkout")
            .setKind(Span.SpanKind.SPAN_KIND_SERVER)
            .setStartTimeUnixNano(1_700_000_000_000_000_000L)
            .setEndTimeUnixNano(1_700_000_000_250_000_000L)
            .setFlags(769)
            .addAttributes(kv("http.request.method", str("POST")))
            .addAttributes(kv("http.response.status_code", i64(500)))
            .addAttributes(kv("retry.count", i64(3)))
            .addAttributes(kv("cache.hit", bool(false)))
            .addAttributes(kv("cart.total", dbl(99.95)))
            .addAttributes(
                kv("payload.digest", bytes((byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef)))
            .addAttributes(
                kv(
                    "cart.items",
                    array(str("sku-1"), i64(42), dbl(1.5), bool(true), array(str("nested")))))
            .addAttributes(
                kv(
                    "customer",
                    kvlist(
                        kv("tier", str("gold")),
                        kv("orders", i64(17)),
                        kv("address", kvlist(kv("country", str("FR")))))))
            .addAttributes(kv("empty", AnyValue.getDefaultInstance()))
            .setDroppedAttributesCount(2)
            .addEvents(
                Span.Event.newBuilder()
                    .setTimeUnixNano(1_700_000_000_100_000_000L)
                    .setName("exception")
                    .addAttributes(kv("exception.type", str("PaymentDeclined")))
                    .addAttributes(kv("exception.escaped", bool(true)))
                    .setDroppedAttributesCount(1))
            .addEvents(
                Span.Event.newBuilder()
                    .setTimeUnixNano(1_700_000_000_200_000_000L)
                    .setName("retry"))
            .setDroppedEventsCount(3)
            .addLinks(
                Span.Link.newBuilder()
                    .setTraceId(id(LINK_TRACE_ID))
                    .setSpanId(id(LINK_SPAN_ID))
                    .setTraceState("congo=t61rcWkgMzE")
                    .addAttributes(kv("link.kind", str("follows")))
                    .setFlags(257))
            .setDroppedLinksCount(4)
            .setStatus(
                Status.newBuilder()
                    .setCode(Status.StatusCode.STATUS_CODE_ERROR)
                    .setMessage("card declined"))
            .build();
    Span second =
        Span.newBuilder()
            .setTraceId(id(TRACE_ID))
            .setSpanId(id(PARENT_SPAN_ID))
            .setName("checkout")
            .setKind(Span.SpanKind.SPAN_KIND_INTERNAL)
            .setStartTimeUnixNano(1_699_999_999_990_000_000L)
            .setEndTimeUnixNano(1_700_000_000_300_000_000L)
            .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_OK))
            .build();
    ExportTraceServiceRequest expected =
        ExportTraceServiceRequest.newBuilder()
            .addResourceSpans(
                ResourceSpans.newBuilder()
                    .setResource(
                        Resource.newBuilder()
                            .addAttributes(kv("service.name", str("checkout")))
                            .addAttributes(kv("service.instance.id", str("checkout-7f9c")))
                            .setDroppedAttributesCount(1))
                    .addScopeSpans(
                        ScopeSpans.newBuilder()
                            .setScope(
                                InstrumentationScope.newBuilder()
                                    .setName("io.obsera.golden")
                                    .setVersion("1.2.3")
                                    .addAttributes(kv("scope.kind", str("manual"))))
                            .addSpans(first)
                            .addSpans(second)
                            .setSchemaUrl("https://opentelemetry.io/schemas/1.24.0"))
                    .setSchemaUrl("https://opentelemetry.io/schemas/1.25.0"))
            .build();

    assertSameMessage(actual, expected);
    Span decoded = actual.getResourceSpans(0).getScopeSpans(0).getSpans(0);
    assertThat(decoded.getTraceId().toByteArray())
        .containsExactly(
            0x5b, 0x8e, 0xff, 0xf7, 0x98, 0x03, 0x81, 0x03, 0xd2, 0x69, 0xb6, 0x33, 0x81, 0x3f,
            0xc6, 0x0c);
    assertThat(decoded.getSpanId().toByteArray())
        .containsExactly(0xee, 0xe1, 0x9b, 0x7e, 0xc3, 0xc1, 0xb1, 0x74);
    assertThat(decoded.getLinks(0).getSpanId().toByteArray())
        .containsExactly(0x00, 0xf0, 0x67, 0xaa, 0x0b, 0xa9, 0x02, 0xb7);
    assertThat(actual.getResourceSpans(0).getScopeSpans(0).getSpans(1).getParentSpanId())
        .as("empty parentSpanId is absent")
        .isEqualTo(ByteString.EMPTY);
  }

  @Test
  void should_decodeGoldenLogs_withTraceContextAndEveryBodyKind() {
    ExportLogsServiceRequest actual = codec.logs(fixture("logs.json"));

    ExportLogsServiceRequest expected =
        ExportLogsServiceRequest.newBuilder()
            .addResourceLogs(
                ResourceLogs.newBuilder()
                    .setResource(
                        Resource.newBuilder().addAttributes(kv("service.name", str("checkout"))))
                    .addScopeLogs(
                        ScopeLogs.newBuilder()
                            .setScope(
                                InstrumentationScope.newBuilder()
                                    .setName("io.obsera.golden.logs")
                                    .setVersion("2.0.0"))
                            .addLogRecords(
                                LogRecord.newBuilder()
                                    .setTimeUnixNano(1_700_000_000_120_000_000L)
                                    .setObservedTimeUnixNano(1_700_000_000_130_000_000L)
                                    .setSeverityNumber(SeverityNumber.SEVERITY_NUMBER_ERROR)
                                    .setSeverityText("ERROR")
                                    .setBody(str("payment declined"))
                                    .addAttributes(kv("order.id", str("o-1001")))
                                    .setDroppedAttributesCount(1)
                                    .setFlags(1)
                                    .setTraceId(id(TRACE_ID))
                                    .setSpanId(id(SPAN_ID))
                                    .setEventName("payment.declined"))
                            .addLogRecords(
                                LogRecord.newBuilder()
                                    .setTimeUnixNano(1_700_000_000_140_000_000L)
                                    .setSeverityNumber(SeverityNumber.SEVERITY_NUMBER_INFO)
                                    .setSeverityText("INFO")
                                    .setBody(
                                        kvlist(
                                            kv("event", str("cart.updated")),
                                            kv("items", i64(3)),
                                            kv("skus", array(str("sku-1"), str("sku-2")))))
                                    .setTraceId(id(TRACE_ID))
                                    .setSpanId(id(PARENT_SPAN_ID)))
                            .addLogRecords(
                                LogRecord.newBuilder()
                                    .setObservedTimeUnixNano(1_700_000_000_150_000_000L)
                                    .setSeverityNumber(SeverityNumber.SEVERITY_NUMBER_DEBUG)
                                    .setBody(array(i64(1), dbl(2.5))))
                            .addLogRecords(
                                LogRecord.newBuilder()
                                    .setObservedTimeUnixNano(1_700_000_000_160_000_000L)
                                    .setBody(
                                        bytes((byte) 0, (byte) 1, (byte) 2, (byte) 3, (byte) 4)))
                            .addLogRecords(
                                LogRecord.newBuilder()
                                    .setObservedTimeUnixNano(1_700_000_000_170_000_000L)
                                    .setBody(i64(-7)))
                            .addLogRecords(
                                LogRecord.newBuilder()
                                    .setObservedTimeUnixNano(1_700_000_000_180_000_000L)
                                    .setBody(dbl(0.25)))
                            .addLogRecords(
                                LogRecord.newBuilder()
                                    .setObservedTimeUnixNano(1_700_000_000_190_000_000L)
                                    .setBody(bool(true)))
                            .setSchemaUrl("https://opentelemetry.io/schemas/1.24.0")))
            .build();

    assertSameMessage(actual, expected);
    LogRecord correlated = actual.getResourceLogs(0).getScopeLogs(0).getLogRecords(0);
    assertThat(correlated.getTraceId()).isEqualTo(id(TRACE_ID));
    assertThat(correlated.getTraceId().size()).isEqualTo(16);
    assertThat(correlated.getSpanId()).isEqualTo(id(SPAN_ID));
    assertThat(actual.getResourceLogs(0).getScopeLogs(0).getLogRecords(3).getTraceId().isEmpty())
        .as("empty traceId is absent")
        .isTrue();
  }
}
