package io.obsera.query.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.obsera.model.Json;
import io.obsera.model.control.AlertRouting;
import io.obsera.query.api.Auth;
import io.obsera.query.api.JsonBodies;
import io.obsera.query.api.Principal;
import java.io.IOException;
import java.util.Set;

/**
 * {@code /api/v1/alert-routing}: the notification routing of the tenant of the request's query key.
 * GET answers the stored routing or, with {@code "default": true}, the default one (every channel,
 * Alertmanager's timings, the default inhibit rules); PUT replaces it (every channel it names must
 * exist).
 */
public final class RoutingRoutes {
  private static final Set<String> FIELDS =
      Set.of(
          "routes",
          "defaultChannels",
          "defaultGroupBy",
          "groupWaitMs",
          "groupIntervalMs",
          "repeatIntervalMs",
          "inhibitRules");
  private static final Set<String> READ_ONLY = Set.of("tenantId", "updatedAt", "actor", "default");

  private final Auth auth;
  private final RoutingAdmin routing;

  public RoutingRoutes(Auth auth, RoutingAdmin routing) {
    this.auth = auth;
    this.routing = routing;
  }

  public void register(JavalinConfig cfg) {
    cfg.routes.get("/api/v1/alert-routing", this::get);
    cfg.routes.put("/api/v1/alert-routing", this::put);
  }

  private void get(Context ctx) {
    String tenant = auth.tenant(ctx);
    ctx.json(view(routing.get(tenant), !routing.isStored(tenant)));
  }

  private void put(Context ctx) throws IOException {
    Principal key = auth.principal(ctx);
    JsonNode body = JsonBodies.object(ctx);
    JsonBodies.requireKnownFields(body, FIELDS, READ_ONLY);
    ((ObjectNode) body).remove(READ_ONLY);
    AlertRouting draft = JsonBodies.read(body, AlertRouting.class, "");
    ctx.json(view(routing.put(key.tenantId(), draft, key.actor()), false));
  }

  private static ObjectNode view(AlertRouting r, boolean isDefault) {
    ObjectNode out = Json.MAPPER.valueToTree(r);
    out.put("default", isDefault);
    return out;
  }
}
