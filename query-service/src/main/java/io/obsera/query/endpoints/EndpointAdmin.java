package io.obsera.query.endpoints;

import io.obsera.model.Topics;
import io.obsera.model.control.EndpointDefinition;
import io.obsera.platform.control.ControlPlaneView;
import io.obsera.platform.control.ControlPlaneWriter;
import io.obsera.platform.net.RefusedTargetException;
import io.obsera.platform.net.TargetGuard;
import io.obsera.query.api.ApiException;
import io.obsera.query.api.Visibility;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Monitored endpoints of a tenant over the compacted endpoints topic. This service is the topic's
 * only writer: every record is validated, and its URL's host checked against the SSRF rule, before
 * it is written; each write returns once this service's view has read it back.
 */
public final class EndpointAdmin {
  private final ControlPlaneWriter writer;
  private final ControlPlaneView view;
  private final TargetGuard guard;
  private final Clock clock;

  public EndpointAdmin(
      ControlPlaneWriter writer, ControlPlaneView view, TargetGuard guard, Clock clock) {
    this.writer = writer;
    this.view = view;
    this.guard = guard;
    this.clock = clock;
  }

  /** A stored endpoint, and whether the write created it (else it replaced one). */
  public record Saved(EndpointDefinition endpoint, boolean created) {}

  public List<EndpointDefinition> list(String tenant) {
    return view.endpointsOf(tenant);
  }

  public EndpointDefinition get(String tenant, String id) {
    return view.endpoint(tenant, id)
        .orElseThrow(() -> ApiException.notFound("endpoint " + id + " not found"));
  }

  /**
   * Creates endpoint {@code id} from {@code draft}, or replaces its settings (its creation time
   * stays). Optional fields left out take their defaults.
   */
  Saved put(String tenant, String id, EndpointDefinition draft, String actor) {
    if (draft.id() != null && !draft.id().equals(id)) {
      throw ApiException.badRequest(
          "field 'id' (" + draft.id() + ") differs from the path's endpoint id (" + id + ")");
    }
    Optional<EndpointDefinition> current = view.endpoint(tenant, id);
    Instant now = clock.instant();
    Instant created = current.map(EndpointDefinition::createdAt).orElse(now);
    Instant updated = now.isBefore(created) ? created : now;
    EndpointDefinition e = draft.stamped(tenant, id, created, updated, actor).withDefaults();
    List<String> errors = e.validate();
    if (!errors.isEmpty()) {
      throw ApiException.badRequest(String.join("; ", errors));
    }
    checkTarget(e.url());
    writer.put(Topics.CONTROL_ENDPOINTS, e.key(), e);
    Visibility.await(() -> view.endpoint(tenant, id).filter(e::equals).isPresent());
    return new Saved(e, current.isEmpty());
  }

  void delete(String tenant, String id) {
    get(tenant, id);
    writer.delete(Topics.CONTROL_ENDPOINTS, EndpointDefinition.key(tenant, id));
    Visibility.await(() -> view.endpoint(tenant, id).isEmpty());
  }

  /** 400 naming field 'url' when its host does not resolve or resolves to a refused address. */
  private void checkTarget(String url) {
    try {
      guard.resolve(URI.create(url).getHost());
    } catch (RefusedTargetException e) {
      throw ApiException.badRequest("field 'url': " + e.getMessage());
    }
  }
}
