package io.obsera.model.facts;

/**
 * Fixed log-scale latency buckets, mergeable by element-wise sum ({@code sumForEach} in
 * ClickHouse). Bucket {@code i} holds durations up to {@code 2^(i/4)} microseconds (four buckets
 * per doubling, at most 19% apart); bucket 0 also holds everything under 1 µs and the last one
 * everything above about 2.6 hours.
 */
public final class LatencyBuckets {
  public static final int COUNT = 128;

  private LatencyBuckets() {}

  public static int index(long durationNanos) {
    double micros = durationNanos / 1000.0;
    if (micros <= 1) {
      return 0;
    }
    int i = (int) Math.ceil(4 * (Math.log(micros) / Math.log(2)));
    return Math.min(Math.max(i, 0), COUNT - 1);
  }

  /** Upper bound of bucket {@code i} in milliseconds. */
  public static double upperBoundMillis(int i) {
    return Math.pow(2, i / 4.0) / 1000.0;
  }

  /**
   * The upper bound (ms) of the bucket of {@code merged} holding the request at rank {@code p *
   * count} (at least 1): the alert worker's latency percentile; {@code percentile} 99 (or 0.99) is
   * the 99th.
   */
  public static double percentileUpperBoundMillis(long[] merged, long count, double percentile) {
    double p = percentile > 1 ? percentile / 100 : percentile;
    long rank = Math.max(1, (long) Math.ceil(p * count));
    long seen = 0;
    for (int i = 0; i < merged.length; i++) {
      seen += merged[i];
      if (seen >= rank) {
        return upperBoundMillis(i);
      }
    }
    return upperBoundMillis(merged.length - 1);
  }
}
