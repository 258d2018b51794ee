package io.obsera.alert.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import io.obsera.model.Topics;
import io.obsera.model.alert.AlertEvent;
import io.obsera.model.alert.AlertSource;
import io.obsera.model.alert.AlertState;
import io.obsera.model.alert.Severity;
import io.obsera.model.control.AlertRule;
import io.obsera.model.control.BurnCondition;
import io.obsera.model.control.BurnWindow;
import io.obsera.model.control.SloPeriod;
import io.obsera.model.facts.BurnRates;
import io.obsera.testing.TestAlertRules;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Burn-rate rules with hand-computed burn rates. Traffic is steady for days; the rates of a window
 * are the window's error ratio over the budget, so errors at 20x during the last hour give 20 over
 * 5m, 30m and 1h, 10 over 2h, 20/6 over 6h, 20/24 over 1d and 20/72 over 3d.
 */
class BurnRateAlertsTopologyTest extends EvaluationDriverFixture {

  @BeforeEach
  void define() {
    slo(availability("checkout", 0.999, SloPeriod.ROLLING_30D));
    rule(burnRule("checkout-burn", "checkout", null));
  }

  void rates(
      String sloId, double m5, double m30, double h1, double h2, double h6, double d1, double d3) {
    BurnRates r =
        new BurnRates(TENANT, sloId, clock.millis(), 0.999, m5, m30, h1, h2, h6, d1, d3, 0.5, 0, 0);
    pipe(Topics.SLO_BURN_RATES, TENANT + "|" + sloId, r);
  }

  /** One emission a minute, as the topology sends them. */
  void burn20xForTheLastHour() {
    rates("checkout", 20, 20, 20, 10, 20 / 6.0, 20 / 24.0, 20 / 72.0);
    tick(Duration.ofMinutes(1));
  }

  @Test
  void should_pageOnceAndResolveOnce_whenErrorsBurnAt20x_thenStop() {
    for (int i = 0; i < 5; i++) {
      burn20xForTheLastHour();
    }
    List<AlertEvent> pages = events(Severity.PAGE, AlertState.FIRING);
    assertThat(pages).hasSize(1);
    AlertEvent page = pages.get(0);
    assertThat(page.sequence()).isEqualTo(1);
    assertThat(page.source()).isEqualTo(AlertSource.BURN_RATE);
    assertThat(page.startsAt()).isEqualTo(T0);
    assertThat(page.value()).isEqualTo(20.0);
    assertThat(page.threshold()).isCloseTo(14.4, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(page.labels())
        .containsEntry("severity", "page")
        .containsEntry("source", "burn_rate")
        .containsEntry("rule", "checkout-burn")
        .containsEntry("slo", "checkout")
        .containsEntry("service", "checkout")
        .containsEntry("team", "payments");
    assertThat(page.summary())
        .contains("checkout availability", "20 over 1h", "20 over 5m", "14.4");
    assertThat(page.key()).isEqualTo(TENANT + "|" + page.fingerprint());
    assertThat(seen).noneMatch(e -> e.severity() == Severity.TICKET);

    // errors stop: ten minutes later the 5m window is clean, 1h still at 20 * 50/60
    rates("checkout", 0, 20 * 20 / 30.0, 20 * 50 / 60.0, 10 * 110 / 120.0, 3.0, 0.8, 0.27);
    tick();
    rates("checkout", 0, 10, 15, 9, 2.9, 0.8, 0.27);
    tick();
    List<AlertEvent> resolved = events(Severity.PAGE, AlertState.RESOLVED);
    assertThat(resolved).hasSize(1);
    assertThat(resolved.get(0).sequence()).isEqualTo(2);
    assertThat(resolved.get(0).fingerprint()).isEqualTo(page.fingerprint());
    assertThat(resolved.get(0).endsAt()).isEqualTo(resolved.get(0).time());
    assertThat(seen).hasSize(2);
  }

  @Test
  void should_openATicketAndNoPage_whenErrorsBurnAt2xForSevenHours() {
    // traffic started seven hours ago with errors at 2x all along: every window is at 2, so the
    // 3d/6h ticket condition (>= 1) holds; 1d/2h needs 3, the pages 14.4 and 6
    for (int i = 0; i < 3; i++) {
      rates("checkout", 2, 2, 2, 2, 2, 2, 2);
      tick(Duration.ofMinutes(1));
    }
    assertThat(events(Severity.TICKET, AlertState.FIRING)).hasSize(1);
    assertThat(seen).noneMatch(e -> e.severity() == Severity.PAGE);
    assertThat(seen.get(0).summary()).contains("over 3d", "over 6h").doesNotContain("over 1d");

    // worse: the 1d/2h condition holds too, which is worth one update (same fingerprint)
    rates("checkout", 3.5, 3.5, 3.5, 3.5, 3.5, 3.5, 3.5);
    tick();
    rates("checkout", 3.6, 3.6, 3.6, 3.6, 3.6, 3.6, 3.6);
    List<AlertEvent> tickets = events(Severity.TICKET, AlertState.FIRING);
    assertThat(tickets).hasSize(2);
    assertThat(tickets.get(1).sequence()).isEqualTo(2);
    assertThat(tickets.get(1).fingerprint()).isEqualTo(tickets.get(0).fingerprint());
    assertThat(tickets.get(1).startsAt()).isEqualTo(tickets.get(0).startsAt());
    assertThat(tickets.get(1).summary()).contains("over 1d", "over 3d");
  }

  @Test
  void should_scaleTheDefaultFactors_forA28DayPeriod() {
    // 28 days: 2% of the budget in an hour is a burn of 0.02 * 672 = 13.44, not 14.4
    slo(availability("short", 0.999, SloPeriod.ROLLING_28D));
    rule(burnRule("short-burn", "short", null));
    rates("short", 14, 14, 14, 7, 2.3, 0.6, 0.2);
    rates("checkout", 14, 14, 14, 7, 2.3, 0.6, 0.2);
    List<AlertEvent> pages = events(Severity.PAGE, AlertState.FIRING);
    assertThat(pages).hasSize(1);
    assertThat(pages.get(0).labels()).containsEntry("slo", "short");
    assertThat(pages.get(0).threshold())
        .isCloseTo(13.44, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void should_applyTheRulesOwnConditions_whenItHasSome() {
    rule(
        burnRule(
            "checkout-burn",
            "checkout",
            List.of(new BurnCondition(Severity.PAGE, BurnWindow.H2, BurnWindow.M30, 5))));
    rates("checkout", 20, 20, 20, 4, 3, 1, 0.3); // the default page holds, the own one does not
    assertThat(events()).isEmpty();
    rates("checkout", 1, 6, 6, 6, 3, 1, 0.3);
    assertThat(events(Severity.PAGE, AlertState.FIRING)).hasSize(1);
  }

  @Test
  void should_resolve_whenTheRuleIsDisabled_deleted_orItsSloDeleted() {
    burn20xForTheLastHour();
    assertThat(events(Severity.PAGE, AlertState.FIRING)).hasSize(1);
    AlertRule r = burnRule("checkout-burn", "checkout", null);
    rule(TestAlertRules.burn(TENANT, r.id(), r.sloId(), null, false, r.labels(), r.createdAt()));
    tick();
    assertThat(events(Severity.PAGE, AlertState.RESOLVED)).hasSize(1);
    burn20xForTheLastHour(); // disabled: nothing
    assertThat(events()).isEmpty();

    rule(r); // enabled again: a new firing, sequence 1 again, same fingerprint
    burn20xForTheLastHour();
    List<AlertEvent> firing = events(Severity.PAGE, AlertState.FIRING);
    assertThat(firing).hasSize(2);
    assertThat(firing.get(1).sequence()).isEqualTo(1);
    assertThat(firing.get(1).fingerprint()).isEqualTo(firing.get(0).fingerprint());
    pipe(Topics.CONTROL_ALERT_RULES, r.key(), null); // deleted
    tick();
    assertThat(events(Severity.PAGE, AlertState.RESOLVED)).hasSize(2);

    rule(r);
    burn20xForTheLastHour();
    assertThat(events(Severity.PAGE, AlertState.FIRING)).hasSize(3);
    pipe(Topics.CONTROL_SLOS, TENANT + "|checkout", null); // its SLO deleted: no more rates
    tick();
    List<AlertEvent> resolved = events(Severity.PAGE, AlertState.RESOLVED);
    assertThat(resolved).hasSize(3);
    assertThat(resolved.get(2).summary()).contains("SLO was deleted");
  }

  @Test
  void should_skipMalformedRuleRecords_andKeepEvaluatingTheGoodOnes() {
    String key = TENANT + "|checkout-burn";
    pipe(Topics.CONTROL_ALERT_RULES, key, "{not json".getBytes(StandardCharsets.UTF_8));
    AlertRule r = burnRule("checkout-burn", "checkout", null);
    AlertRule noSlo = TestAlertRules.burn(TENANT, r.id(), null, null, null, null, null);
    pipe(Topics.CONTROL_ALERT_RULES, key, noSlo);
    pipe(Topics.CONTROL_ALERT_RULES, TENANT + "|other", r); // key is not the record's own
    pipe(
        Topics.CONTROL_ALERT_RULES,
        key,
        "{\"kind\":\"SOMETHING\"}".getBytes(StandardCharsets.UTF_8));
    pipe(
        Topics.CONTROL_ALERT_RULES,
        key,
        ("{\"tenantId\":\"acme\",\"id\":\"checkout-burn\",\"kind\":\"BURN_RATE\",\"sloId\":\"checkout\","
                + "\"burnConditions\":[{\"severity\":\"PAGE\",\"longWindow\":\"7h\"}]}")
            .getBytes(StandardCharsets.UTF_8));
    assertThat(topology.health().skippedControlRecords()).isEqualTo(5);

    burn20xForTheLastHour(); // the rule defined before the bad records still applies
    assertThat(events(Severity.PAGE, AlertState.FIRING)).hasSize(1);
    pipe(Topics.SLO_BURN_RATES, TENANT + "|checkout", "garbage".getBytes(StandardCharsets.UTF_8));
    assertThat(topology.health().skippedDataRecords()).isEqualTo(1);
    burn20xForTheLastHour();
    assertThat(events()).isEmpty();
    assertThat(topology.health().failedEvaluations()).isZero();
  }
}
