package io.obsera.alert.evaluate;

import io.obsera.model.facts.LatencyBuckets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The recent data of one alert of a threshold or no-data rule: when data last arrived, and slices
 * of the window (a RED minute each, or the metric points of {@link #sliceMillis} of time: count,
 * sum, min, max and the latest point).
 */
record SeriesWindow(Map<String, String> group, long lastSeenMillis, List<Slice> slices) {

  /** One slice; RED slices use count, errors and buckets, metric slices the rest. */
  record Slice(
      long start,
      long count,
      long errors,
      long[] buckets,
      double sum,
      double min,
      double max,
      long lastTime,
      double last) {

    Slice plus(Sample s) {
      long[] b = buckets;
      if (s.buckets() != null) {
        b = buckets == null ? new long[LatencyBuckets.COUNT] : buckets.clone();
        for (int i = 0; i < b.length && i < s.buckets().length; i++) {
          b[i] += s.buckets()[i];
        }
      }
      double v = s.value() == null ? 0 : s.value();
      boolean first = count == 0;
      boolean later = s.timeMillis() >= lastTime;
      return new Slice(
          start,
          count + s.count(),
          errors + s.errors(),
          b,
          sum + v,
          first ? v : Math.min(min, v),
          first ? v : Math.max(max, v),
          later ? s.timeMillis() : lastTime,
          later ? v : last);
    }
  }

  static SeriesWindow empty(Map<String, String> group) {
    return new SeriesWindow(group, 0, List.of());
  }

  /** Metric points go to slices of a thirtieth of the window, at least a second. */
  static long sliceMillis(long windowMillis) {
    return Math.max(1_000, windowMillis / 30);
  }

  /**
   * This window with {@code s} added to its slice ({@code sliceStart}), seen at {@code now}, and
   * without slices that ended before {@code keepFrom}.
   */
  SeriesWindow with(Sample s, long sliceStart, long now, long keepFrom) {
    List<Slice> out = new ArrayList<>();
    boolean added = false;
    for (Slice slice : slices) {
      if (slice.start() == sliceStart) {
        out.add(slice.plus(s));
        added = true;
      } else if (slice.start() >= keepFrom) {
        out.add(slice);
      }
    }
    if (!added && sliceStart >= keepFrom) {
      out.add(new Slice(sliceStart, 0, 0, null, 0, 0, 0, Long.MIN_VALUE, 0).plus(s));
    }
    return new SeriesWindow(group, Math.max(lastSeenMillis, now), out);
  }

  /** This window without slices that started before {@code keepFrom}. */
  SeriesWindow pruned(long keepFrom) {
    return new SeriesWindow(
        group, lastSeenMillis, slices.stream().filter(s -> s.start() >= keepFrom).toList());
  }
}
