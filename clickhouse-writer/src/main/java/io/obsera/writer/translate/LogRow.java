package io.obsera.writer.translate;

import java.util.Map;

/** One row of {@code otel_logs}. Times are Unix nanoseconds. */
public record LogRow(
    String tenantId,
    long timestampNanos,
    String traceId,
    String spanId,
    int traceFlags,
    String severityText,
    int severityNumber,
    String serviceName,
    String body,
    String resourceSchemaUrl,
    Map<String, String> resourceAttributes,
    String scopeSchemaUrl,
    String scopeName,
    String scopeVersion,
    Map<String, String> scopeAttributes,
    Map<String, String> logAttributes,
    String eventName) {}
