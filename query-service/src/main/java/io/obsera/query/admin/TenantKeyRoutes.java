package io.obsera.query.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.obsera.model.Json;
import io.obsera.model.control.Role;
import io.obsera.model.control.Scope;
import io.obsera.query.api.ApiException;
import io.obsera.query.api.Auth;
import io.obsera.query.api.JsonBodies;
import io.obsera.query.api.Principal;
import java.io.IOException;
import java.util.Map;
import java.util.Set;

/**
 * A tenant admin's own API keys: {@code GET /api/v1/keys}, {@code POST /api/v1/keys} (the secret is
 * in the answer, once), {@code DELETE /api/v1/keys/{keyId}}. A new key's role defaults to VIEWER;
 * probe keys stay the operator's.
 */
public final class TenantKeyRoutes {
  private final Auth auth;
  private final TenantAdmin admin;

  public TenantKeyRoutes(Auth auth, TenantAdmin admin) {
    this.auth = auth;
    this.admin = admin;
  }

  public void register(JavalinConfig cfg) {
    cfg.routes.get("/api/v1/keys", this::list);
    cfg.routes.post("/api/v1/keys", this::issue);
    cfg.routes.delete("/api/v1/keys/{keyId}", this::revoke);
  }

  private void list(Context ctx) {
    ctx.json(
        Map.of("items", admin.keys(auth.tenant(ctx)).stream().map(AdminRoutes::view).toList()));
  }

  private void issue(Context ctx) throws IOException {
    Principal p = auth.principal(ctx);
    JsonNode body = ctx.body().isBlank() ? Json.MAPPER.createObjectNode() : JsonBodies.object(ctx);
    JsonBodies.requireKnownFields(body, Set.of("name", "scopes", "origins", "role"), Set.of());
    Set<Scope> scopes = AdminRoutes.scopes(body.get("scopes"));
    if (scopes.contains(Scope.PROBE)) {
      throw ApiException.forbidden("probe keys are issued by the operator (admin API)");
    }
    String role = JsonBodies.text(body, "role");
    TenantAdmin.IssuedKey issued =
        admin.issueKey(
            p.tenantId(),
            JsonBodies.text(body, "name"),
            scopes,
            AdminRoutes.origins(body.get("origins")),
            role != null
                ? Role.parse("role", role)
                : scopes.contains(Scope.QUERY) ? Role.VIEWER : null,
            p.actor());
    Map<String, Object> out = AdminRoutes.view(issued.record());
    out.put("key", issued.token());
    ctx.status(201).json(out);
  }

  private void revoke(Context ctx) {
    Principal p = auth.principal(ctx);
    admin.revokeKey(p.tenantId(), ctx.pathParam("keyId"), p.actor());
    ctx.status(204);
  }
}
