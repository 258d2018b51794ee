package io.obsera.query.traces;

import java.util.List;
import java.util.Map;

/**
 * The JSON shape of {@code GET /api/v1/traces/{traceId}}; nanoseconds as decimal strings. The span
 * tree: {@code rootSpanIds} and each span's {@code childSpanIds} (spans whose parent is missing
 * count as roots). A trace of more spans than the service shows at once ({@code
 * OBSERA_TRACE_MAX_SPANS}) is {@code truncated}: {@code nextCursor} fetches the next spans.
 */
public record TraceView(
    String traceId,
    List<String> rootSpanIds,
    List<SpanView> spans,
    List<LogView> logs,
    List<MetricPointView> metricPoints,
    TraceSearch.Hit summary,
    Map<String, String> links,
    boolean truncated,
    String nextCursor) {

  /** A span of the trace. */
  public record SpanView(
      String spanId,
      String parentSpanId,
      List<String> childSpanIds,
      String name,
      String serviceName,
      String startTimeUnixNano,
      String durationNanos,
      StatusView status,
      Map<String, String> attributes,
      String kind,
      Map<String, String> resource,
      List<EventView> events,
      List<LinkView> spanLinks) {}

  /** An event of a span (an exception, a log-like point in time). */
  public record EventView(String timeUnixNano, String name, Map<String, String> attributes) {}

  /** A link from a span to a span of this or another trace. */
  public record LinkView(
      String traceId, String spanId, String traceState, Map<String, String> attributes) {}

  /** A span status. */
  public record StatusView(String code, String message) {}

  /** A log record of the trace. */
  public record LogView(
      String timeUnixNano,
      String severityText,
      int severityNumber,
      String body,
      String spanId,
      Map<String, String> attributes) {}

  /** A metric point whose exemplar points at this trace. */
  public record MetricPointView(
      String metricName,
      String serviceName,
      Map<String, String> attributes,
      String timeUnixNano,
      double value,
      String spanId,
      String link) {}
}
