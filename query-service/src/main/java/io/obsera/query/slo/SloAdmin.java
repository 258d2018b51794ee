package io.obsera.query.slo;

import io.obsera.model.control.ControlPlaneView;
import io.obsera.model.control.ControlPlaneWriter;
import io.obsera.model.control.SloDefinition;
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

  SloDefinition create(String tenant, SloSpec spec, String actor) {
    String id = spec.id() == null ? "slo-" + randomHex() : spec.id();
    if (view.slo(tenant, id).isPresent()) {
      throw ApiException.conflict("SLO " + id + " already exists");
    }
    Instant now = clock.instant();
    return write(definition(tenant, id, spec, now, now, actor));
  }

  SloDefinition update(String tenant, String id, SloSpec spec, String actor) {
    if (spec.id() != null && !spec.id().equals(id)) {
      throw ApiException.badRequest(
          "field 'id' (" + spec.id() + ") differs from the path's SLO id (" + id + ")");
    }
    SloDefinition current = get(tenant, id);
    Instant now = clock.instant();
    Instant updated = now.isBefore(current.createdAt()) ? current.createdAt() : now;
    return write(definition(tenant, id, spec, current.createdAt(), updated, actor));
  }

  void delete(String tenant, String id) {
    get(tenant, id);
    writer.deleteSlo(tenant, id);
    Visibility.await(() -> view.slo(tenant, id).isEmpty());
  }

  private SloDefinition write(SloDefinition slo) {
    List<String> errors = new ArrayList<>(slo.validate());
    if (!errors.isEmpty()) {
      throw ApiException.badRequest(String.join("; ", errors));
    }
    writer.putSlo(slo);
    Visibility.await(() -> view.slo(slo.tenantId(), slo.id()).filter(slo::equals).isPresent());
    return slo;
  }

  private static SloDefinition definition(
      String tenant, String id, SloSpec s, Instant created, Instant updated, String actor) {
    if (s.objective() == null) {
      throw ApiException.badRequest("field 'objective' is required (e.g. 0.999)");
    }
    return new SloDefinition(
        tenant,
        id,
        s.name(),
        s.kind(),
        s.service(),
        s.operation(),
        s.spanKind(),
        s.thresholdMs(),
        s.objective(),
        s.period(),
        created,
        updated,
        actor);
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
