package io.obsera.ingest.limits;

import io.opentelemetry.proto.metrics.v1.Metric;

/** Number of data points of a metric, whatever its type. */
final class MetricPointCount {
  private MetricPointCount() {}

  static int of(Metric m) {
    return switch (m.getDataCase()) {
      case GAUGE -> m.getGauge().getDataPointsCount();
      case SUM -> m.getSum().getDataPointsCount();
      case HISTOGRAM -> m.getHistogram().getDataPointsCount();
      case EXPONENTIAL_HISTOGRAM -> m.getExponentialHistogram().getDataPointsCount();
      case SUMMARY -> m.getSummary().getDataPointsCount();
      default -> 0;
    };
  }
}
