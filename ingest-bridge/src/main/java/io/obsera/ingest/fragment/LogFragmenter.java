package io.obsera.ingest.fragment;

import com.google.protobuf.ByteString;
import io.obsera.model.RecordKeys;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits an OTLP logs export into fragments keyed by (tenant, trace id) for records that carry a
 * trace id, and by (tenant, resource) for the others. Pure function, no I/O.
 */
public final class LogFragmenter {
  private LogFragmenter() {}

  public static Result fragment(String tenant, ExportLogsServiceRequest request) {
    Map<String, ExportLogsServiceRequest.Builder> byKey = new LinkedHashMap<>();
    Map<String, Integer> counts = new LinkedHashMap<>();
    int rejected = 0;
    String reason = null;
    for (ResourceLogs rl : request.getResourceLogsList()) {
      String resourceKey = RecordKeys.resourceKey(tenant, rl.getResource().hashCode());
      for (ScopeLogs sl : rl.getScopeLogsList()) {
        Map<String, ScopeLogs.Builder> scoped = new LinkedHashMap<>();
        for (LogRecord log : sl.getLogRecordsList()) {
          ByteString traceId = log.getTraceId();
          if (!traceId.isEmpty() && traceId.size() != 16) {
            rejected++;
            reason = "log record with a trace id of " + traceId.size() + " bytes (want 16)";
            continue;
          }
          int spanId = log.getSpanId().size();
          if (spanId != 0 && spanId != 8) {
            rejected++;
            reason = "log record with a span id of " + spanId + " bytes (want 8, or none)";
            continue;
          }
          String key =
              traceId.isEmpty() ? resourceKey : RecordKeys.traceKey(tenant, traceId.toByteArray());
          scoped
              .computeIfAbsent(
                  key,
                  k ->
                      ScopeLogs.newBuilder()
                          .setScope(sl.getScope())
                          .setSchemaUrl(sl.getSchemaUrl()))
              .addLogRecords(log);
          counts.merge(key, 1, Integer::sum);
        }
        scoped.forEach(
            (key, scopeLogs) ->
                byKey
                    .computeIfAbsent(key, k -> ExportLogsServiceRequest.newBuilder())
                    .addResourceLogs(
                        ResourceLogs.newBuilder()
                            .setResource(rl.getResource())
                            .setSchemaUrl(rl.getSchemaUrl())
                            .addScopeLogs(scopeLogs)));
      }
    }
    List<Fragment> out = new ArrayList<>(byKey.size());
    byKey.forEach((key, b) -> out.add(new Fragment(key, b.build().toByteArray(), counts.get(key))));
    return new Result(out, rejected, reason);
  }
}
