package io.obsera.query.alerts;

import io.obsera.model.Topics;
import io.obsera.model.control.AlertRule;
import io.obsera.model.control.AlertRuleKind;
import io.obsera.model.control.SloDefinition;
import io.obsera.platform.control.ControlPlaneView;
import io.obsera.platform.control.ControlPlaneWriter;
import io.obsera.query.api.ApiException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Alert rules of a tenant over the compacted topic {@link Topics#CONTROL_ALERT_RULES}. Every rule
 * is validated (with its defaults filled) before it is written, and a BURN_RATE rule's {@code
 * sloId} must name an SLO of the same tenant.
 */
public final class AlertRuleAdmin {
  private final ControlWrites writes;
  private final AlertControlViews views;
  private final ControlPlaneView controlPlane;
  private final Clock clock;

  public AlertRuleAdmin(
      ControlPlaneWriter writer,
      AlertControlViews views,
      ControlPlaneView controlPlane,
      Clock clock) {
    this.writes = new ControlWrites(writer);
    this.views = views;
    this.controlPlane = controlPlane;
    this.clock = clock;
  }

  public List<AlertRule> list(String tenant) {
    return views.rulesOf(tenant);
  }

  public AlertRule get(String tenant, String id) {
    return views
        .rule(tenant, id)
        .orElseThrow(() -> ApiException.notFound("alert rule " + id + " not found"));
  }

  /** The SLO a BURN_RATE rule watches, if it (still) exists. */
  public Optional<SloDefinition> sloOf(AlertRule rule) {
    return rule.kind() == AlertRuleKind.BURN_RATE && rule.sloId() != null
        ? controlPlane.slo(rule.tenantId(), rule.sloId())
        : Optional.empty();
  }

  AlertRule create(String tenant, AlertRule draft, String actor) {
    String id = draft.id() == null ? ControlWrites.newId("rule-") : draft.id();
    if (views.rule(tenant, id).isPresent()) {
      throw ApiException.conflict("alert rule " + id + " already exists");
    }
    Instant now = clock.instant();
    return write(draft.stamped(tenant, id, now, now, actor));
  }

  /** Replaces an existing rule's settings; its creation time stays. */
  AlertRule update(String tenant, String id, AlertRule draft, String actor) {
    if (draft.id() != null && !draft.id().equals(id)) {
      throw ApiException.badRequest(
          "field 'id' (" + draft.id() + ") differs from the path's rule id (" + id + ")");
    }
    AlertRule current = get(tenant, id);
    Instant now = clock.instant();
    Instant updated = now.isBefore(current.createdAt()) ? current.createdAt() : now;
    return write(draft.stamped(tenant, id, current.createdAt(), updated, actor));
  }

  void delete(String tenant, String id) {
    get(tenant, id);
    writes.delete(
        Topics.CONTROL_ALERT_RULES, AlertRule.key(tenant, id), () -> views.rule(tenant, id));
  }

  private AlertRule write(AlertRule draft) {
    AlertRule rule = draft.withDefaults();
    List<String> errors = new ArrayList<>(rule.validate());
    if (rule.kind() == AlertRuleKind.BURN_RATE
        && errors.stream().noneMatch(e -> e.startsWith("field 'sloId'"))
        && sloOf(rule).isEmpty()) {
      errors.add("field 'sloId': this tenant has no SLO " + rule.sloId());
    }
    ControlWrites.requireNoErrors(errors);
    return writes.put(
        Topics.CONTROL_ALERT_RULES, rule.key(), rule, () -> views.rule(rule.tenantId(), rule.id()));
  }
}
