package io.obsera.query.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.obsera.model.control.SloDefinition;
import io.obsera.model.control.SloKind;
import io.obsera.model.control.SloPeriod;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Budget figures against hand-computed values. */
class ErrorBudgetTest {
  static final Instant NOW = Instant.parse("2026-11-26T10:00:30Z");
  static final Instant EMITTED = Instant.parse("2026-11-26T10:00:00Z");

  static SloDefinition slo(SloKind kind, SloPeriod period, Instant created) {
    return new SloDefinition(
        "acme",
        "s",
        "S",
        kind,
        kind == SloKind.UPTIME ? null : "checkout",
        null,
        null,
        null,
        kind == SloKind.UPTIME ? "api" : null,
        0.99,
        period,
        created,
        created,
        "t");
  }

  static BurnRateRow row(long good, long total, double burn1h, double burn1d) {
    Map<String, Double> burn = new HashMap<>();
    BurnRateRow.WINDOWS.forEach(w -> burn.put(w, 0.5));
    burn.put("1h", burn1h);
    burn.put("1d", burn1d);
    double remaining = 1 - (double) (total - good) / (0.01 * total);
    return new BurnRateRow(EMITTED, 0.99, burn, remaining, good, total);
  }

  @Test
  void should_countAllowedConsumedAndRemainingEvents_andTimeToExhaustion() {
    // 10000 events, 40 bad: 100 allowed, 60 left (0.6); 1h burns at 4, 1d not at all.
    ErrorBudget b =
        ErrorBudget.of(
            slo(SloKind.AVAILABILITY, SloPeriod.ROLLING_30D, EMITTED.minus(Duration.ofDays(90))),
            row(9960, 10000, 4.0, 0.0),
            NOW,
            Map.of());

    assertThat(b.asOf()).isEqualTo(EMITTED);
    assertThat(b.events()).isEqualTo(new ErrorBudget.Events(10000, 9960, 40));
    assertThat(b.budget().total()).isCloseTo(100, within(1e-9));
    assertThat(b.budget().consumed()).isEqualTo(40);
    assertThat(b.budget().remaining()).isCloseTo(60, within(1e-9));
    assertThat(b.budget().remainingShare()).isCloseTo(0.6, within(1e-9));
    assertThat(b.budget().consumedShare()).isCloseTo(0.4, within(1e-9));
    assertThat(b.budgetMinutes()).isNull();
    assertThat(b.periodStart()).isEqualTo(EMITTED.minus(Duration.ofDays(30)));
    // 0.6 of a 30-day budget at 4x: 0.6 x 30 d / 4 = 4.5 days.
    ErrorBudget.Exhaustion hour = (ErrorBudget.Exhaustion) b.timeToExhaustion().get("1h");
    assertThat(hour.seconds()).isEqualTo(Duration.ofHours(108).toSeconds());
    assertThat(hour.at()).isEqualTo(EMITTED.plus(Duration.ofHours(108)));
    assertThat(b.timeToExhaustion()).containsEntry("1d", null);
    assertThat(b.burnRates()).containsOnlyKeys("5m", "30m", "1h", "2h", "6h", "1d", "3d");
  }

  @Test
  void should_sayExhausted_whenNothingRemains_andCountUptimeMinutes() {
    // Uptime, calendar month (November: 30 days), created on the 26th at 09:00, an hour before
    // the emission: 200 checks, 5 bad (2 allowed): overspent.
    SloDefinition uptime =
        slo(SloKind.UPTIME, SloPeriod.CALENDAR_MONTH, EMITTED.minus(Duration.ofHours(1)));
    ErrorBudget b = ErrorBudget.of(uptime, row(195, 200, 2.5, 2.5), NOW, Map.of());

    assertThat(b.budget().remaining()).isCloseTo(-3, within(1e-9));
    assertThat(b.budget().remainingShare()).isCloseTo(-1.5, within(1e-9));
    assertThat(b.timeToExhaustion())
        .containsEntry("1h", ErrorBudget.EXHAUSTED)
        .containsEntry("1d", ErrorBudget.EXHAUSTED);
    assertThat(b.periodStart()).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
    assertThat(b.periodEnd()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
    // 1% of 30 days = 432 minutes; consumed: 5/200 of the 60 minutes measured = 1.5.
    assertThat(b.budgetMinutes().total()).isCloseTo(432, within(1e-9));
    assertThat(b.budgetMinutes().consumed()).isCloseTo(1.5, within(1e-9));
    assertThat(b.budgetMinutes().remaining()).isCloseTo(430.5, within(1e-9));
  }

  @Test
  void should_beWhole_andNotBurn_beforeTheFirstEmission() {
    ErrorBudget b =
        ErrorBudget.of(slo(SloKind.UPTIME, SloPeriod.ROLLING_28D, NOW), null, NOW, Map.of());

    assertThat(b.asOf()).isNull();
    assertThat(b.events()).isEqualTo(new ErrorBudget.Events(0, 0, 0));
    assertThat(b.budget().remainingShare()).isEqualTo(1.0);
    assertThat(b.budgetMinutes().total()).isCloseTo(0.01 * 28 * 1440, within(1e-9));
    assertThat(b.budgetMinutes().consumed()).isZero();
    assertThat(b.timeToExhaustion()).containsEntry("1h", null).containsEntry("1d", null);
  }
}
