package io.obsera.query.alerts;

import io.obsera.model.Topics;
import io.obsera.model.control.AlertRule;
import io.obsera.model.control.AlertRuleKind;
import io.obsera.model.control.SloDefinition;
import io.obsera.platform.control.ControlPlaneView;
import io.obsera.platform.control.ControlPlaneWriter;
import io.obsera.query.control.ControlRecordAdmin;
import io.obsera.query.control.ControlWrites;
import io.obsera.query.quota.ObjectQuota;
import io.obsera.query.quota.Quotas;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Alert rules of a tenant over the compacted topic {@link Topics#CONTROL_ALERT_RULES}. Every rule
 * is validated (with its defaults filled) before it is written, and a BURN_RATE rule's {@code
 * sloId} must name an SLO of the same tenant.
 */
public final class AlertRuleAdmin {
  private final AlertControlViews views;
  private final ControlPlaneView controlPlane;
  private final ControlRecordAdmin<AlertRule> rules;
  private final Clock clock;

  public AlertRuleAdmin(
      ControlPlaneWriter writer,
      AlertControlViews views,
      ControlPlaneView controlPlane,
      Quotas quotas,
      Clock clock) {
    this.views = views;
    this.controlPlane = controlPlane;
    this.clock = clock;
    this.rules =
        new ControlRecordAdmin<>(
            writer,
            clock,
            new ControlRecordAdmin.Kind<>(
                "alert rule",
                "rule",
                "rule-",
                Topics.CONTROL_ALERT_RULES,
                AlertRule::key,
                views::rule,
                AlertRule::id,
                AlertRule::createdAt,
                AlertRule::stamped,
                this::checked),
            quotas,
            ObjectQuota.ALERT_RULES);
  }

  public List<AlertRule> list(String tenant) {
    return views.rulesOf(tenant);
  }

  public AlertRule get(String tenant, String id) {
    return rules.get(tenant, id);
  }

  /** The SLO a BURN_RATE rule watches, if it (still) exists. */
  public Optional<SloDefinition> sloOf(AlertRule rule) {
    return rule.kind() == AlertRuleKind.BURN_RATE && rule.sloId() != null
        ? controlPlane.slo(rule.tenantId(), rule.sloId())
        : Optional.empty();
  }

  AlertRule create(String tenant, AlertRule draft, String actor) {
    return rules.create(tenant, draft, actor);
  }

  /** Replaces an existing rule's settings; its creation time stays. */
  AlertRule update(String tenant, String id, AlertRule draft, String actor) {
    return rules.update(tenant, id, draft, actor);
  }

  void delete(String tenant, String id) {
    rules.delete(tenant, id);
  }

  /**
   * {@code draft} checked as {@link #create} checks it (defaults filled, 400 naming every problem)
   * as {@code tenant}'s rule, without writing it; {@code id} may be left out.
   */
  AlertRule checkedDraft(String tenant, AlertRule draft, String actor) {
    java.time.Instant now = clock.instant();
    String id = draft.id() == null ? "preview" : draft.id();
    return checked(draft.stamped(tenant, id, now, now, actor));
  }

  /** The rule with its defaults filled; 400 naming every problem. */
  private AlertRule checked(AlertRule draft) {
    AlertRule rule = draft.withDefaults();
    List<String> errors = new ArrayList<>(rule.validate());
    if (rule.kind() == AlertRuleKind.BURN_RATE
        && errors.stream().noneMatch(e -> e.startsWith("field 'sloId'"))
        && sloOf(rule).isEmpty()) {
      errors.add("field 'sloId': this tenant has no SLO " + rule.sloId());
    }
    ControlWrites.requireNoErrors(errors);
    return rule;
  }
}
