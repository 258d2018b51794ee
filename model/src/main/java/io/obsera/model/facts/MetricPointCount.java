package io.obsera.model.facts;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;

/**
 * The one count of metric data points, whatever the metric's type: ingest limits and fragments and
 * the usage the topology meters count alike.
 */
public final class MetricPointCount {
  private MetricPointCount() {}

  /** Number of data points of {@code m}; 0 for a metric without data. */
  public static int of(Metric m) {
    return switch (m.getDataCase()) {
      case GAUGE -> m.getGauge().getDataPointsCount();
      case SUM -> m.getSum().getDataPointsCount();
      case HISTOGRAM -> m.getHistogram().getDataPointsCount();
      case EXPONENTIAL_HISTOGRAM -> m.getExponentialHistogram().getDataPointsCount();
      case SUMMARY -> m.getSummary().getDataPointsCount();
      default -> 0;
    };
  }

  /** Number of data points of every metric of {@code request}. */
  public static long of(ExportMetricsServiceRequest request) {
    long n = 0;
    for (ResourceMetrics rm : request.getResourceMetricsList()) {
      for (ScopeMetrics sm : rm.getScopeMetricsList()) {
        for (Metric m : sm.getMetricsList()) {
          n += of(m);
        }
      }
    }
    return n;
  }
}
