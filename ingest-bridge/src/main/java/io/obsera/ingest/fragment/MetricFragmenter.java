package io.obsera.ingest.fragment;

import com.google.protobuf.ByteString;
import io.obsera.model.RecordKeys;
import io.obsera.model.facts.MetricPointCount;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.Exemplar;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits an OTLP metrics export into one fragment per (tenant, resource, metric name). A metric
 * without a name or data, or whose exemplars carry malformed trace or span ids, is rejected with
 * its data points counted; the rest is kept. Pure function, no I/O.
 */
public final class MetricFragmenter {
  private MetricFragmenter() {}

  public static Result fragment(String tenant, ExportMetricsServiceRequest request) {
    Map<String, ExportMetricsServiceRequest.Builder> byKey = new LinkedHashMap<>();
    Map<String, Integer> counts = new LinkedHashMap<>();
    int rejected = 0;
    String reason = null;
    for (ResourceMetrics rm : request.getResourceMetricsList()) {
      int resourceHash = rm.getResource().hashCode();
      for (ScopeMetrics sm : rm.getScopeMetricsList()) {
        for (Metric metric : sm.getMetricsList()) {
          int points = MetricPointCount.of(metric);
          String problem = problem(metric);
          if (problem != null) {
            rejected += Math.max(points, 1);
            reason = problem;
            continue;
          }
          String key = RecordKeys.metricKey(tenant, resourceHash, metric.getName());
          byKey
              .computeIfAbsent(key, k -> ExportMetricsServiceRequest.newBuilder())
              .addResourceMetrics(
                  ResourceMetrics.newBuilder()
                      .setResource(rm.getResource())
                      .setSchemaUrl(rm.getSchemaUrl())
                      .addScopeMetrics(
                          ScopeMetrics.newBuilder()
                              .setScope(sm.getScope())
                              .setSchemaUrl(sm.getSchemaUrl())
                              .addMetrics(metric)));
          counts.merge(key, points, Integer::sum);
        }
      }
    }
    List<Fragment> out = new ArrayList<>(byKey.size());
    byKey.forEach((key, b) -> out.add(new Fragment(key, b.build().toByteArray(), counts.get(key))));
    return new Result(out, rejected, reason);
  }

  private static String problem(Metric metric) {
    if (metric.getName().isEmpty()) {
      return "metric without a name";
    }
    if (metric.getDataCase() == Metric.DataCase.DATA_NOT_SET) {
      return "metric " + metric.getName() + " has no data (gauge, sum, histogram, ...)";
    }
    for (Exemplar e : MetricPoints.exemplars(metric)) {
      if (!validId(e.getTraceId(), 16) || !validId(e.getSpanId(), 8)) {
        return "metric "
            + metric.getName()
            + " has an exemplar with a trace id of "
            + e.getTraceId().size()
            + " bytes and span id of "
            + e.getSpanId().size()
            + " bytes (want 16 and 8, or none)";
      }
    }
    return null;
  }

  private static boolean validId(ByteString id, int length) {
    return id.isEmpty() || id.size() == length;
  }
}
