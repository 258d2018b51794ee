package io.obsera.writer.translate;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class OtlpSpanTranslatorTest {
  static KeyValue kv(String k, AnyValue v) {
    return KeyValue.newBuilder().setKey(k).setValue(v).build();
  }

  static AnyValue str(String s) {
    return AnyValue.newBuilder().setStringValue(s).build();
  }

  @Test
  void should_mapSpanToExporterLayout() {
    byte[] trace = HexFormat.of().parseHex("0af7651916cd43dd8448eb211c80319c");
    Span span =
        Span.newBuilder()
            .setTraceId(ByteString.copyFrom(trace))
            .setSpanId(ByteString.copyFrom(HexFormat.of().parseHex("b7ad6b7169203331")))
            .setParentSpanId(ByteString.copyFrom(HexFormat.of().parseHex("00f067aa0ba902b7")))
            .setName("GET /cart")
            .setKind(Span.SpanKind.SPAN_KIND_SERVER)
            .setStartTimeUnixNano(1_700_000_000_123_456_789L)
            .setEndTimeUnixNano(1_700_000_000_223_456_789L)
            .setStatus(
                Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage("boom"))
            .addAttributes(kv("http.status_code", AnyValue.newBuilder().setIntValue(500).build()))
            .addAttributes(
                kv(
                    "tags",
                    AnyValue.newBuilder()
                        .setArrayValue(
                            ArrayValue.newBuilder()
                                .addValues(str("a\"b"))
                                .addValues(AnyValue.newBuilder().setBoolValue(true)))
                        .build()))
            .addEvents(Span.Event.newBuilder().setName("exception").setTimeUnixNano(5))
            .build();
    ExportTraceServiceRequest req =
        ExportTraceServiceRequest.newBuilder()
            .addResourceSpans(
                ResourceSpans.newBuilder()
                    .setResource(
                        Resource.newBuilder().addAttributes(kv("service.name", str("cart"))))
                    .addScopeSpans(ScopeSpans.newBuilder().addSpans(span)))
            .build();

    List<SpanRow> rows = OtlpSpanTranslator.toRows("acme", req);

    assertThat(rows).hasSize(1);
    SpanRow r = rows.get(0);
    assertThat(r.tenantId()).isEqualTo("acme");
    assertThat(r.traceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
    assertThat(r.spanId()).isEqualTo("b7ad6b7169203331");
    assertThat(r.parentSpanId()).isEqualTo("00f067aa0ba902b7");
    assertThat(r.serviceName()).isEqualTo("cart");
    assertThat(r.spanKind()).isEqualTo("Server");
    assertThat(r.statusCode()).isEqualTo("Error");
    assertThat(r.statusMessage()).isEqualTo("boom");
    assertThat(r.durationNanos()).isEqualTo(100_000_000L);
    assertThat(r.timestampNanos()).isEqualTo(1_700_000_000_123_456_789L);
    assertThat(r.spanAttributes())
        .containsEntry("http.status_code", "500")
        .containsEntry("tags", "[\"a\\\"b\",true]");
    assertThat(r.events()).extracting(SpanRow.Event::name).containsExactly("exception");
  }

  @Test
  void should_clampNegativeDurationToZero() {
    Span span = Span.newBuilder().setStartTimeUnixNano(10).setEndTimeUnixNano(5).build();
    ExportTraceServiceRequest req =
        ExportTraceServiceRequest.newBuilder()
            .addResourceSpans(
                ResourceSpans.newBuilder().addScopeSpans(ScopeSpans.newBuilder().addSpans(span)))
            .build();
    assertThat(OtlpSpanTranslator.toRows("t", req).get(0).durationNanos()).isZero();
  }
}
