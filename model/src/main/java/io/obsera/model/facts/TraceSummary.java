package io.obsera.model.facts;

import io.obsera.model.Regions;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What is known of a trace from some of its spans and logs. Partials merge (min start, max end,
 * sums, unions), so the summaries of several sessions of one trace combine into the full picture,
 * in the topology and again in ClickHouse (an AggregatingMergeTree with the same functions).
 *
 * @param startNanos earliest span start ({@link Long#MAX_VALUE} when no span was seen)
 * @param endNanos latest span end (0 when no span was seen)
 * @param rootService service of the root span (no parent), "" until it is seen
 * @param logCounts log records by severity: trace, debug, info, warn, error, fatal, unspecified
 */
public record TraceSummary(
    String tenantId,
    String traceId,
    long startNanos,
    long endNanos,
    String rootService,
    String rootOperation,
    long spanCount,
    long errorCount,
    Map<String, Long> logCounts,
    Set<String> services,
    Set<String> regions) {

  public static TraceSummary empty() {
    return new TraceSummary("", "", Long.MAX_VALUE, 0, "", "", 0, 0, Map.of(), Set.of(), Set.of());
  }

  public TraceSummary merge(TraceSummary o) {
    Map<String, Long> logs = new TreeMap<>(logCounts);
    o.logCounts.forEach((k, v) -> logs.merge(k, v, Long::sum));
    Set<String> svc = new TreeSet<>(services);
    svc.addAll(o.services);
    Set<String> reg = new TreeSet<>(regions);
    reg.addAll(o.regions);
    return new TraceSummary(
        tenantId.isEmpty() ? o.tenantId : tenantId,
        traceId.isEmpty() ? o.traceId : traceId,
        Math.min(startNanos, o.startNanos),
        Math.max(endNanos, o.endNanos),
        max(rootService, o.rootService),
        max(rootOperation, o.rootOperation),
        spanCount + o.spanCount,
        errorCount + o.errorCount,
        logs,
        svc,
        reg);
  }

  /** Same choice as ClickHouse's max(String): "" loses to any name. */
  private static String max(String a, String b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  public static TraceSummary ofSpans(String tenant, String traceId, ExportTraceServiceRequest req) {
    long start = Long.MAX_VALUE;
    long end = 0;
    long spans = 0;
    long errors = 0;
    String rootService = "";
    String rootOperation = "";
    Set<String> services = new TreeSet<>();
    Set<String> regions = new TreeSet<>();
    for (ResourceSpans rs : req.getResourceSpansList()) {
      Map<String, String> resource = AttributeValues.toMap(rs.getResource().getAttributesList());
      String service = resource.getOrDefault("service.name", "");
      services.add(service);
      regions.add(Regions.of(resource));
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        for (Span s : ss.getSpansList()) {
          spans++;
          start = Math.min(start, s.getStartTimeUnixNano());
          end = Math.max(end, s.getEndTimeUnixNano());
          if (s.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR) {
            errors++;
          }
          if (s.getParentSpanId().isEmpty()) {
            rootService = max(rootService, service);
            rootOperation = max(rootOperation, s.getName());
          }
        }
      }
    }
    return new TraceSummary(
        tenant,
        traceId,
        start,
        end,
        rootService,
        rootOperation,
        spans,
        errors,
        Map.of(),
        services,
        regions);
  }

  public static TraceSummary ofLogs(String tenant, String traceId, ExportLogsServiceRequest req) {
    Map<String, Long> counts = new TreeMap<>();
    Set<String> services = new TreeSet<>();
    for (ResourceLogs rl : req.getResourceLogsList()) {
      services.add(
          AttributeValues.toMap(rl.getResource().getAttributesList())
              .getOrDefault("service.name", ""));
      for (ScopeLogs sl : rl.getScopeLogsList()) {
        for (LogRecord r : sl.getLogRecordsList()) {
          counts.merge(severity(r.getSeverityNumberValue()), 1L, Long::sum);
        }
      }
    }
    return new TraceSummary(
        tenant, traceId, Long.MAX_VALUE, 0, "", "", 0, 0, counts, services, Set.of());
  }

  static String severity(int number) {
    if (number <= 0) {
      return "unspecified";
    }
    return switch ((number - 1) / 4) {
      case 0 -> "trace";
      case 1 -> "debug";
      case 2 -> "info";
      case 3 -> "warn";
      case 4 -> "error";
      default -> "fatal";
    };
  }
}
