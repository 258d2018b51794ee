package io.obsera.query.metrics;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The increase of each series per step, added up per group: delta points add up; a cumulative
 * series' increase is its last value minus its last value of the step before (a drop is a reset:
 * the last value counts whole); in the first step of the range, last minus first, or the last value
 * whole when the series started inside the range. Vectors: {@code [value]} for sums, {@code [count,
 * sum, bucket counts...]} for histograms, {@code [count, sum]} otherwise.
 */
final class Increments {
  private final MetricQuery.Agg agg;
  private final MetricType type;
  private final double stepSeconds;
  private final Map<String, double[]> previous = new HashMap<>();
  private final Map<List<String>, TreeMap<Long, double[]>> sums = new LinkedHashMap<>();
  private double[] bounds = new double[0];

  Increments(MetricQuery.Agg agg, MetricType type, Duration step) {
    this.agg = agg;
    this.type = type;
    this.stepSeconds = step.toNanos() / 1e9;
  }

  /** Rows of one series must come in time order. */
  void add(
      List<String> group,
      String series,
      long time,
      double[] last,
      double[] first,
      double[] total,
      boolean cumulative,
      boolean fresh,
      double[] bucketBounds) {
    double[] inc;
    if (!cumulative) {
      inc = total;
    } else {
      double[] prev = previous.get(series);
      double[] base = prev != null ? prev : fresh ? null : first;
      inc = minus(last, base);
      previous.put(series, last);
    }
    if (bucketBounds.length > 0) {
      bounds = bucketBounds;
    }
    TreeMap<Long, double[]> g = sums.computeIfAbsent(group, k -> new TreeMap<>());
    g.merge(time, inc, Increments::plus);
  }

  Map<List<String>, TreeMap<Long, Double>> values() {
    Map<List<String>, TreeMap<Long, Double>> out = new LinkedHashMap<>();
    sums.forEach(
        (group, points) -> {
          TreeMap<Long, Double> values = new TreeMap<>();
          points.forEach((t, v) -> values.put(t, value(v)));
          out.put(group, values);
        });
    return out;
  }

  private Double value(double[] v) {
    if (type == MetricType.SUM) {
      return v[0] / stepSeconds;
    }
    return switch (agg) {
      case RATE -> v[0] / stepSeconds;
      case COUNT -> v[0];
      case SUM -> v[1];
      case AVG -> v[0] == 0 ? null : v[1] / v[0];
      default -> quantile(v, agg.quantile());
    };
  }

  /** Interpolated within bucket i, which covers (bounds[i-1], bounds[i]] (0 below the first). */
  private Double quantile(double[] v, double q) {
    double total = 0;
    for (int i = 2; i < v.length; i++) {
      total += v[i];
    }
    if (total == 0) {
      return null;
    }
    double rank = q * total;
    double before = 0;
    for (int i = 2; i < v.length; i++) {
      int b = i - 2;
      if (v[i] > 0 && before + v[i] >= rank) {
        if (b >= bounds.length) {
          return bounds.length == 0 ? null : bounds[bounds.length - 1];
        }
        double low = b == 0 ? Math.min(0, bounds[0]) : bounds[b - 1];
        return low + (rank - before) / v[i] * (bounds[b] - low);
      }
      before += v[i];
    }
    return null;
  }

  private static double[] minus(double[] last, double[] base) {
    if (base == null || base.length != last.length) {
      return last;
    }
    double[] out = new double[last.length];
    for (int i = 0; i < last.length; i++) {
      out[i] = last[i] - base[i];
      if (out[i] < 0) {
        return last;
      }
    }
    return out;
  }

  private static double[] plus(double[] a, double[] b) {
    double[] out = a.clone();
    for (int i = 0; i < Math.min(a.length, b.length); i++) {
      out[i] += b[i];
    }
    return out;
  }

  static double[] doubles(List<?> values) {
    double[] out = new double[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ((Number) values.get(i)).doubleValue();
    }
    return out;
  }
}
