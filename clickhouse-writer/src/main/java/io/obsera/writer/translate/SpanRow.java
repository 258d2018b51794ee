package io.obsera.writer.translate;

import java.util.List;
import java.util.Map;

/** One row of {@code otel_traces}. Times are Unix nanoseconds. */
public record SpanRow(
    String tenantId,
    long timestampNanos,
    String traceId,
    String spanId,
    String parentSpanId,
    String traceState,
    String spanName,
    String spanKind,
    String serviceName,
    Map<String, String> resourceAttributes,
    String scopeName,
    String scopeVersion,
    Map<String, String> spanAttributes,
    long durationNanos,
    String statusCode,
    String statusMessage,
    List<Event> events,
    List<Link> links) {

  /** A span event. */
  public record Event(long timestampNanos, String name, Map<String, String> attributes) {}

  /** A span link. */
  public record Link(
      String traceId, String spanId, String traceState, Map<String, String> attributes) {}
}
