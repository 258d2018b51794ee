package io.obsera.query.slo;

import io.obsera.model.control.SloDefinition;
import io.obsera.model.control.SloKind;
import io.obsera.model.control.SloPeriod;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An SLO's error budget as of its latest burn-rate emission (the topology's figures: the period's
 * good and total events and the burn rates; see {@code slo_burn_rates}). Without an emission yet
 * the budget is whole and nothing burns.
 *
 * <ul>
 *   <li>budget total: the bad events allowed in the period so far, {@code (1 - objective) x total};
 *       consumed: the bad events; remaining: the difference (negative once overspent), also as a
 *       share of the total (1 without events);
 *   <li>uptime SLOs also in minutes: the whole period's allowed downtime {@code (1 - objective) x
 *       period length}; consumed: the bad share of checks times the minutes measured so far (from
 *       the period's start, or the SLO's creation if later, to the emission);
 *   <li>time to exhaustion at a window's burn rate: at burn rate 1 the whole budget lasts one
 *       period, so the remaining share lasts {@code remaining share x period / burn rate}; null
 *       when that window does not burn, {@code "exhausted"} when nothing remains.
 * </ul>
 */
record ErrorBudget(
    String sloId,
    String name,
    SloKind kind,
    double objective,
    SloPeriod period,
    Instant periodStart,
    Instant periodEnd,
    Instant asOf,
    Events events,
    Budget budget,
    Budget budgetMinutes,
    Map<String, Double> burnRates,
    Map<String, Object> timeToExhaustion,
    Map<String, String> links) {

  /** The windows whose burn rates give a time to exhaustion. */
  static final List<String> EXHAUSTION_WINDOWS = List.of("1h", "1d");

  static final String EXHAUSTED = "exhausted";

  /** Events of the period so far. */
  record Events(long total, long good, long bad) {}

  /** Allowed, consumed and remaining (events or minutes), and the shares of the allowed. */
  record Budget(
      double total,
      double consumed,
      double remaining,
      double consumedShare,
      double remainingShare) {
    static Budget of(double total, double consumed, double remainingShare) {
      return new Budget(total, consumed, total - consumed, 1 - remainingShare, remainingShare);
    }
  }

  /** When the budget runs out at a window's burn rate. */
  record Exhaustion(double burnRate, long seconds, Instant at) {}

  static ErrorBudget of(
      SloDefinition slo, BurnRateRow latest, Instant now, Map<String, String> links) {
    Instant ref = latest == null ? now : latest.time();
    double objective = latest == null ? slo.objective() : latest.objective();
    Instant start = slo.period().start(ref);
    Duration length = periodLength(slo.period(), ref);
    long total = latest == null ? 0 : latest.periodTotal();
    long good = latest == null ? 0 : latest.periodGood();
    long bad = total - good;
    double allowed = (1 - objective) * total;
    double share = latest == null ? 1 : latest.budgetRemaining();
    Budget events = Budget.of(allowed, bad, share);
    Budget minutes = null;
    if (slo.kind() == SloKind.UPTIME) {
      double whole = (1 - objective) * length.toSeconds() / 60.0;
      Instant from = slo.createdAt().isAfter(start) ? slo.createdAt() : start;
      double measured = Math.max(0, Duration.between(from, ref).toMillis() / 60_000.0);
      double consumed = total == 0 ? 0 : (double) bad / total * measured;
      minutes = Budget.of(whole, consumed, 1 - consumed / whole);
    }
    Map<String, Double> burn = latest == null ? zeroBurn() : latest.orderedBurnRates();
    Map<String, Object> exhaustion = new LinkedHashMap<>();
    for (String w : EXHAUSTION_WINDOWS) {
      exhaustion.put(w, exhaustion(share, burn.get(w), length, ref));
    }
    return new ErrorBudget(
        slo.id(),
        slo.name(),
        slo.kind(),
        objective,
        slo.period(),
        start,
        slo.period() == SloPeriod.CALENDAR_MONTH ? start.plus(length) : ref,
        latest == null ? null : latest.time(),
        new Events(total, good, bad),
        events,
        minutes,
        burn,
        exhaustion,
        links);
  }

  /** Null when not burning, {@link #EXHAUSTED} when nothing remains, else when it runs out. */
  static Object exhaustion(double remainingShare, double burnRate, Duration period, Instant ref) {
    if (remainingShare <= 0) {
      return EXHAUSTED;
    }
    if (!(burnRate > 0)) {
      return null;
    }
    long seconds = Math.round(remainingShare * period.toSeconds() / burnRate);
    return new Exhaustion(burnRate, seconds, ref.plusSeconds(seconds));
  }

  /** The length of the period holding {@code ref}: 28 or 30 days, or that UTC month's. */
  static Duration periodLength(SloPeriod period, Instant ref) {
    return switch (period) {
      case ROLLING_28D -> Duration.ofDays(28);
      case ROLLING_30D -> Duration.ofDays(30);
      case CALENDAR_MONTH -> {
        Instant start = period.start(ref);
        yield Duration.between(start, start.atZone(ZoneOffset.UTC).plusMonths(1).toInstant());
      }
    };
  }

  private static Map<String, Double> zeroBurn() {
    Map<String, Double> out = new LinkedHashMap<>();
    BurnRateRow.WINDOWS.forEach(w -> out.put(w, 0.0));
    return out;
  }
}
