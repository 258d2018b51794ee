package io.obsera.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.obsera.query.latency.LatencyBuckets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The query service's copy of the latency-bucket formula agrees with the streams topology's, which
 * writes the buckets the query service reads (the modules do not depend on each other).
 */
class LatencyBucketsAgreementTest {
  @Test
  void should_agreeOnCountIndexAndBounds_withTheStreamsTopology() {
    assertThat(LatencyBuckets.COUNT).isEqualTo(io.obsera.model.facts.LatencyBuckets.COUNT);
    for (int i = 0; i < LatencyBuckets.COUNT; i++) {
      assertThat(LatencyBuckets.upperBoundMillis(i))
          .isEqualTo(io.obsera.model.facts.LatencyBuckets.upperBoundMillis(i));
    }
    Random random = new Random(3);
    for (int k = 0; k < 100_000; k++) {
      long nanos = (long) Math.exp(random.nextDouble() * Math.log(1e14));
      assertThat(LatencyBuckets.index(nanos))
          .as("%d ns", nanos)
          .isEqualTo(io.obsera.model.facts.LatencyBuckets.index(nanos));
    }
    for (long edge : new long[] {0, 1, 999, 1000, 1001, Long.MAX_VALUE}) {
      assertThat(LatencyBuckets.index(edge))
          .isEqualTo(io.obsera.model.facts.LatencyBuckets.index(edge));
    }
  }
}
