package io.obsera.writer.sink;

import io.obsera.writer.translate.LogRow;
import io.obsera.writer.translate.OtlpLogTranslator;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import java.util.List;

/** Log fragments to {@code otel_logs}. */
final class LogTableEncoder implements TableEncoder {
  static final TableSpec LOGS =
      new TableSpec(
          "otel_logs",
          List.of(
              "TenantId",
              "Timestamp",
              "TraceId",
              "SpanId",
              "TraceFlags",
              "SeverityText",
              "SeverityNumber",
              "ServiceName",
              "Body",
              "ResourceSchemaUrl",
              "ResourceAttributes",
              "ScopeSchemaUrl",
              "ScopeName",
              "ScopeVersion",
              "ScopeAttributes",
              "LogAttributes",
              "EventName"));

  @Override
  public int encode(String tenant, String key, byte[] value, TableOutputs outputs) {
    RowBinaryOut out = outputs.table(LOGS);
    List<LogRow> rows;
    rows =
        OtlpLogTranslator.toRows(
            tenant, RawFragments.parse("log", value, ExportLogsServiceRequest::parseFrom));
    for (LogRow r : rows) {
      out.string(r.tenantId())
          .dateTime64Nanos(r.timestampNanos())
          .string(r.traceId())
          .string(r.spanId())
          .uint8(r.traceFlags())
          .string(r.severityText())
          .uint8(r.severityNumber())
          .string(r.serviceName())
          .string(r.body())
          .string(r.resourceSchemaUrl())
          .stringMap(r.resourceAttributes())
          .string(r.scopeSchemaUrl())
          .string(r.scopeName())
          .string(r.scopeVersion())
          .stringMap(r.scopeAttributes())
          .stringMap(r.logAttributes())
          .string(r.eventName());
    }
    return rows.size();
  }
}
