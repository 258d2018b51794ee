package io.obsera.ingest.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.obsera.ingest.limits.SeriesTracker.Admission;
import io.obsera.ingest.limits.SeriesTracker.MetricSeries;
import io.obsera.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SeriesTrackerTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2026-12-06T10:00:00Z"));

  @Test
  void should_refuseNewSeriesPastTheMetricLimit_whileKnownSeriesAndOtherMetricsPass() {
    SeriesTracker t = new SeriesTracker(3, 100, clock);
    for (long h = 1; h <= 3; h++) {
      assertThat(t.admit("t1", "m", h)).isEqualTo(Admission.ADMITTED);
    }
    assertThat(t.admit("t1", "m", 4)).isEqualTo(Admission.METRIC_FULL);
    assertThat(t.admit("t1", "m", 2)).isEqualTo(Admission.ADMITTED);
    assertThat(t.admit("t1", "other", 4)).isEqualTo(Admission.ADMITTED);
    assertThat(t.admit("t2", "m", 4)).isEqualTo(Admission.ADMITTED);
    assertThat(t.series("t1")).isEqualTo(4);
    assertThat(t.top("t1", 10))
        .containsExactly(new MetricSeries("m", 3), new MetricSeries("other", 1));
  }

  @Test
  void should_refuseNewSeriesOfAnyMetric_pastTheTenantLimit() {
    SeriesTracker t = new SeriesTracker(3, 4, clock);
    for (long h = 1; h <= 3; h++) {
      t.admit("t1", "a", h);
    }
    assertThat(t.admit("t1", "b", 1)).isEqualTo(Admission.ADMITTED);
    assertThat(t.admit("t1", "b", 2)).isEqualTo(Admission.TENANT_FULL);
    assertThat(t.admit("t1", "c", 1)).isEqualTo(Admission.TENANT_FULL);
    assertThat(t.admit("t1", "a", 3)).isEqualTo(Admission.ADMITTED);
    assertThat(t.top("t1", 10)).extracting(MetricSeries::metric).containsExactly("a", "b");
  }

  @Test
  void should_countASeriesSeenInTheLastHourOnce_andCarryItIntoTheNextHour() {
    SeriesTracker t = new SeriesTracker(3, 100, clock);
    for (long h = 1; h <= 3; h++) {
      t.admit("t1", "m", h);
    }
    clock.advance(Duration.ofMinutes(70));
    // still within the window: known ones pass (counted once), new ones are refused
    assertThat(t.admit("t1", "m", 1)).isEqualTo(Admission.ADMITTED);
    assertThat(t.admit("t1", "m", 9)).isEqualTo(Admission.METRIC_FULL);
    assertThat(t.series("t1")).isEqualTo(3);
    clock.advance(Duration.ofMinutes(60));
    // series 2 and 3 were last seen over an hour ago and have left; 1 was seen last hour
    assertThat(t.series("t1")).isEqualTo(1);
    assertThat(t.admit("t1", "m", 9)).isEqualTo(Admission.ADMITTED);
    assertThat(t.admit("t1", "m", 10)).isEqualTo(Admission.ADMITTED);
    assertThat(t.admit("t1", "m", 11)).isEqualTo(Admission.METRIC_FULL);
  }

  @Test
  void should_forgetTenantsAndMetrics_twoHoursAfterTheyWereLastSeen() {
    SeriesTracker t = new SeriesTracker(3, 100, clock);
    t.admit("t1", "m", 1);
    t.admit("t2", "m", 1);
    clock.advance(Duration.ofHours(1));
    t.admit("t2", "m", 1);
    clock.advance(Duration.ofHours(1));
    t.admit("t3", "m", 1);
    assertThat(t.trackedTenants()).isEqualTo(2); // t1 swept; t2 seen last hour
    clock.advance(Duration.ofHours(2));
    t.admit("t3", "n", 1);
    assertThat(t.trackedTenants()).isEqualTo(1);
    assertThat(t.top("t3", 10)).containsExactly(new MetricSeries("n", 1));
  }

  @Test
  void should_holdBoundedMemory_whateverATenantSends() {
    int perTenant = 100_000;
    SeriesTracker t = new SeriesTracker(10_000, perTenant, clock);
    long hash = 0x9E3779B97F4A7C15L;
    for (int hour = 0; hour < 3; hour++) {
      for (int i = 0; i < 1_000_000; i++) {
        hash = hash * 6364136223846793005L + 1442695040888963407L;
        t.admit("t1", "metric-" + (i % 500), hash);
      }
      assertThat(t.series("t1")).isLessThanOrEqualTo(perTenant);
      // two buckets of at most perTenant hashes each, at 8 bytes a slot and a load >= 3/8
      assertThat(t.tableBytes()).isLessThanOrEqualTo(2L * perTenant * 8 * 8 / 3 + 500 * 2 * 16 * 8);
      clock.advance(Duration.ofHours(1));
    }
  }

  @Test
  void should_measureTheBytesPerTrackedSeries() {
    SeriesTracker t = new SeriesTracker(10_000, 1_000_000, clock);
    long hash = 1;
    for (int i = 0; i < 10_000; i++) {
      hash = hash * 6364136223846793005L + 1442695040888963407L;
      t.admit("t1", "m", hash);
    }
    double perSeries = t.tableBytes() / 10_000.0;
    System.out.printf("series tracker: %.1f table bytes per series at 10,000 series%n", perSeries);
    assertThat(perSeries).isBetween(8.0, 32.0);
  }
}
