package io.obsera.ingest.pipeline;

import io.obsera.model.probe.ProbeAttributes;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Splits a probe agent's export by tenant: each resource names the tenant that owns the probed
 * endpoint in its attribute {@link ProbeAttributes#TENANT}, which must name an existing tenant. A
 * resource without it, or naming an unknown tenant, rejects the whole request (INVALID_ARGUMENT),
 * so nothing of it is stored. Pure function, no I/O.
 */
final class ProbeTenants {
  private ProbeTenants() {}

  /** The request's resources grouped by tenant, in request order. */
  static Map<String, ExportTraceServiceRequest> traces(
      ExportTraceServiceRequest request, Predicate<String> tenantExists) {
    Map<String, ExportTraceServiceRequest.Builder> out = new LinkedHashMap<>();
    for (ResourceSpans rs : request.getResourceSpansList()) {
      out.computeIfAbsent(
              tenant(rs.getResource(), tenantExists), t -> ExportTraceServiceRequest.newBuilder())
          .addResourceSpans(rs);
    }
    Map<String, ExportTraceServiceRequest> built = new LinkedHashMap<>();
    out.forEach((t, b) -> built.put(t, b.build()));
    return built;
  }

  /** The request's resources grouped by tenant, in request order. */
  static Map<String, ExportMetricsServiceRequest> metrics(
      ExportMetricsServiceRequest request, Predicate<String> tenantExists) {
    Map<String, ExportMetricsServiceRequest.Builder> out = new LinkedHashMap<>();
    for (ResourceMetrics rm : request.getResourceMetricsList()) {
      out.computeIfAbsent(
              tenant(rm.getResource(), tenantExists), t -> ExportMetricsServiceRequest.newBuilder())
          .addResourceMetrics(rm);
    }
    Map<String, ExportMetricsServiceRequest> built = new LinkedHashMap<>();
    out.forEach((t, b) -> built.put(t, b.build()));
    return built;
  }

  private static String tenant(Resource resource, Predicate<String> tenantExists) {
    String tenant = null;
    for (KeyValue kv : resource.getAttributesList()) {
      if (kv.getKey().equals(ProbeAttributes.TENANT)) {
        AnyValue v = kv.getValue();
        tenant = v.getValueCase() == AnyValue.ValueCase.STRING_VALUE ? v.getStringValue() : "";
      }
    }
    if (tenant == null || tenant.isEmpty()) {
      throw IngestError.invalid(
          "data sent with a probe key must name its tenant in the string resource attribute '"
              + ProbeAttributes.TENANT
              + "'; a resource has none");
    }
    if (!tenantExists.test(tenant)) {
      throw IngestError.invalid(
          "resource attribute '"
              + ProbeAttributes.TENANT
              + "' names tenant '"
              + (tenant.length() > 100 ? tenant.substring(0, 100) + "..." : tenant)
              + "', which does not exist");
    }
    return tenant;
  }
}
