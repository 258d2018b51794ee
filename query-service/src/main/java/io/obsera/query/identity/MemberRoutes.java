package io.obsera.query.identity;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.obsera.identity.Identity;
import io.obsera.identity.MembershipRecord;
import io.obsera.model.control.Role;
import io.obsera.query.api.ApiException;
import io.obsera.query.api.Auth;
import io.obsera.query.api.JsonBodies;
import io.obsera.query.api.Principal;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The tenant's members: {@code GET /api/v1/members}, {@code PUT /api/v1/members/{userId}} {@code
 * {role}}, {@code DELETE /api/v1/members/{userId}}. The last admin can be neither demoted nor
 * removed (409); a removed member's sessions in the tenant stop working at once and are ended, so
 * none comes back if they are made a member again.
 */
public final class MemberRoutes {
  private final Auth auth;
  private final Identity identity;

  public MemberRoutes(Auth auth, Identity identity) {
    this.auth = auth;
    this.identity = identity;
  }

  public void register(JavalinConfig cfg) {
    cfg.routes.get("/api/v1/members", this::list);
    cfg.routes.put("/api/v1/members/{userId}", this::put);
    cfg.routes.delete("/api/v1/members/{userId}", this::remove);
    cfg.routes.delete("/api/v1/members/{userId}/totp", this::resetTotp);
  }

  /**
   * An admin turns a member's multi-factor sign-in off (a lost phone, a compromised account): 204,
   * audited; every session of the member ends on every instance.
   */
  private void resetTotp(Context ctx) {
    Principal p = auth.principal(ctx);
    String userId = ctx.pathParam("userId");
    requireMember(p.tenantId(), userId);
    identity.resetTotp(userId);
    ctx.status(204);
  }

  private void list(Context ctx) {
    ctx.json(
        Map.of(
            "items",
            identity.directory().members(auth.tenant(ctx)).stream().map(this::view).toList()));
  }

  private void put(Context ctx) throws IOException {
    Principal p = auth.principal(ctx);
    JsonNode body = JsonBodies.object(ctx);
    JsonBodies.requireKnownFields(body, Set.of("role"), Set.of("userId", "email", "name"));
    Role role = Role.parse("role", AuthRoutes.required(body, "role"));
    String userId = ctx.pathParam("userId");
    requireMember(p.tenantId(), userId);
    ctx.json(view(identity.setRole(p.tenantId(), userId, role, p.actor())));
  }

  private void remove(Context ctx) {
    Principal p = auth.principal(ctx);
    String userId = ctx.pathParam("userId");
    requireMember(p.tenantId(), userId);
    identity.removeMember(p.tenantId(), userId);
    ctx.status(204);
  }

  private void requireMember(String tenant, String userId) {
    if (identity.directory().membership(tenant, userId).isEmpty()) {
      throw ApiException.notFound("no member " + userId + " in this tenant");
    }
  }

  private Map<String, Object> view(MembershipRecord m) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("userId", m.userId());
    identity
        .directory()
        .user(m.userId())
        .ifPresent(
            u -> {
              out.put("email", u.email());
              out.put("name", u.name());
            });
    out.put("role", m.role());
    out.put("mfaEnabled", identity.totp().active(m.userId()));
    out.put("updatedAt", m.updatedAt());
    out.put("updatedBy", m.actor());
    return out;
  }
}
