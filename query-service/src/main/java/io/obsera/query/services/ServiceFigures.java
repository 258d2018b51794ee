package io.obsera.query.services;

import io.obsera.query.latency.RedFigures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The figures of one group of RED rows (a service, a region or an operation): over the whole range
 * and per step, the steps kept in time order.
 */
final class ServiceFigures {
  private final RedFigures total = new RedFigures();
  private final TreeMap<Long, RedFigures> steps = new TreeMap<>();

  void add(long stepSeconds, long n, long e, List<?> buckets) {
    total.add(n, e, buckets);
    steps.computeIfAbsent(stepSeconds, k -> new RedFigures()).add(n, e, buckets);
  }

  long count() {
    return total.count();
  }

  /** One step of a series: its start and its figures, the rate over the step's length. */
  record Point(
      String timeUnixNano,
      long count,
      double requestRate,
      double errorRate,
      Double p50Ms,
      Double p95Ms,
      Double p99Ms) {}

  /** A named group over the range, with its series. */
  record Group(
      String name,
      long count,
      double requestRate,
      double errorRate,
      Double p50Ms,
      Double p95Ms,
      Double p99Ms,
      List<Point> series) {}

  Group group(String name, double rangeSeconds, long stepSeconds) {
    List<Point> series = new ArrayList<>(steps.size());
    for (Map.Entry<Long, RedFigures> s : steps.entrySet()) {
      RedFigures f = s.getValue();
      series.add(
          new Point(
              Long.toString(s.getKey() * 1_000_000_000L),
              f.count(),
              f.requestRate(stepSeconds),
              f.errorRate(),
              f.p50Ms(),
              f.p95Ms(),
              f.p99Ms()));
    }
    return new Group(
        name,
        total.count(),
        total.requestRate(rangeSeconds),
        total.errorRate(),
        total.p50Ms(),
        total.p95Ms(),
        total.p99Ms(),
        series);
  }
}
