package io.obsera.testing;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.HexFormat;

/** OTLP requests built in code, as raw fragments on the span topic carry them. */
public final class OtlpFixtures {
  private OtlpFixtures() {}

  /**
   * One service's client spans of one trace: span ids as given, names {@code op-<id>}, 250 ms long,
   * attribute {@code peer=db-<id>}.
   */
  public static byte[] spans(String traceHex, String service, int... spanIds) {
    ScopeSpans.Builder ss = ScopeSpans.newBuilder();
    for (int id : spanIds) {
      ss.addSpans(
          Span.newBuilder()
              .setTraceId(ByteString.copyFrom(HexFormat.of().parseHex(traceHex)))
              .setSpanId(ByteString.copyFrom(new byte[] {0, 0, 0, 0, 0, 0, 0, (byte) id}))
              .setName("op-" + id)
              .setKind(Span.SpanKind.SPAN_KIND_CLIENT)
              .setStartTimeUnixNano(1_764_000_000_000_000_000L + id)
              .setEndTimeUnixNano(1_764_000_000_250_000_000L + id)
              .addAttributes(
                  KeyValue.newBuilder()
                      .setKey("peer")
                      .setValue(AnyValue.newBuilder().setStringValue("db-" + id))));
    }
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(
            ResourceSpans.newBuilder()
                .setResource(
                    Resource.newBuilder()
                        .addAttributes(
                            KeyValue.newBuilder()
                                .setKey("service.name")
                                .setValue(AnyValue.newBuilder().setStringValue(service))))
                .addScopeSpans(ss))
        .build()
        .toByteArray();
  }
}
