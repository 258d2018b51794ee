package io.obsera.query.latency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.obsera.model.facts.LatencyBuckets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LatencyPercentilesTest {
  @Test
  void should_placeEachDurationAtOrBelowItsBucketsUpperBound_andAboveTheLowerBound() {
    Random random = new Random(7);
    for (int k = 0; k < 10_000; k++) {
      long nanos = 1_000 + (long) Math.exp(random.nextDouble() * Math.log(1e12));
      int i = LatencyBuckets.index(nanos);
      double ms = nanos / 1e6;
      assertThat(ms).isLessThanOrEqualTo(LatencyBuckets.upperBoundMillis(i) * (1 + 1e-12));
      assertThat(ms).isGreaterThan(LatencyPercentiles.lowerBoundMillis(i) * (1 - 1e-12));
    }
  }

  @Test
  void should_estimatePercentiles_withinTheDocumentedErrorBound() {
    Random random = new Random(11);
    long[] counts = new long[LatencyBuckets.COUNT];
    double[] samples = new double[20_000];
    for (int k = 0; k < samples.length; k++) {
      long nanos = 2_000_000 + (long) (random.nextGaussian() * 300_000 + 300_000) * 10;
      nanos = Math.max(nanos, 10_000);
      samples[k] = nanos / 1e6;
      counts[LatencyBuckets.index(nanos)]++;
    }
    java.util.Arrays.sort(samples);
    for (double q : new double[] {0.5, 0.95, 0.99}) {
      double truth = samples[(int) Math.ceil(q * samples.length) - 1];
      double estimate = LatencyPercentiles.quantileMillis(counts, q);
      assertThat(Math.abs(estimate - truth) / truth * 100)
          .as("q=%s truth=%s estimate=%s", q, truth, estimate)
          .isLessThanOrEqualTo(LatencyPercentiles.ERROR_BOUND_PERCENT);
    }
    assertThat(LatencyPercentiles.ERROR_BOUND_PERCENT).isCloseTo(18.92, within(0.01));
  }

  @Test
  void should_interpolateWithinOneBucket_andAnswerNullWithoutCounts() {
    long[] counts = new long[LatencyBuckets.COUNT];
    assertThat(LatencyPercentiles.quantileMillis(counts, 0.5)).isNull();
    counts[40] = 4;
    double low = LatencyPercentiles.lowerBoundMillis(40);
    double high = LatencyBuckets.upperBoundMillis(40);
    assertThat(LatencyPercentiles.quantileMillis(counts, 0.5))
        .isCloseTo((low + high) / 2, within(1e-9));
    assertThat(LatencyPercentiles.quantileMillis(counts, 1.0)).isCloseTo(high, within(1e-9));
  }
}
