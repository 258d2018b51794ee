package io.obsera.streams.slo;

import io.obsera.model.control.SloDefinition;
import io.obsera.model.facts.BurnRates;
import java.time.Instant;

/**
 * Burn rates and budget from per-minute and per-hour buckets. A bucket belongs to a window ending
 * at {@code now} when it started within it ({@code now - window <= start < now}), so at a whole
 * minute the 5m window is exactly the five minutes before. The period is summed from the hourly
 * buckets that overlap it.
 */
final class BurnWindows {
  static final long MINUTE = 60_000;
  static final long HOUR = 3_600_000;

  /** The burn-rate windows in minutes: 5m, 30m, 1h, 2h, 6h, 1d, 3d. */
  static final int[] WINDOW_MINUTES = {5, 30, 60, 120, 360, 1440, 4320};

  /** Minute buckets kept: the longest window. */
  static final int MINUTE_SLOTS = 4320;

  /** Hour buckets kept: 32 days, more than the longest period (a 31-day month). */
  static final int HOUR_SLOTS = 32 * 24;

  private BurnWindows() {}

  /** Start of the minute holding {@code millis}. */
  static long minuteOf(long millis) {
    return Math.floorDiv(millis, MINUTE) * MINUTE;
  }

  static BurnRates compute(
      SloDefinition slo, long now, Iterable<SliCount> minutes, Iterable<SliCount> hours) {
    long[] good = new long[WINDOW_MINUTES.length];
    long[] total = new long[WINDOW_MINUTES.length];
    for (SliCount m : minutes) {
      for (int i = 0; i < WINDOW_MINUTES.length; i++) {
        if (m.startMillis() < now && m.startMillis() >= now - WINDOW_MINUTES[i] * MINUTE) {
          good[i] += m.good();
          total[i] += m.total();
        }
      }
    }
    long periodStart = slo.period().start(Instant.ofEpochMilli(now)).toEpochMilli();
    long periodGood = 0;
    long periodTotal = 0;
    for (SliCount h : hours) {
      if (h.startMillis() + HOUR > periodStart && h.startMillis() < now) {
        periodGood += h.good();
        periodTotal += h.total();
      }
    }
    double budget = slo.errorBudget();
    double[] burn = new double[WINDOW_MINUTES.length];
    for (int i = 0; i < burn.length; i++) {
      burn[i] = total[i] == 0 ? 0 : (double) (total[i] - good[i]) / total[i] / budget;
    }
    double remaining =
        periodTotal == 0 ? 1 : 1 - (double) (periodTotal - periodGood) / (budget * periodTotal);
    return new BurnRates(
        slo.tenantId(),
        slo.id(),
        now,
        slo.objective(),
        burn[0],
        burn[1],
        burn[2],
        burn[3],
        burn[4],
        burn[5],
        burn[6],
        remaining,
        periodGood,
        periodTotal);
  }
}
