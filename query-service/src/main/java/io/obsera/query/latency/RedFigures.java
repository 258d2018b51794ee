package io.obsera.query.latency;

import io.obsera.model.facts.LatencyBuckets;
import java.util.List;

/**
 * Sums RED rollup rows (count, errors, latency buckets) and turns the sum into figures: request
 * rate over a number of seconds, error rate and p50/p95/p99 from the merged buckets.
 */
public final class RedFigures {
  /** How far a percentile may be from the true value, in percent (log-scale buckets). */
  public static final double ERROR_BOUND_PERCENT = LatencyPercentiles.ERROR_BOUND_PERCENT;

  private final long[] buckets = new long[LatencyBuckets.COUNT];
  private long count;
  private long errors;

  /** Adds one row: its count, its errors and its buckets as ClickHouse returned them. */
  public void add(long n, long e, List<?> rowBuckets) {
    count += n;
    errors += e;
    for (int i = 0; i < Math.min(rowBuckets.size(), buckets.length); i++) {
      buckets[i] += ((Number) rowBuckets.get(i)).longValue();
    }
  }

  public long count() {
    return count;
  }

  /** Requests per second over {@code seconds}. */
  public double requestRate(double seconds) {
    return seconds <= 0 ? 0 : count / seconds;
  }

  public double errorRate() {
    return count == 0 ? 0 : (double) errors / count;
  }

  public Double p50Ms() {
    return LatencyPercentiles.quantileMillis(buckets, 0.50);
  }

  public Double p95Ms() {
    return LatencyPercentiles.quantileMillis(buckets, 0.95);
  }

  public Double p99Ms() {
    return LatencyPercentiles.quantileMillis(buckets, 0.99);
  }
}
