package io.obsera.alert.evaluate;

import io.obsera.model.control.AlertRule;
import io.obsera.model.control.AlertSignal;
import io.obsera.model.control.MetricAggregation;
import io.obsera.model.facts.LatencyBuckets;
import java.util.List;

/**
 * The value a threshold rule compares, from the slices of its window that started within the last
 * {@code windowMs} (up to now). Null when the window holds no data, except for REQUEST_RATE, which
 * is 0 then (a service that went quiet has a request rate of 0).
 */
final class SignalValues {
  private SignalValues() {}

  static Double value(AlertRule rule, SeriesWindow window, long now) {
    long from = now - rule.windowMs();
    List<SeriesWindow.Slice> in =
        window.slices().stream().filter(s -> s.start() >= from && s.start() <= now).toList();
    long count = in.stream().mapToLong(SeriesWindow.Slice::count).sum();
    if (rule.signal() == AlertSignal.REQUEST_RATE) {
      return count / (rule.windowMs() / 1000.0);
    }
    if (count == 0) {
      return null;
    }
    return switch (rule.signal()) {
      case ERROR_RATE -> in.stream().mapToLong(SeriesWindow.Slice::errors).sum() / (double) count;
      case LATENCY -> percentile(in, count, rule.percentile());
      case METRIC -> aggregate(in, count, rule.aggregation());
      case REQUEST_RATE -> throw new IllegalStateException("handled above");
    };
  }

  /**
   * The upper bound (ms) of the latency bucket holding the request at rank {@code p * count};
   * {@code percentile} 99 (or 0.99) is the 99th.
   */
  static double percentile(List<SeriesWindow.Slice> slices, long count, double percentile) {
    long[] merged = new long[LatencyBuckets.COUNT];
    for (SeriesWindow.Slice s : slices) {
      if (s.buckets() != null) {
        for (int i = 0; i < merged.length && i < s.buckets().length; i++) {
          merged[i] += s.buckets()[i];
        }
      }
    }
    return LatencyBuckets.percentileUpperBoundMillis(merged, count, percentile);
  }

  /** AVG (the default), MIN, MAX or LAST of the points. */
  private static double aggregate(List<SeriesWindow.Slice> in, long count, MetricAggregation a) {
    return switch (a == null ? MetricAggregation.AVG : a) {
      case AVG -> in.stream().mapToDouble(SeriesWindow.Slice::sum).sum() / count;
      case MIN ->
          in.stream()
              .filter(s -> s.count() > 0)
              .mapToDouble(SeriesWindow.Slice::min)
              .min()
              .orElseThrow();
      case MAX ->
          in.stream()
              .filter(s -> s.count() > 0)
              .mapToDouble(SeriesWindow.Slice::max)
              .max()
              .orElseThrow();
      case LAST ->
          in.stream()
              .filter(s -> s.count() > 0)
              .max(java.util.Comparator.comparingLong(SeriesWindow.Slice::lastTime))
              .orElseThrow()
              .last();
    };
  }

  /**
   * Which band of the threshold a breaching value is in: 0 up to twice the threshold (half, for
   * BELOW), then one more per doubling, at most 10. A firing alert is updated when it changes.
   */
  static int band(AlertRule rule, double value) {
    double t = rule.threshold();
    double ratio =
        switch (rule.comparison()) {
          case ABOVE -> t > 0 ? value / t : 1;
          case BELOW -> value > 0 && t > 0 ? t / value : (t > 0 ? 1024 : 1);
        };
    if (!(ratio > 1)) {
      return 0;
    }
    return (int) Math.min(10, Math.floor(Math.log(ratio) / Math.log(2)));
  }
}
