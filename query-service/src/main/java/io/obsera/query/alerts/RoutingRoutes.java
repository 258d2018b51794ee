package io.obsera.query.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.obsera.model.Json;
import io.obsera.model.control.AlertRouting;
import io.obsera.model.control.TenantRecord;
import io.obsera.query.api.Auth;
import io.obsera.query.api.JsonBodies;
import io.obsera.query.api.Principal;
import java.io.IOException;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code /api/v1/alert-routing}: the notification routing of the tenant of the request's query key.
 * GET answers the stored routing or, with {@code "default": true}, the default one (every channel,
 * Alertmanager's timings, the default inhibit rules); PUT replaces it (every channel it names must
 * exist). {@link #operator} serves the same at {@code /api/v1/admin/operator/alert-routing} for the
 * admin token: the routing of the reserved tenant {@code _operator} (Obsera's own alerts).
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

  private final Function<Context, Principal> who;
  private final String path;
  private final RoutingAdmin routing;

  public RoutingRoutes(Auth auth, RoutingAdmin routing) {
    this(auth::principal, "/api/v1/alert-routing", routing);
  }

  private RoutingRoutes(Function<Context, Principal> who, String path, RoutingAdmin routing) {
    this.who = who;
    this.path = path;
    this.routing = routing;
  }

  /** The operator's routing (the admin token is checked by {@code /api/v1/admin/*}). */
  public static RoutingRoutes operator(RoutingAdmin routing) {
    Principal operator = new Principal(TenantRecord.OPERATOR, null, "admin", null, null);
    return new RoutingRoutes(ctx -> operator, "/api/v1/admin/operator/alert-routing", routing);
  }

  public void register(JavalinConfig cfg) {
    cfg.routes.get(path, this::get);
    cfg.routes.put(path, this::put);
  }

  private void get(Context ctx) {
    String tenant = who.apply(ctx).tenantId();
    ctx.json(view(routing.get(tenant), !routing.isStored(tenant)));
  }

  private void put(Context ctx) throws IOException {
    Principal key = who.apply(ctx);
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
