package io.obsera.streams.slo;

import io.obsera.model.control.SloDefinition;
import io.obsera.model.control.SloKind;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;

/** Which spans an SLO counts, and which of them are good. */
final class SloSpans {
  private static final String KIND_PREFIX = "SPAN_KIND_";

  private SloSpans() {}

  /**
   * The span is one of the SLO's events: its service, and its operation and kind when set. Uptime
   * SLOs count health checks, never spans.
   */
  static boolean matches(SloDefinition slo, String service, Span span) {
    return slo.kind() != SloKind.UPTIME
        && slo.service().equals(service)
        && (slo.operation() == null || slo.operation().equals(span.getName()))
        && (slo.spanKind() == null || slo.spanKind().equals(kindName(span)));
  }

  /** Availability: status not ERROR. Latency: duration at most the threshold. */
  static boolean good(SloDefinition slo, Span span) {
    if (slo.kind() == SloKind.LATENCY) {
      long nanos = Math.max(0, span.getEndTimeUnixNano() - span.getStartTimeUnixNano());
      return nanos <= slo.thresholdMs() * 1_000_000;
    }
    return span.getStatus().getCode() != Status.StatusCode.STATUS_CODE_ERROR;
  }

  private static String kindName(Span span) {
    String name = span.getKind().name();
    return name.startsWith(KIND_PREFIX) ? name.substring(KIND_PREFIX.length()) : name;
  }
}
