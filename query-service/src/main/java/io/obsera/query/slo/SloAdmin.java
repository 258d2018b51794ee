package io.obsera.query.slo;

import io.obsera.model.control.SloDefinition;
import io.obsera.model.control.SloKind;
import io.obsera.platform.control.ControlPlaneView;
import io.obsera.platform.control.ControlPlaneWriter;
import io.obsera.query.api.ApiException;
import io.obsera.query.api.Visibility;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * SLO definitions of a tenant over the compacted SLO topic. This service is the topic's only
 * writer: every record is validated before it is written, and each write returns once this
 * service's view has read it back.
 */
public final class SloAdmin {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final ControlPlaneWriter writer;
  private final ControlPlaneView view;
  private final Clock clock;

  public SloAdmin(ControlPlaneWriter writer, ControlPlaneView view, Clock clock) {
    this.writer = writer;
    this.view = view;
    this.clock = clock;
  }

  public List<SloDefinition> list(String tenant) {
    return view.slosOf(tenant);
  }

  public SloDefinition get(String tenant, String id) {
    return view.slo(tenant, id).orElseThrow(() -> notFound(id));
  }

  /**
   * Creates the SLO described by {@code draft} (its id, or a generated one; tenant and times set
   * here).
   */
  SloDefinition create(String tenant, SloDefinition draft, String actor) {
    String id = draft.id() == null ? "slo-" + randomHex() : draft.id();
    if (view.slo(tenant, id).isPresent()) {
      throw ApiException.conflict("SLO " + id + " already exists");
    }
    Instant now = clock.instant();
    return write(draft.stamped(tenant, id, now, now, actor));
  }

  /** Replaces an existing SLO's settings with those of {@code draft}; its creation time stays. */
  SloDefinition update(String tenant, String id, SloDefinition draft, String actor) {
    if (draft.id() != null && !draft.id().equals(id)) {
      throw ApiException.badRequest(
          "field 'id' (" + draft.id() + ") differs from the path's SLO id (" + id + ")");
    }
    SloDefinition current = get(tenant, id);
    Instant now = clock.instant();
    Instant updated = now.isBefore(current.createdAt()) ? current.createdAt() : now;
    return write(draft.stamped(tenant, id, current.createdAt(), updated, actor));
  }

  void delete(String tenant, String id) {
    get(tenant, id);
    writer.deleteSlo(tenant, id);
    Visibility.await(() -> view.slo(tenant, id).isEmpty());
  }

  private SloDefinition write(SloDefinition given) {
    SloDefinition slo = withEndpointService(given);
    List<String> errors = new ArrayList<>(slo.validate());
    if (slo.kind() == SloKind.UPTIME
        && slo.endpointId() != null
        && view.endpoint(slo.tenantId(), slo.endpointId()).isEmpty()) {
      errors.add("field 'endpointId': endpoint " + slo.endpointId() + " not found");
    }
    if (!errors.isEmpty()) {
      throw ApiException.badRequest(String.join("; ", errors));
    }
    writer.putSlo(slo);
    Visibility.await(() -> view.slo(slo.tenantId(), slo.id()).filter(slo::equals).isPresent());
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

  private static ApiException notFound(String id) {
    return ApiException.notFound("SLO " + id + " not found");
  }

  private static String randomHex() {
    byte[] b = new byte[6];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
