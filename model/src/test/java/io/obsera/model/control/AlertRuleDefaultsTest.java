package io.obsera.model.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.obsera.model.alert.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertRuleDefaultsTest {
  @Test
  void thirtyDaysGiveTheWorkbookFactors() {
    List<BurnCondition> c = AlertRule.defaultBurnConditions(30);
    assertThat(c)
        .extracting(BurnCondition::severity)
        .containsExactly(Severity.PAGE, Severity.PAGE, Severity.TICKET, Severity.TICKET);
    assertThat(c.get(0).factor()).isCloseTo(14.4, within(1e-9));
    assertThat(c.get(1).factor()).isCloseTo(6, within(1e-9));
    assertThat(c.get(2).factor()).isCloseTo(3, within(1e-9));
    assertThat(c.get(3).factor()).isCloseTo(1, within(1e-9));
    assertThat(c.get(0).longWindow()).isEqualTo(BurnWindow.H1);
    assertThat(c.get(0).shortWindow()).isEqualTo(BurnWindow.M5);
    assertThat(c.get(3).longWindow()).isEqualTo(BurnWindow.D3);
    assertThat(c.get(3).shortWindow()).isEqualTo(BurnWindow.H6);
  }

  @Test
  void twentyEightDaysKeepTheBudgetFractions() {
    List<BurnCondition> c = AlertRule.defaultBurnConditions(28);
    // 2% of a 672-hour budget in 1 hour: 13.44; 5% in 6 h: 5.6; 10% in 24 h: 2.8; 10% in 72 h
    assertThat(c.get(0).factor()).isCloseTo(13.44, within(1e-9));
    assertThat(c.get(1).factor()).isCloseTo(5.6, within(1e-9));
    assertThat(c.get(2).factor()).isCloseTo(2.8, within(1e-9));
    assertThat(c.get(3).factor()).isCloseTo(0.9333333333, within(1e-9));
  }
}
