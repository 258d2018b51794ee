package io.obsera.query.traces;

import java.util.List;
import java.util.Map;

/** The JSON shape of {@code GET /api/v1/traces/{traceId}}; nanoseconds as decimal strings. */
public record TraceView(String traceId, List<SpanView> spans, List<LogView> logs) {

  /** A span of the trace. */
  public record SpanView(
      String spanId,
      String parentSpanId,
      String name,
      String serviceName,
      String startTimeUnixNano,
      String durationNanos,
      StatusView status,
      Map<String, String> attributes) {}

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
}
