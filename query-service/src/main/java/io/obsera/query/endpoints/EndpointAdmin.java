package io.obsera.query.endpoints;

import io.obsera.model.Topics;
import io.obsera.model.control.EndpointDefinition;
import io.obsera.platform.control.ControlPlaneView;
import io.obsera.platform.control.ControlPlaneWriter;
import io.obsera.platform.crypto.EndpointSealer;
import io.obsera.platform.net.RefusedTargetException;
import io.obsera.platform.net.TargetGuard;
import io.obsera.query.api.ApiException;
import io.obsera.query.control.ControlRecordAdmin;
import io.obsera.query.control.ControlWrites;
import io.obsera.query.quota.ObjectQuota;
import io.obsera.query.quota.Quotas;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Monitored endpoints of a tenant over the compacted endpoints topic. This service is the topic's
 * only writer: every record is validated, and its URL's host checked against the SSRF rule, before
 * it is written with its header values sealed; each write returns once this service's view has read
 * it back.
 */
public final class EndpointAdmin {
  private final ControlPlaneView view;
  private final TargetGuard guard;
  private final EndpointSealer sealer;
  private final Quotas quotas;
  private final ControlRecordAdmin<EndpointDefinition> endpoints;

  public EndpointAdmin(
      ControlPlaneWriter writer,
      ControlPlaneView view,
      TargetGuard guard,
      EndpointSealer sealer,
      Quotas quotas,
      Clock clock) {
    this.quotas = quotas;
    this.view = view;
    this.guard = guard;
    this.sealer = sealer;
    this.endpoints =
        new ControlRecordAdmin<>(
            writer,
            clock,
            new ControlRecordAdmin.Kind<>(
                "endpoint",
                "endpoint",
                null,
                Topics.CONTROL_ENDPOINTS,
                EndpointDefinition::key,
                view::endpoint,
                EndpointDefinition::id,
                EndpointDefinition::createdAt,
                EndpointDefinition::stamped,
                this::checked),
            quotas,
            ObjectQuota.ENDPOINTS);
  }

  public List<EndpointDefinition> list(String tenant) {
    return view.endpointsOf(tenant);
  }

  public EndpointDefinition get(String tenant, String id) {
    return endpoints.get(tenant, id);
  }

  /**
   * Creates endpoint {@code id} from {@code draft}, or replaces its settings (its creation time
   * stays). Optional fields left out take their defaults. A header whose value is {@link
   * EndpointSealer#MASK} (as a GET shows it) keeps its stored value.
   */
  ControlRecordAdmin.Put<EndpointDefinition> put(
      String tenant, String id, EndpointDefinition draft, String actor) {
    return endpoints.put(tenant, id, keepingMaskedHeaders(tenant, id, draft), actor);
  }

  private EndpointDefinition keepingMaskedHeaders(
      String tenant, String id, EndpointDefinition draft) {
    if (draft.headers() == null || !draft.headers().containsValue(EndpointSealer.MASK)) {
      return draft;
    }
    Map<String, String> stored =
        view.endpoint(tenant, id).map(e -> sealer.open(e).headers()).orElse(Map.of());
    Map<String, String> headers = new LinkedHashMap<>();
    draft
        .headers()
        .forEach(
            (name, value) -> {
              if (!EndpointSealer.MASK.equals(value)) {
                headers.put(name, value);
              } else if (stored.containsKey(name)) {
                headers.put(name, stored.get(name));
              } else {
                throw ApiException.badRequest(
                    "field 'headers': header "
                        + name
                        + " is '"
                        + EndpointSealer.MASK
                        + "' (keep the stored value) but endpoint "
                        + id
                        + " has no stored value for it");
              }
            });
    return draft.withHeaders(headers, null);
  }

  void delete(String tenant, String id) {
    endpoints.delete(tenant, id);
  }

  /**
   * The endpoint to store: defaults filled, header values sealed; 400 naming every problem, or a
   * refused URL host; 429 for an interval below the tenant's quota.
   */
  private EndpointDefinition checked(EndpointDefinition draft) {
    EndpointDefinition e = draft.withDefaults();
    ControlWrites.requireNoErrors(e.validate());
    quotas.requireProbeInterval(e.tenantId(), e.intervalMs());
    checkTarget(e.url());
    return sealer.seal(e);
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
