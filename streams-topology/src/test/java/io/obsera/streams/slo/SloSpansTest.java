package io.obsera.streams.slo;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.obsera.model.control.SloDefinition;
import io.obsera.model.control.SloKind;
import io.obsera.model.control.SloPeriod;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SloSpansTest {
  static Span span(String name, Instant start, long millis, boolean error) {
    long startNanos = start.getEpochSecond() * 1_000_000_000L + start.getNano();
    Span.Builder b =
        Span.newBuilder()
            .setTraceId(ByteString.copyFrom(new byte[16]))
            .setSpanId(ByteString.copyFrom(new byte[] {0, 0, 0, 0, 0, 0, 0, 1}))
            .setName(name)
            .setKind(Span.SpanKind.SPAN_KIND_SERVER)
            .setStartTimeUnixNano(startNanos)
            .setEndTimeUnixNano(startNanos + millis * 1_000_000);
    if (error) {
      b.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR));
    }
    return b.build();
  }

  static ExportTraceServiceRequest fragment(String service, List<Span> spans) {
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(
            ResourceSpans.newBuilder()
                .setResource(
                    Resource.newBuilder()
                        .addAttributes(
                            KeyValue.newBuilder()
                                .setKey("service.name")
                                .setValue(AnyValue.newBuilder().setStringValue(service))))
                .addScopeSpans(ScopeSpans.newBuilder().addAllSpans(spans)))
        .build();
  }

  static SloDefinition slo(SloKind kind, String operation, String spanKind, Double thresholdMs) {
    Instant t = Instant.parse("2026-11-26T10:00:00Z");
    return new SloDefinition(
        "acme",
        "s",
        "s",
        kind,
        "checkout",
        operation,
        spanKind,
        thresholdMs,
        0.99,
        SloPeriod.ROLLING_28D,
        t,
        t,
        "test");
  }

  @Test
  void should_matchService_andOptionalOperationAndKind() {
    Instant t = Instant.parse("2026-11-26T10:00:00Z");
    Span server = span("GET /a", t, 5, false);
    assertThat(SloSpans.matches(slo(SloKind.AVAILABILITY, null, null, null), "checkout", server))
        .isTrue();
    assertThat(SloSpans.matches(slo(SloKind.AVAILABILITY, null, null, null), "cart", server))
        .isFalse();
    assertThat(
            SloSpans.matches(
                slo(SloKind.AVAILABILITY, "GET /a", "SERVER", null), "checkout", server))
        .isTrue();
    assertThat(
            SloSpans.matches(slo(SloKind.AVAILABILITY, "GET /b", null, null), "checkout", server))
        .isFalse();
    assertThat(
            SloSpans.matches(slo(SloKind.AVAILABILITY, null, "CLIENT", null), "checkout", server))
        .isFalse();
  }

  @Test
  void should_judgeGoodness_byStatus_orByDuration() {
    Instant t = Instant.parse("2026-11-26T10:00:00Z");
    SloDefinition availability = slo(SloKind.AVAILABILITY, null, null, null);
    assertThat(SloSpans.good(availability, span("x", t, 5000, false))).isTrue();
    assertThat(SloSpans.good(availability, span("x", t, 1, true))).isFalse();
    SloDefinition latency = slo(SloKind.LATENCY, null, null, 250.5);
    assertThat(SloSpans.good(latency, span("x", t, 250, true))).isTrue();
    assertThat(SloSpans.good(latency, span("x", t, 251, false))).isFalse();
  }
}
