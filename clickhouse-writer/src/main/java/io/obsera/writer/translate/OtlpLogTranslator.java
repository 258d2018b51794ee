package io.obsera.writer.translate;

import io.obsera.model.facts.AttributeValues;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** OTLP log records to {@code otel_logs} rows. Pure function. */
public final class OtlpLogTranslator {
  private static final HexFormat HEX = HexFormat.of();

  private OtlpLogTranslator() {}

  public static List<LogRow> toRows(String tenant, ExportLogsServiceRequest request) {
    List<LogRow> rows = new ArrayList<>();
    for (ResourceLogs rl : request.getResourceLogsList()) {
      Map<String, String> resource = AttributeValues.toMap(rl.getResource().getAttributesList());
      String service = resource.getOrDefault("service.name", "");
      for (ScopeLogs sl : rl.getScopeLogsList()) {
        Map<String, String> scopeAttrs = AttributeValues.toMap(sl.getScope().getAttributesList());
        for (LogRecord r : sl.getLogRecordsList()) {
          long ts = r.getTimeUnixNano() != 0 ? r.getTimeUnixNano() : r.getObservedTimeUnixNano();
          rows.add(
              new LogRow(
                  tenant,
                  ts,
                  HEX.formatHex(r.getTraceId().toByteArray()),
                  HEX.formatHex(r.getSpanId().toByteArray()),
                  r.getFlags() & 0xff,
                  r.getSeverityText(),
                  r.getSeverityNumberValue(),
                  service,
                  AttributeValues.text(r.getBody()),
                  rl.getSchemaUrl(),
                  resource,
                  sl.getSchemaUrl(),
                  sl.getScope().getName(),
                  sl.getScope().getVersion(),
                  scopeAttrs,
                  AttributeValues.toMap(r.getAttributesList()),
                  r.getEventName()));
        }
      }
    }
    return rows;
  }
}
