package io.obsera.query.latency;

import io.obsera.model.facts.LatencyBuckets;

/**
 * Percentiles from merged counts of the RED rollups' {@link LatencyBuckets}: bucket {@code i} holds
 * durations up to {@code 2^(i/4)} microseconds; bucket 0 everything under 1 µs.
 *
 * <p>Percentiles interpolate linearly within the bucket holding the rank. Error bound: a bucket's
 * upper bound is {@code 2^(1/4)} (about 1.19) times its lower bound, so an estimate is within 19%
 * of the true value (relative), except below 1 µs (bucket 0, absolute error under 1 µs) and in the
 * last, open-ended bucket (reported as its upper bound).
 */
final class LatencyPercentiles {
  /** Worst-case relative error of an estimated percentile, in percent. */
  static final double ERROR_BOUND_PERCENT = (Math.pow(2, 0.25) - 1) * 100;

  private LatencyPercentiles() {}

  /** Lower bound of bucket {@code i} in milliseconds (0 for bucket 0). */
  static double lowerBoundMillis(int i) {
    return i == 0 ? 0 : LatencyBuckets.upperBoundMillis(i - 1);
  }

  /**
   * The {@code q}-quantile (0 < q <= 1) in milliseconds from merged bucket counts, interpolated
   * within the bucket; null when there are no counts.
   */
  static Double quantileMillis(long[] counts, double q) {
    if (q <= 0 || q > 1) {
      throw new IllegalArgumentException("quantile must be in (0, 1], got " + q);
    }
    long total = 0;
    for (long c : counts) {
      total += c;
    }
    if (total == 0) {
      return null;
    }
    double rank = q * total;
    long before = 0;
    for (int i = 0; i < counts.length; i++) {
      long c = counts[i];
      if (c > 0 && before + c >= rank) {
        double fraction = (rank - before) / c;
        double low = lowerBoundMillis(i);
        return low + fraction * (LatencyBuckets.upperBoundMillis(i) - low);
      }
      before += c;
    }
    return LatencyBuckets.upperBoundMillis(counts.length - 1);
  }
}
