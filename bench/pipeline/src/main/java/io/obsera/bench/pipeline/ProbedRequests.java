package io.obsera.bench.pipeline;

import com.google.protobuf.ByteString;
import io.obsera.bench.SpanGenerator;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Export requests of the bench's realistic spans ({@link SpanGenerator}), each with one probe span
 * more: service {@code bench-probe}, attribute {@code bench.seq} = the request's number. Polling
 * ClickHouse for the probes tells when each request became queryable. Encoded before any clock
 * starts.
 */
final class ProbedRequests {
  static final String PROBE_SERVICE = "bench-probe";
  static final String SEQ = "bench.seq";

  private ProbedRequests() {}

  /** Requests numbered {@code firstSeq} on, {@code spans} generated spans + 1 probe each. */
  static List<byte[]> generate(int count, int spans, int firstSeq, long seed) {
    SpanGenerator generator = new SpanGenerator(seed);
    long now = System.currentTimeMillis() * 1_000_000L;
    List<byte[]> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(
          generator.request(spans, now).toBuilder()
              .addResourceSpans(probe(firstSeq + i, now))
              .build()
              .toByteArray());
    }
    return out;
  }

  private static ResourceSpans probe(int seq, long nowNanos) {
    byte[] traceId = ByteBuffer.allocate(16).putLong(0x0b5e_0000_0000_0000L).putLong(seq).array();
    return ResourceSpans.newBuilder()
        .setResource(Resource.newBuilder().addAttributes(str("service.name", PROBE_SERVICE)))
        .addScopeSpans(
            ScopeSpans.newBuilder()
                .addSpans(
                    Span.newBuilder()
                        .setTraceId(ByteString.copyFrom(traceId))
                        .setSpanId(
                            ByteString.copyFrom(ByteBuffer.allocate(8).putLong(seq + 1L).array()))
                        .setName("probe")
                        .setKind(Span.SpanKind.SPAN_KIND_INTERNAL)
                        .setStartTimeUnixNano(nowNanos)
                        .setEndTimeUnixNano(nowNanos + 1000)
                        .addAttributes(str(SEQ, Integer.toString(seq)))))
        .build();
  }

  private static KeyValue str(String k, String v) {
    return KeyValue.newBuilder()
        .setKey(k)
        .setValue(AnyValue.newBuilder().setStringValue(v))
        .build();
  }
}
