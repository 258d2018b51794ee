package io.obsera.ingest.pipeline;

import io.obsera.model.control.ApiKeyRecord;
import io.obsera.model.control.EndpointDefinition;
import io.obsera.model.facts.MetricPointCount;
import io.obsera.model.probe.ProbeAttributes;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks a probe key's export against the probe contract ({@link ProbeAttributes}) and splits it by
 * tenant. Pure function, no I/O.
 *
 * <p>Each resource must be a probe agent's: {@code service.name} {@value
 * ProbeAttributes#SERVICE_NAME}, {@link ProbeAttributes#TENANT} naming an existing tenant and
 * {@link ProbeAttributes#REGION} one of the key's regions. A resource that is not rejects the whole
 * request, nothing of it is stored: INVALID_ARGUMENT, or PERMISSION_DENIED for a region the key may
 * not report from.
 *
 * <p>Each item must be a check of an endpoint of that tenant probed from that region: a span named
 * by the endpoint id it carries in {@link ProbeAttributes#ENDPOINT_ID}, or a point of the gauges
 * {@link ProbeAttributes#METRIC_UP} / {@link ProbeAttributes#METRIC_DURATION} carrying it. Other
 * items are dropped and counted (OTLP partial success: an agent's batch still lands when one of its
 * endpoints was just deleted or moved to other regions); a request none of whose items is a check
 * is INVALID_ARGUMENT, naming why.
 */
final class ProbeTenants {
  static final Set<String> METRICS =
      Set.of(ProbeAttributes.METRIC_UP, ProbeAttributes.METRIC_DURATION);

  private ProbeTenants() {}

  /** What the bridge knows of tenants and their endpoints. */
  interface Catalog {
    boolean tenantExists(String tenant);

    Optional<EndpointDefinition> endpoint(String tenant, String endpointId);
  }

  /** One tenant's part of the request, and the items dropped from it (with the last reason). */
  record Part<Q>(Q request, int rejected, String rejectReason) {}

  /** The request's checks grouped by tenant, in request order. */
  static Map<String, Part<ExportTraceServiceRequest>> traces(
      ExportTraceServiceRequest request, ApiKeyRecord key, Catalog catalog) {
    Map<String, Builder<ExportTraceServiceRequest.Builder>> out = new LinkedHashMap<>();
    for (ResourceSpans rs : request.getResourceSpansList()) {
      Origin origin = origin(rs.getResource(), key, catalog);
      Builder<ExportTraceServiceRequest.Builder> part =
          out.computeIfAbsent(
              origin.tenant(), t -> new Builder<>(ExportTraceServiceRequest.newBuilder()));
      ResourceSpans.Builder kept = rs.toBuilder().clearScopeSpans();
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        ScopeSpans.Builder scope = ss.toBuilder().clearSpans();
        for (Span s : ss.getSpansList()) {
          String why = spanProblem(s, origin, catalog);
          if (why == null) {
            scope.addSpans(s);
          } else {
            part.reject(why);
          }
        }
        if (scope.getSpansCount() > 0) {
          kept.addScopeSpans(scope);
        }
      }
      if (kept.getScopeSpansCount() > 0) {
        part.request.addResourceSpans(kept);
        part.kept = true;
      }
    }
    return built(out, ExportTraceServiceRequest.Builder::build);
  }

  /** The request's probe gauge points grouped by tenant, in request order. */
  static Map<String, Part<ExportMetricsServiceRequest>> metrics(
      ExportMetricsServiceRequest request, ApiKeyRecord key, Catalog catalog) {
    Map<String, Builder<ExportMetricsServiceRequest.Builder>> out = new LinkedHashMap<>();
    for (ResourceMetrics rm : request.getResourceMetricsList()) {
      Origin origin = origin(rm.getResource(), key, catalog);
      Builder<ExportMetricsServiceRequest.Builder> part =
          out.computeIfAbsent(
              origin.tenant(), t -> new Builder<>(ExportMetricsServiceRequest.newBuilder()));
      ResourceMetrics.Builder kept = rm.toBuilder().clearScopeMetrics();
      for (ScopeMetrics sm : rm.getScopeMetricsList()) {
        ScopeMetrics.Builder scope = sm.toBuilder().clearMetrics();
        for (Metric m : sm.getMetricsList()) {
          Metric checked = probeMetric(m, origin, catalog, part);
          if (checked != null) {
            scope.addMetrics(checked);
          }
        }
        if (scope.getMetricsCount() > 0) {
          kept.addScopeMetrics(scope);
        }
      }
      if (kept.getScopeMetricsCount() > 0) {
        part.request.addResourceMetrics(kept);
        part.kept = true;
      }
    }
    return built(out, ExportMetricsServiceRequest.Builder::build);
  }

  /** The metric with only its valid points; null when none is (every point counted as dropped). */
  private static Metric probeMetric(Metric m, Origin origin, Catalog catalog, Builder<?> part) {
    if (!METRICS.contains(m.getName()) || m.getDataCase() != Metric.DataCase.GAUGE) {
      part.reject(
          "metric '"
              + clip(m.getName())
              + "' is not a probe metric (probe keys send only the gauges "
              + new TreeSet<>(METRICS)
              + ")",
          Math.max(1, MetricPointCount.of(m)));
      return null;
    }
    Gauge.Builder gauge = m.getGauge().toBuilder().clearDataPoints();
    for (NumberDataPoint p : m.getGauge().getDataPointsList()) {
      String why =
          endpointProblem(
              string(p.getAttributesList(), ProbeAttributes.ENDPOINT_ID), origin, catalog);
      if (why == null) {
        gauge.addDataPoints(p);
      } else {
        part.reject("a point of " + m.getName() + ": " + why);
      }
    }
    return gauge.getDataPointsCount() == 0 ? null : m.toBuilder().setGauge(gauge).build();
  }

  private static String spanProblem(Span s, Origin origin, Catalog catalog) {
    String endpointId = string(s.getAttributesList(), ProbeAttributes.ENDPOINT_ID);
    String why = endpointProblem(endpointId, origin, catalog);
    if (why != null) {
      return "span '" + clip(s.getName()) + "': " + why;
    }
    if (!s.getName().equals(endpointId)) {
      return "span '"
          + clip(s.getName())
          + "' is not named by its endpoint id '"
          + clip(endpointId)
          + "', as a probe check is";
    }
    return null;
  }

  /** Why {@code endpointId} is no check the resource's agent may report; null when it is. */
  private static String endpointProblem(String endpointId, Origin origin, Catalog catalog) {
    if (endpointId == null || endpointId.isEmpty()) {
      return "no string attribute '"
          + ProbeAttributes.ENDPOINT_ID
          + "' naming the checked endpoint";
    }
    Optional<EndpointDefinition> endpoint = catalog.endpoint(origin.tenant(), endpointId);
    if (endpoint.isEmpty()) {
      return "tenant '" + origin.tenant() + "' has no endpoint '" + clip(endpointId) + "'";
    }
    List<String> regions = endpoint.get().regions();
    if (regions == null || !regions.contains(origin.region())) {
      return "endpoint '"
          + clip(endpointId)
          + "' of tenant '"
          + origin.tenant()
          + "' is not probed from region '"
          + origin.region()
          + "' (its regions: "
          + regions
          + ")";
    }
    return null;
  }

  /** Tenant and region of a probe agent's resource; throws when it is not one this key may send. */
  private static Origin origin(Resource resource, ApiKeyRecord key, Catalog catalog) {
    List<KeyValue> attributes = resource.getAttributesList();
    String service = string(attributes, "service.name");
    if (!ProbeAttributes.SERVICE_NAME.equals(service)) {
      throw IngestError.invalid(
          "a probe key sends probe results only: resource attribute 'service.name' must be '"
              + ProbeAttributes.SERVICE_NAME
              + "', a resource has "
              + (service == null ? "none" : "'" + clip(service) + "'"));
    }
    String tenant = string(attributes, ProbeAttributes.TENANT);
    if (tenant == null || tenant.isEmpty()) {
      throw IngestError.invalid(
          "data sent with a probe key must name its tenant in the string resource attribute '"
              + ProbeAttributes.TENANT
              + "'; a resource has none");
    }
    if (!catalog.tenantExists(tenant)) {
      throw IngestError.invalid(
          "resource attribute '"
              + ProbeAttributes.TENANT
              + "' names tenant '"
              + clip(tenant)
              + "', which does not exist");
    }
    String region = string(attributes, ProbeAttributes.REGION);
    if (region == null || region.isEmpty()) {
      throw IngestError.invalid(
          "data sent with a probe key must name the region it was probed from in the string"
              + " resource attribute '"
              + ProbeAttributes.REGION
              + "'; a resource has none");
    }
    if (!key.probesFrom(region)) {
      throw IngestError.permissionDenied(
          "probe key "
              + key.keyId()
              + " may report from its regions "
              + new TreeSet<>(key.regions())
              + " only; a resource names region '"
              + clip(region)
              + "' ("
              + ProbeAttributes.REGION
              + ")");
    }
    return new Origin(tenant, region);
  }

  /** The last string value of {@code name} (a value of another type counts as empty). */
  private static String string(List<KeyValue> attributes, String name) {
    String value = null;
    for (KeyValue kv : attributes) {
      if (kv.getKey().equals(name)) {
        AnyValue v = kv.getValue();
        value = v.getValueCase() == AnyValue.ValueCase.STRING_VALUE ? v.getStringValue() : "";
      }
    }
    return value;
  }

  private static String clip(String s) {
    return s.length() > 100 ? s.substring(0, 100) + "..." : s;
  }

  /**
   * Every tenant's part; a request that had items but of which none is a check is refused whole.
   */
  private static <B, Q> Map<String, Part<Q>> built(
      Map<String, Builder<B>> out, java.util.function.Function<B, Q> build) {
    Map<String, Part<Q>> parts = new LinkedHashMap<>();
    String reason = null;
    int rejected = 0;
    boolean kept = false;
    for (Map.Entry<String, Builder<B>> e : out.entrySet()) {
      Builder<B> b = e.getValue();
      parts.put(e.getKey(), new Part<>(build.apply(b.request), b.rejected, b.reason));
      reason = b.reason == null ? reason : b.reason;
      rejected += b.rejected;
      kept |= b.kept;
    }
    if (!kept && rejected > 0) {
      throw IngestError.invalid(
          "none of the "
              + rejected
              + " items sent with a probe key is a probe check; the last one refused: "
              + reason);
    }
    return parts;
  }

  private record Origin(String tenant, String region) {}

  /** A tenant's part being built. */
  private static final class Builder<B> {
    final B request;
    int rejected;
    String reason;
    boolean kept;

    Builder(B request) {
      this.request = request;
    }

    void reject(String why) {
      reject(why, 1);
    }

    void reject(String why, int items) {
      rejected += items;
      reason = why;
    }
  }
}
