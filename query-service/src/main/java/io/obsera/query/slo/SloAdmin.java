package io.obsera.query.slo;

import io.obsera.model.Topics;
import io.obsera.model.control.SloDefinition;
import io.obsera.model.control.SloKind;
import io.obsera.platform.control.ControlPlaneView;
import io.obsera.platform.control.ControlPlaneWriter;
import io.obsera.query.control.ControlRecordAdmin;
import io.obsera.query.control.ControlWrites;
import io.obsera.query.quota.ObjectQuota;
import io.obsera.query.quota.Quotas;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * SLO definitions of a tenant over the compacted SLO topic. This service is the topic's only
 * writer: every record is validated before it is written, and each write returns once this
 * service's view has read it back.
 */
public final class SloAdmin {
  private final ControlPlaneView view;
  private final ControlRecordAdmin<SloDefinition> slos;

  public SloAdmin(ControlPlaneWriter writer, ControlPlaneView view, Quotas quotas, Clock clock) {
    this.view = view;
    this.slos =
        new ControlRecordAdmin<>(
            writer,
            clock,
            new ControlRecordAdmin.Kind<>(
                "SLO",
                "SLO",
                "slo-",
                Topics.CONTROL_SLOS,
                SloDefinition::key,
                view::slo,
                SloDefinition::id,
                SloDefinition::createdAt,
                SloDefinition::stamped,
                this::checked),
            quotas,
            ObjectQuota.SLOS);
  }

  public List<SloDefinition> list(String tenant) {
    return view.slosOf(tenant);
  }

  public SloDefinition get(String tenant, String id) {
    return slos.get(tenant, id);
  }

  /**
   * Creates the SLO described by {@code draft} (its id, or a generated one; tenant and times set
   * here).
   */
  SloDefinition create(String tenant, SloDefinition draft, String actor) {
    return slos.create(tenant, draft, actor);
  }

  /** Replaces an existing SLO's settings with those of {@code draft}; its creation time stays. */
  SloDefinition update(String tenant, String id, SloDefinition draft, String actor) {
    return slos.update(tenant, id, draft, actor);
  }

  void delete(String tenant, String id) {
    slos.delete(tenant, id);
  }

  /** The SLO as written (see {@link #withEndpointService}); 400 naming every problem. */
  private SloDefinition checked(SloDefinition given) {
    SloDefinition slo = withEndpointService(given);
    List<String> errors = new ArrayList<>(slo.validate());
    if (slo.kind() == SloKind.UPTIME
        && slo.endpointId() != null
        && view.endpoint(slo.tenantId(), slo.endpointId()).isEmpty()) {
      errors.add("field 'endpointId': endpoint " + slo.endpointId() + " not found");
    }
    ControlWrites.requireNoErrors(errors);
    return slo;
  }

  /** An uptime SLO without a service takes its endpoint's (for alert labels and the timeline). */
  private SloDefinition withEndpointService(SloDefinition slo) {
    if (slo.kind() != SloKind.UPTIME || slo.service() != null || slo.endpointId() == null) {
      return slo;
    }
    return view.endpoint(slo.tenantId(), slo.endpointId())
        .map(
            e ->
                new SloDefinition(
                    slo.tenantId(),
                    slo.id(),
                    slo.name(),
                    slo.kind(),
                    e.service(),
                    slo.operation(),
                    slo.spanKind(),
                    slo.thresholdMs(),
                    slo.endpointId(),
                    slo.objective(),
                    slo.period(),
                    slo.createdAt(),
                    slo.updatedAt(),
                    slo.actor()))
        .orElse(slo);
  }
}
