package io.obsera.ingest.translate;

import com.google.protobuf.ByteString;
import io.obsera.model.RecordKeys;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits an OTLP trace export into one fragment per (tenant, trace id): each fragment is itself a
 * valid ExportTraceServiceRequest holding that trace's spans with their resource and scope. Pure
 * function, no I/O.
 */
public final class TraceFragmenter {
  private TraceFragmenter() {}

  public static Result fragment(String tenant, ExportTraceServiceRequest request) {
    Map<ByteString, ExportTraceServiceRequest.Builder> byTrace = new LinkedHashMap<>();
    int rejected = 0;
    String reason = null;
    for (ResourceSpans rs : request.getResourceSpansList()) {
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        Map<ByteString, ScopeSpans.Builder> scoped = new LinkedHashMap<>();
        for (Span span : ss.getSpansList()) {
          if (span.getTraceId().size() != 16 || span.getSpanId().size() != 8) {
            rejected++;
            reason =
                "span with trace id of "
                    + span.getTraceId().size()
                    + " bytes and span id of "
                    + span.getSpanId().size()
                    + " bytes (want 16 and 8)";
            continue;
          }
          int parent = span.getParentSpanId().size();
          if (parent != 0 && parent != 8) {
            rejected++;
            reason = "span with a parent span id of " + parent + " bytes (want 8, or none)";
            continue;
          }
          scoped
              .computeIfAbsent(
                  span.getTraceId(),
                  t ->
                      ScopeSpans.newBuilder()
                          .setScope(ss.getScope())
                          .setSchemaUrl(ss.getSchemaUrl()))
              .addSpans(span);
        }
        scoped.forEach(
            (traceId, scopeSpans) ->
                byTrace
                    .computeIfAbsent(traceId, t -> ExportTraceServiceRequest.newBuilder())
                    .addResourceSpans(
                        ResourceSpans.newBuilder()
                            .setResource(rs.getResource())
                            .setSchemaUrl(rs.getSchemaUrl())
                            .addScopeSpans(scopeSpans)));
      }
    }
    List<Fragment> out = new ArrayList<>(byTrace.size());
    byTrace.forEach(
        (traceId, b) -> {
          ExportTraceServiceRequest frag = b.build();
          int spans =
              frag.getResourceSpansList().stream()
                  .flatMap(r -> r.getScopeSpansList().stream())
                  .mapToInt(ScopeSpans::getSpansCount)
                  .sum();
          out.add(
              new Fragment(
                  RecordKeys.traceKey(tenant, traceId.toByteArray()), frag.toByteArray(), spans));
        });
    return new Result(out, rejected, reason);
  }
}
