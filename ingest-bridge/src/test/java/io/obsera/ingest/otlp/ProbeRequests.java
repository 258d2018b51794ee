package io.obsera.ingest.otlp;

import io.obsera.model.probe.ProbeAttributes;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.List;

/**
 * Hand-made probe-result requests (protobuf and OTLP/JSON) with chosen {@code obsera.tenant}s,
 * shaped as the agent sends them (check spans named by their endpoint id, which they carry).
 */
final class ProbeRequests {
  private ProbeRequests() {}

  private static KeyValue attr(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }

  private static io.opentelemetry.proto.resource.v1.Resource resource(
      String tenant, String region) {
    io.opentelemetry.proto.resource.v1.Resource.Builder r =
        io.opentelemetry.proto.resource.v1.Resource.newBuilder()
            .addAttributes(attr("service.name", ProbeAttributes.SERVICE_NAME))
            .addAttributes(attr(ProbeAttributes.REGION, region));
    if (tenant != null) {
      r.addAttributes(attr(ProbeAttributes.TENANT, tenant));
    }
    return r.build();
  }

  /**
   * A protobuf trace export from eu-west: one resource per (tenant, endpoint id) pair with the
   * endpoint's check span; null tenant: none.
   */
  static byte[] traces(String... tenantAndEndpoint) {
    return tracesFrom("eu-west", tenantAndEndpoint);
  }

  /** The same from {@code region}. */
  static byte[] tracesFrom(String region, String... tenantAndEndpoint) {
    ExportTraceServiceRequest.Builder req = ExportTraceServiceRequest.newBuilder();
    for (int i = 0; i < tenantAndEndpoint.length; i += 2) {
      long now = System.currentTimeMillis() * 1_000_000;
      req.addResourceSpans(
          ResourceSpans.newBuilder()
              .setResource(resource(tenantAndEndpoint[i], region))
              .addScopeSpans(
                  ScopeSpans.newBuilder()
                      .addSpans(
                          Span.newBuilder()
                              .setTraceId(com.google.protobuf.ByteString.copyFrom(randomBytes(16)))
                              .setSpanId(com.google.protobuf.ByteString.copyFrom(randomBytes(8)))
                              .setName(tenantAndEndpoint[i + 1])
                              .setKind(Span.SpanKind.SPAN_KIND_CLIENT)
                              .addAttributes(
                                  attr(ProbeAttributes.ENDPOINT_ID, tenantAndEndpoint[i + 1]))
                              .setStartTimeUnixNano(now)
                              .setEndTimeUnixNano(now + 1_000_000))));
    }
    return req.build().toByteArray();
  }

  /** A protobuf metrics export from eu-west of one obsera.probe.up point of {@code endpointId}. */
  static byte[] gauge(String tenant, String endpointId) {
    return gauge(tenant, ProbeAttributes.METRIC_UP, endpointId);
  }

  /** The same of gauge {@code metric}. */
  static byte[] gauge(String tenant, String metric, String endpointId) {
    return ExportMetricsServiceRequest.newBuilder()
        .addResourceMetrics(
            ResourceMetrics.newBuilder()
                .setResource(resource(tenant, "eu-west"))
                .addScopeMetrics(
                    ScopeMetrics.newBuilder()
                        .addMetrics(
                            Metric.newBuilder()
                                .setName(metric)
                                .setGauge(
                                    io.opentelemetry.proto.metrics.v1.Gauge.newBuilder()
                                        .addDataPoints(
                                            NumberDataPoint.newBuilder()
                                                .setAsInt(1)
                                                .setTimeUnixNano(
                                                    System.currentTimeMillis() * 1_000_000)
                                                .addAttributes(
                                                    attr(
                                                        ProbeAttributes.ENDPOINT_ID,
                                                        endpointId)))))))
        .build()
        .toByteArray();
  }

  /** The same as {@link #traces} in OTLP/JSON (hex ids). */
  static String json(String... tenantAndName) {
    List<String> resources = new ArrayList<>();
    for (int i = 0; i < tenantAndName.length; i += 2) {
      String tenant =
          tenantAndName[i] == null
              ? ""
              : ",{\"key\":\""
                  + ProbeAttributes.TENANT
                  + "\",\"value\":{\"stringValue\":\""
                  + tenantAndName[i]
                  + "\"}}";
      long now = System.currentTimeMillis() * 1_000_000;
      resources.add(
          "{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":{\"stringValue\":\""
              + ProbeAttributes.SERVICE_NAME
              + "\"}},{\"key\":\""
              + ProbeAttributes.REGION
              + "\",\"value\":{\"stringValue\":\"eu-west\"}}"
              + tenant
              + "]},\"scopeSpans\":[{\"scope\":{\"name\":\"probe\"},\"spans\":[{\"traceId\":\""
              + java.util.HexFormat.of().formatHex(randomBytes(16))
              + "\",\"spanId\":\""
              + java.util.HexFormat.of().formatHex(randomBytes(8))
              + "\",\"name\":\""
              + tenantAndName[i + 1]
              + "\",\"kind\":3,\"attributes\":[{\"key\":\""
              + ProbeAttributes.ENDPOINT_ID
              + "\",\"value\":{\"stringValue\":\""
              + tenantAndName[i + 1]
              + "\"}}],\"startTimeUnixNano\":\""
              + now
              + "\",\"endTimeUnixNano\":\""
              + (now + 1_000_000)
              + "\"}]}]}");
    }
    return "{\"resourceSpans\":[" + String.join(",", resources) + "]}";
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    new java.security.SecureRandom().nextBytes(b);
    return b;
  }
}
