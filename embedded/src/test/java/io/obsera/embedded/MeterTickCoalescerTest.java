package io.obsera.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.yammer.metrics.core.Meter;
import com.yammer.metrics.core.MetricsRegistry;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MeterTickCoalescerTest {
  private static final long PERIOD = TimeUnit.SECONDS.toNanos(5);

  @Test
  void should_countToTheNextMultipleOfThePeriod() {
    assertThat(MeterTickCoalescer.nanosToNextBeat(12 * PERIOD + 7, PERIOD)).isEqualTo(PERIOD - 7);
    assertThat(MeterTickCoalescer.nanosToNextBeat(12 * PERIOD, PERIOD)).isEqualTo(PERIOD);
    assertThat(MeterTickCoalescer.nanosToNextBeat(-3, PERIOD)).isEqualTo(3);
  }

  @Test
  void should_giveMetersCreatedAfterInstallingTheCoalescingPool() {
    MetricsRegistry registry = new MetricsRegistry();
    try {
      assertThat(MeterTickCoalescer.installedIn(registry)).isFalse();

      assertThat(MeterTickCoalescer.install(registry)).isTrue();
      ScheduledExecutorService pool = registry.newScheduledThreadPool(2, "meter-tick");
      assertThat(MeterTickCoalescer.install(registry)).isTrue();

      assertThat(MeterTickCoalescer.installedIn(registry)).isTrue();
      assertThat(registry.newScheduledThreadPool(2, "meter-tick")).isSameAs(pool);
      Meter meter = registry.newMeter(getClass(), "requests", "requests", TimeUnit.SECONDS);
      meter.mark(3);
      assertThat(meter.count()).isEqualTo(3);
    } finally {
      registry.shutdown();
    }
  }

  @Test
  void should_startEveryPeriodicTaskOnTheNextMultipleOfItsPeriod() {
    MetricsRegistry registry = new MetricsRegistry();
    try {
      MeterTickCoalescer.install(registry);
      ScheduledExecutorService pool = registry.newScheduledThreadPool(2, "meter-tick");

      long first = firstRunAt(pool.scheduleAtFixedRate(() -> {}, 1, 5, TimeUnit.SECONDS));
      long second = firstRunAt(pool.scheduleAtFixedRate(() -> {}, 3, 5, TimeUnit.SECONDS));

      // Both first runs fall on a multiple of the period (within the gap of two clock reads), not
      // 1 s and 3 s after they were scheduled.
      long tolerance = TimeUnit.MILLISECONDS.toNanos(5);
      assertThat(offBeat(first)).isLessThan(tolerance);
      assertThat(offBeat(second)).isLessThan(tolerance);
    } finally {
      registry.shutdown();
    }
  }

  private static long firstRunAt(ScheduledFuture<?> future) {
    long at = System.nanoTime() + future.getDelay(TimeUnit.NANOSECONDS);
    future.cancel(false);
    return at;
  }

  private static long offBeat(long at) {
    long mod = Math.floorMod(at, PERIOD);
    return Math.min(mod, PERIOD - mod);
  }
}
