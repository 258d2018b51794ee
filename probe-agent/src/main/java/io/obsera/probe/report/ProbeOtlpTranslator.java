package io.obsera.probe.report;

import static io.obsera.model.probe.ProbeAttributes.AGENT;
import static io.obsera.model.probe.ProbeAttributes.BODY_MATCHED;
import static io.obsera.model.probe.ProbeAttributes.CERT_EXPIRES_AT;
import static io.obsera.model.probe.ProbeAttributes.CONNECT_MS;
import static io.obsera.model.probe.ProbeAttributes.DNS_MS;
import static io.obsera.model.probe.ProbeAttributes.ENDPOINT_ID;
import static io.obsera.model.probe.ProbeAttributes.ERROR;
import static io.obsera.model.probe.ProbeAttributes.METRIC_DURATION;
import static io.obsera.model.probe.ProbeAttributes.METRIC_UP;
import static io.obsera.model.probe.ProbeAttributes.OUTCOME;
import static io.obsera.model.probe.ProbeAttributes.REGION;
import static io.obsera.model.probe.ProbeAttributes.SERVICE_NAME;
import static io.obsera.model.probe.ProbeAttributes.TENANT;
import static io.obsera.model.probe.ProbeAttributes.TLS_MS;
import static io.obsera.model.probe.ProbeAttributes.TOTAL_MS;
import static io.obsera.model.probe.ProbeAttributes.TTFB_MS;

import com.google.protobuf.ByteString;
import io.obsera.model.probe.CheckOutcome;
import io.obsera.model.probe.HealthCheck;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Probe results as OTLP, exactly per {@link io.obsera.model.probe.ProbeAttributes}: one resource
 * per tenant x region x agent; per check one CLIENT span named by the endpoint id and one point of
 * each gauge. Pure: the same results give the same request (ids come from the result's trace id, so
 * a resent result carries the ids it had the first time).
 */
public final class ProbeOtlpTranslator {
  static final String SCOPE = "io.obsera.probe";

  private ProbeOtlpTranslator() {}

  public static ExportTraceServiceRequest traces(List<HealthCheck> checks) {
    ExportTraceServiceRequest.Builder req = ExportTraceServiceRequest.newBuilder();
    for (Map.Entry<List<String>, List<HealthCheck>> group : byResource(checks).entrySet()) {
      ScopeSpans.Builder scope = ScopeSpans.newBuilder().setScope(scope());
      for (HealthCheck c : group.getValue()) {
        scope.addSpans(span(c));
      }
      req.addResourceSpans(
          ResourceSpans.newBuilder()
              .setResource(resource(group.getValue().get(0)))
              .addScopeSpans(scope));
    }
    return req.build();
  }

  public static ExportMetricsServiceRequest metrics(List<HealthCheck> checks) {
    ExportMetricsServiceRequest.Builder req = ExportMetricsServiceRequest.newBuilder();
    for (Map.Entry<List<String>, List<HealthCheck>> group : byResource(checks).entrySet()) {
      Gauge.Builder up = Gauge.newBuilder();
      Gauge.Builder duration = Gauge.newBuilder();
      for (HealthCheck c : group.getValue()) {
        long at = nanos(c.time());
        KeyValue endpoint = string(ENDPOINT_ID, c.endpointId());
        up.addDataPoints(
            NumberDataPoint.newBuilder()
                .setTimeUnixNano(at)
                .setAsInt(c.outcome() == CheckOutcome.DOWN ? 0 : 1)
                .addAttributes(endpoint));
        duration.addDataPoints(
            NumberDataPoint.newBuilder()
                .setTimeUnixNano(at)
                .setAsDouble(c.totalMs())
                .addAttributes(endpoint));
      }
      req.addResourceMetrics(
          ResourceMetrics.newBuilder()
              .setResource(resource(group.getValue().get(0)))
              .addScopeMetrics(
                  ScopeMetrics.newBuilder()
                      .setScope(scope())
                      .addMetrics(
                          Metric.newBuilder()
                              .setName(METRIC_UP)
                              .setDescription("1 when the check was up or degraded, 0 when down")
                              .setUnit("1")
                              .setGauge(up))
                      .addMetrics(
                          Metric.newBuilder()
                              .setName(METRIC_DURATION)
                              .setDescription("total duration of the check")
                              .setUnit("ms")
                              .setGauge(duration))));
    }
    return req.build();
  }

  private static Map<List<String>, List<HealthCheck>> byResource(List<HealthCheck> checks) {
    Map<List<String>, List<HealthCheck>> groups = new LinkedHashMap<>();
    for (HealthCheck c : checks) {
      groups
          .computeIfAbsent(List.of(c.tenantId(), c.region(), c.agent()), k -> new ArrayList<>())
          .add(c);
    }
    return groups;
  }

  private static Resource resource(HealthCheck c) {
    return Resource.newBuilder()
        .addAttributes(string("service.name", SERVICE_NAME))
        .addAttributes(string(TENANT, c.tenantId()))
        .addAttributes(string(REGION, c.region()))
        .addAttributes(string(AGENT, c.agent()))
        .build();
  }

  private static InstrumentationScope scope() {
    return InstrumentationScope.newBuilder().setName(SCOPE).build();
  }

  static Span span(HealthCheck c) {
    byte[] traceId = HexFormat.of().parseHex(c.traceId());
    long start = nanos(c.time());
    Span.Builder s =
        Span.newBuilder()
            .setTraceId(ByteString.copyFrom(traceId))
            .setSpanId(ByteString.copyFrom(traceId, 8, 8))
            .setName(c.endpointId())
            .setKind(Span.SpanKind.SPAN_KIND_CLIENT)
            .setStartTimeUnixNano(start)
            .setEndTimeUnixNano(start + Math.round(c.totalMs() * 1e6))
            .addAttributes(string(ENDPOINT_ID, c.endpointId()))
            .addAttributes(string(OUTCOME, c.outcome().name()))
            .addAttributes(string("url.full", c.url()))
            .addAttributes(string("http.request.method", c.method()));
    if (c.statusCode() != null) {
      s.addAttributes(integer("http.response.status_code", c.statusCode()));
    }
    if (c.error() != null) {
      s.addAttributes(string(ERROR, c.error()));
    }
    addDouble(s, DNS_MS, c.dnsMs());
    addDouble(s, CONNECT_MS, c.connectMs());
    addDouble(s, TLS_MS, c.tlsMs());
    addDouble(s, TTFB_MS, c.ttfbMs());
    addDouble(s, TOTAL_MS, c.totalMs());
    if (c.bodyMatched() != null) {
      s.addAttributes(
          KeyValue.newBuilder()
              .setKey(BODY_MATCHED)
              .setValue(AnyValue.newBuilder().setBoolValue(c.bodyMatched())));
    }
    if (c.certExpiresAt() != null) {
      s.addAttributes(integer(CERT_EXPIRES_AT, c.certExpiresAt().getEpochSecond()));
    }
    if (c.outcome() == CheckOutcome.DOWN) {
      s.setStatus(
          Status.newBuilder()
              .setCode(Status.StatusCode.STATUS_CODE_ERROR)
              .setMessage(c.error() == null ? "" : c.error()));
    }
    return s.build();
  }

  private static void addDouble(Span.Builder s, String key, Double value) {
    if (value != null) {
      s.addAttributes(
          KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setDoubleValue(value)));
    }
  }

  private static KeyValue string(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }

  private static KeyValue integer(String key, long value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setIntValue(value))
        .build();
  }

  private static long nanos(Instant t) {
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }
}
