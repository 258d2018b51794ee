package io.obsera.writer.sink;

import io.obsera.model.Json;
import io.obsera.model.facts.TraceSummary;
import java.io.IOException;
import java.util.List;

/** Closed trace sessions from the topology to {@code trace_summaries}. */
final class TraceSummaryTableEncoder implements TableEncoder {
  static final TableSpec SUMMARIES =
      new TableSpec(
          "trace_summaries",
          List.of(
              "TenantId",
              "TraceId",
              "Start",
              "End",
              "RootService",
              "RootOperation",
              "SpanCount",
              "ErrorCount",
              "LogCounts",
              "Services",
              "Regions"));

  @Override
  public int encode(String tenant, String key, byte[] value, TableOutputs outputs) {
    TraceSummary s;
    try {
      s = Json.MAPPER.readValue(value, TraceSummary.class);
    } catch (IOException | RuntimeException e) {
      throw new PoisonRecordException("trace summary is not valid JSON: " + e.getMessage(), e);
    }
    RowBinaryOut out = outputs.table(SUMMARIES);
    out.string(tenant)
        .string(s.traceId())
        .dateTime64Nanos(s.startNanos())
        .dateTime64Nanos(s.endNanos())
        .string(s.rootService())
        .string(s.rootOperation())
        .uint64(s.spanCount())
        .uint64(s.errorCount());
    out.longMap(s.logCounts());
    out.array(List.copyOf(s.services()), out::string);
    out.array(List.copyOf(s.regions()), out::string);
    return 1;
  }
}
