package io.obsera.model.probe;

import java.time.Instant;

/**
 * One check of one endpoint from one region, as the topology derives it from a probe span and
 * publishes it (JSON) on {@code obsera.probe.health-checks}, keyed {@code tenant|endpointId}; the
 * writer stores it in {@code health_checks}. Timings are milliseconds, null when the phase did not
 * happen (no DNS lookup for an IP literal, no TLS for http, no response).
 */
public record HealthCheck(
    String tenantId,
    String endpointId,
    String region,
    String agent,
    Instant time,
    String url,
    String method,
    CheckOutcome outcome,
    Integer statusCode,
    String error,
    Double dnsMs,
    Double connectMs,
    Double tlsMs,
    Double ttfbMs,
    Double totalMs,
    Boolean bodyMatched,
    Instant certExpiresAt,
    String traceId) {

  /** The Kafka key: {@code tenant|endpointId}. */
  public String key() {
    return tenantId + "|" + endpointId;
  }
}
