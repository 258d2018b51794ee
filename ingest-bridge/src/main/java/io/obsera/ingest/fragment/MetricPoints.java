package io.obsera.ingest.fragment;

import io.opentelemetry.proto.metrics.v1.Exemplar;
import io.opentelemetry.proto.metrics.v1.Metric;
import java.util.ArrayList;
import java.util.List;

/**
 * Data points and exemplars of a metric, whatever its type. The one count of a metric's data
 * points: request limits and fragments count alike.
 */
public final class MetricPoints {
  private MetricPoints() {}

  /** Number of data points of {@code m}; 0 for a metric without data. */
  public static int count(Metric m) {
    return switch (m.getDataCase()) {
      case GAUGE -> m.getGauge().getDataPointsCount();
      case SUM -> m.getSum().getDataPointsCount();
      case HISTOGRAM -> m.getHistogram().getDataPointsCount();
      case EXPONENTIAL_HISTOGRAM -> m.getExponentialHistogram().getDataPointsCount();
      case SUMMARY -> m.getSummary().getDataPointsCount();
      default -> 0;
    };
  }

  static List<Exemplar> exemplars(Metric m) {
    List<Exemplar> out = new ArrayList<>();
    switch (m.getDataCase()) {
      case GAUGE -> m.getGauge().getDataPointsList().forEach(p -> out.addAll(p.getExemplarsList()));
      case SUM -> m.getSum().getDataPointsList().forEach(p -> out.addAll(p.getExemplarsList()));
      case HISTOGRAM ->
          m.getHistogram().getDataPointsList().forEach(p -> out.addAll(p.getExemplarsList()));
      case EXPONENTIAL_HISTOGRAM ->
          m.getExponentialHistogram()
              .getDataPointsList()
              .forEach(p -> out.addAll(p.getExemplarsList()));
      default -> {
        // summaries have no exemplars
      }
    }
    return out;
  }
}
