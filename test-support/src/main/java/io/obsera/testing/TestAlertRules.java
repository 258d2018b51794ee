package io.obsera.testing;

import io.obsera.model.control.AlertRule;
import io.obsera.model.control.AlertRuleKind;
import io.obsera.model.control.BurnCondition;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Burn-rate rule records for tests (the record has many fields a burn-rate rule leaves null). */
public final class TestAlertRules {
  private TestAlertRules() {}

  public static AlertRule burn(
      String tenant,
      String id,
      String sloId,
      List<BurnCondition> conditions,
      Boolean enabled,
      Map<String, String> labels,
      Instant created) {
    return new AlertRule(
        tenant,
        id,
        "burn " + sloId,
        AlertRuleKind.BURN_RATE,
        enabled,
        sloId,
        conditions,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        labels,
        null,
        created,
        created,
        "test");
  }
}
