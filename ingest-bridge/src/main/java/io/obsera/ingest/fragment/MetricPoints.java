package io.obsera.ingest.fragment;

import io.opentelemetry.proto.metrics.v1.Exemplar;
import io.opentelemetry.proto.metrics.v1.Metric;
import java.util.ArrayList;
import java.util.List;

/**
 * Exemplars of a metric, whatever its type (its data points are counted by {@link
 * io.obsera.model.facts.MetricPointCount}).
 */
final class MetricPoints {
  private MetricPoints() {}

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
