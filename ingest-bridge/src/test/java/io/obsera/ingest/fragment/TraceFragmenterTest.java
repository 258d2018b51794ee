package io.obsera.ingest.fragment;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class TraceFragmenterTest {
  static final byte[] TRACE_A = HexFormat.of().parseHex("0af7651916cd43dd8448eb211c80319c");
  static final byte[] TRACE_B = HexFormat.of().parseHex("4bf92f3577b34da6a3ce929d0e0e4736");

  static Span span(byte[] traceId, int spanId, String name) {
    byte[] id = new byte[8];
    id[7] = (byte) spanId;
    return Span.newBuilder()
        .setTraceId(ByteString.copyFrom(traceId))
        .setSpanId(ByteString.copyFrom(id))
        .setName(name)
        .build();
  }

  static ExportTraceServiceRequest request(Span... spans) {
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(
            ResourceSpans.newBuilder()
                .setResource(
                    Resource.newBuilder()
                        .addAttributes(
                            KeyValue.newBuilder()
                                .setKey("service.name")
                                .setValue(AnyValue.newBuilder().setStringValue("checkout"))))
                .addScopeSpans(
                    ScopeSpans.newBuilder()
                        .setScope(
                            InstrumentationScope.newBuilder().setName("lib").setVersion("1.0"))
                        .addAllSpans(java.util.List.of(spans))))
        .build();
  }

  @Test
  void should_emitOneFragmentPerTrace_withTenantInKey() throws Exception {
    Result r =
        TraceFragmenter.fragment(
            "acme",
            request(span(TRACE_A, 1, "a1"), span(TRACE_B, 2, "b1"), span(TRACE_A, 3, "a2")));

    assertThat(r.fragments()).hasSize(2);
    assertThat(r.rejected()).isZero();
    assertThat(r.accepted()).isEqualTo(3);
    Fragment a = r.fragments().get(0);
    assertThat(a.key()).isEqualTo("acme|0af7651916cd43dd8448eb211c80319c");
    assertThat(a.items()).isEqualTo(2);
    ExportTraceServiceRequest parsed = ExportTraceServiceRequest.parseFrom(a.value());
    ResourceSpans rs = parsed.getResourceSpans(0);
    assertThat(rs.getResource().getAttributes(0).getValue().getStringValue()).isEqualTo("checkout");
    assertThat(rs.getScopeSpans(0).getScope().getName()).isEqualTo("lib");
    assertThat(rs.getScopeSpans(0).getSpansList())
        .extracting(Span::getName)
        .containsExactly("a1", "a2");
    assertThat(r.fragments().get(1).key()).isEqualTo("acme|4bf92f3577b34da6a3ce929d0e0e4736");
  }

  @Test
  void should_rejectSpansWithInvalidIds_andKeepTheRest() {
    Result r =
        TraceFragmenter.fragment(
            "acme",
            request(
                span(new byte[5], 1, "bad"),
                span(TRACE_A, 2, "good"),
                span(new byte[0], 3, "none")));

    assertThat(r.rejected()).isEqualTo(2);
    assertThat(r.rejectReason()).contains("want 16 and 8");
    assertThat(r.fragments()).hasSize(1);
    assertThat(r.accepted()).isEqualTo(1);
  }

  @Test
  void should_emitNothing_whenRequestEmpty() {
    assertThat(
            TraceFragmenter.fragment("acme", ExportTraceServiceRequest.getDefaultInstance())
                .fragments())
        .isEmpty();
  }

  static Span.Link link(byte[] traceId, int spanIdLength) {
    return Span.Link.newBuilder()
        .setTraceId(ByteString.copyFrom(traceId))
        .setSpanId(ByteString.copyFrom(new byte[spanIdLength]))
        .build();
  }

  @Test
  void should_cutFragmentsFromTheWire_equalToTheParsedSpans() throws Exception {
    ExportTraceServiceRequest request =
        ExportTraceServiceRequest.newBuilder()
            .addResourceSpans(
                request(span(TRACE_A, 1, "a1"), span(TRACE_B, 2, "b1")).getResourceSpans(0))
            .addResourceSpans(
                ResourceSpans.newBuilder()
                    .setSchemaUrl("https://opentelemetry.io/schemas/1.24.0")
                    .addScopeSpans(ScopeSpans.newBuilder().addSpans(span(TRACE_A, 3, "a2")))
                    .addScopeSpans(
                        ScopeSpans.newBuilder()
                            .setScope(InstrumentationScope.newBuilder().setName("other"))
                            .addSpans(span(TRACE_A, 4, "a3"))))
            .build();
    byte[] wire = request.toByteArray();

    Result fromWire = TraceFragmenter.fragment("acme", request, wire);
    Result fromMessage = TraceFragmenter.fragment("acme", request);

    assertThat(fromWire.fragments()).hasSize(2);
    for (int f = 0; f < 2; f++) {
      assertThat(ExportTraceServiceRequest.parseFrom(fromWire.fragments().get(f).value()))
          .isEqualTo(ExportTraceServiceRequest.parseFrom(fromMessage.fragments().get(f).value()));
    }
    ExportTraceServiceRequest a =
        ExportTraceServiceRequest.parseFrom(fromWire.fragments().get(0).value());
    assertThat(a.getResourceSpansList()).hasSize(2);
    assertThat(a.getResourceSpans(1).getSchemaUrl())
        .isEqualTo("https://opentelemetry.io/schemas/1.24.0");
    assertThat(a.getResourceSpans(1).getScopeSpansList())
        .extracting(s -> s.getScope().getName() + ":" + s.getSpans(0).getName())
        .containsExactly(":a2", "other:a3");
    assertThat(fromWire.fragments().get(0).items()).isEqualTo(3);
  }

  @Test
  void should_serialiseTheMessage_whenTheWireDoesNotMatchIt() throws Exception {
    ExportTraceServiceRequest request = request(span(TRACE_A, 1, "a1"));
    byte[] otherWire = request(span(TRACE_A, 1, "a1"), span(TRACE_A, 2, "a2")).toByteArray();

    Result r = TraceFragmenter.fragment("acme", request, otherWire);

    assertThat(ExportTraceServiceRequest.parseFrom(r.fragments().get(0).value()))
        .isEqualTo(request);
    assertThat(r.accepted()).isEqualTo(1);
  }

  @Test
  void should_dropLinksWithWrongIdLengths_andCountThem() throws Exception {
    Span span =
        span(TRACE_A, 1, "linked").toBuilder()
            .addLinks(link(TRACE_B, 8))
            .addLinks(link(new byte[15], 8))
            .addLinks(link(TRACE_B, 4))
            .setDroppedLinksCount(1)
            .build();
    ExportTraceServiceRequest request = request(span);

    Result r = TraceFragmenter.fragment("acme", request, request.toByteArray());

    assertThat(r.rejected()).isZero();
    Span stored =
        ExportTraceServiceRequest.parseFrom(r.fragments().get(0).value())
            .getResourceSpans(0)
            .getScopeSpans(0)
            .getSpans(0);
    assertThat(stored.getLinksList()).containsExactly(link(TRACE_B, 8));
    assertThat(stored.getDroppedLinksCount()).isEqualTo(3);
  }
}
