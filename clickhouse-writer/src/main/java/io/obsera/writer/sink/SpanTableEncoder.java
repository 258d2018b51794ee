package io.obsera.writer.sink;

import io.obsera.writer.translate.OtlpSpanTranslator;
import io.obsera.writer.translate.SpanRow;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.util.List;

/** Span fragments to {@code otel_traces}. */
final class SpanTableEncoder implements TableEncoder {
  static final TableSpec SPANS =
      new TableSpec(
          "otel_traces",
          List.of(
              "TenantId",
              "Timestamp",
              "TraceId",
              "SpanId",
              "ParentSpanId",
              "TraceState",
              "SpanName",
              "SpanKind",
              "ServiceName",
              "ResourceAttributes",
              "ScopeName",
              "ScopeVersion",
              "SpanAttributes",
              "Duration",
              "StatusCode",
              "StatusMessage",
              "Events.Timestamp",
              "Events.Name",
              "Events.Attributes",
              "Links.TraceId",
              "Links.SpanId",
              "Links.TraceState",
              "Links.Attributes"));

  @Override
  public int encode(String tenant, String key, byte[] value, TableOutputs outputs) {
    RowBinaryOut out = outputs.table(SPANS);
    List<SpanRow> rows;
    rows =
        OtlpSpanTranslator.toRows(
            tenant, RawFragments.parse("span", value, ExportTraceServiceRequest::parseFrom));
    for (SpanRow r : rows) {
      out.string(r.tenantId())
          .dateTime64Nanos(r.timestampNanos())
          .string(r.traceId())
          .string(r.spanId())
          .string(r.parentSpanId())
          .string(r.traceState())
          .string(r.spanName())
          .string(r.spanKind())
          .string(r.serviceName())
          .stringMap(r.resourceAttributes())
          .string(r.scopeName())
          .string(r.scopeVersion())
          .stringMap(r.spanAttributes())
          .uint64(r.durationNanos())
          .string(r.statusCode())
          .string(r.statusMessage())
          .array(r.events(), e -> out.dateTime64Nanos(e.timestampNanos()))
          .array(r.events(), e -> out.string(e.name()))
          .array(r.events(), e -> out.stringMap(e.attributes()))
          .array(r.links(), l -> out.string(l.traceId()))
          .array(r.links(), l -> out.string(l.spanId()))
          .array(r.links(), l -> out.string(l.traceState()))
          .array(r.links(), l -> out.stringMap(l.attributes()));
    }
    return rows.size();
  }
}
