package io.obsera.query.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.obsera.model.control.Silence;
import io.obsera.query.api.ApiException;
import io.obsera.query.api.Auth;
import io.obsera.query.api.JsonBodies;
import io.obsera.query.api.Principal;
import java.io.IOException;
import java.util.Locale;
import java.util.Set;

/**
 * {@code /api/v1/silences}: create ({@code {"matchers": [{"label", "op", "value"}], "startsAt":
 * optional, "endsAt", "comment"}}), list ({@code ?state=active|pending|expired}), get, and expire
 * ({@code DELETE}: it ends now and stays listed) the silences of the tenant of the request's query
 * key. Another tenant's silence is 404.
 */
public final class SilenceRoutes {
  private static final Set<String> FIELDS = Set.of("matchers", "startsAt", "endsAt", "comment");
  private static final Set<String> READ_ONLY =
      Set.of("id", "tenantId", "createdAt", "updatedAt", "actor", "state");

  private final Auth auth;
  private final SilenceAdmin silences;

  public SilenceRoutes(Auth auth, SilenceAdmin silences) {
    this.auth = auth;
    this.silences = silences;
  }

  public void register(JavalinConfig cfg) {
    cfg.routes.get("/api/v1/silences", this::list);
    cfg.routes.post("/api/v1/silences", this::create);
    cfg.routes.get("/api/v1/silences/{id}", this::get);
    cfg.routes.delete("/api/v1/silences/{id}", this::expire);
  }

  private void list(Context ctx) {
    String tenant = auth.tenant(ctx);
    ctx.json(
        silences.list(tenant, state(ctx.queryParam("state"))).stream()
            .map(silences::view)
            .toList());
  }

  private void get(Context ctx) {
    ctx.json(silences.view(silences.get(auth.tenant(ctx), ctx.pathParam("id"))));
  }

  private void create(Context ctx) throws IOException {
    Principal key = auth.principal(ctx);
    JsonNode body = JsonBodies.object(ctx);
    JsonBodies.requireKnownFields(body, FIELDS, READ_ONLY);
    ((ObjectNode) body).remove(READ_ONLY);
    Silence draft = JsonBodies.read(body, Silence.class, "");
    Silence created = silences.create(key.tenantId(), draft, key.actor());
    ctx.status(201).json(silences.view(created));
  }

  private void expire(Context ctx) {
    Principal key = auth.principal(ctx);
    Silence s = silences.expire(key.tenantId(), ctx.pathParam("id"), key.actor());
    ctx.json(silences.view(s));
  }

  private static Silence.State state(String param) {
    if (param == null || param.isBlank()) {
      return null;
    }
    try {
      return Silence.State.valueOf(param.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(
          "parameter 'state' must be active, pending or expired, got: " + param);
    }
  }
}
