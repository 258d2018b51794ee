package io.obsera.query.identity;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.obsera.identity.Identity;
import io.obsera.identity.IdentityConfig;
import io.obsera.identity.IdentityException;
import io.obsera.identity.IdentityMail;
import io.obsera.identity.InviteRecord;
import io.obsera.identity.Invites;
import io.obsera.identity.SignIn;
import io.obsera.identity.UserRecord;
import io.obsera.model.control.Role;
import io.obsera.query.admin.TenantAdmin;
import io.obsera.query.api.Auth;
import io.obsera.query.api.JsonBodies;
import io.obsera.query.api.Principal;
import io.obsera.query.audit.AuditTrail;
import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Invites: a tenant admin's {@code /api/v1/invites} (create, list, revoke, resend), the public
 * {@code GET /api/v1/invites/{token}} and {@code POST /api/v1/invites/{token}/accept}, and the
 * operator's bootstrap {@code POST /api/v1/admin/tenants/{tenant}/invites} (admin token). With the
 * operator's mail sender ({@code OBSERA_MAIL_*}) a new or resent invite's link is mailed to its
 * address and the answer says {@code emailed: true} without it; without one the answer carries the
 * link (it holds the token, shown once) for the admin to pass on.
 */
public final class InviteRoutes {
  private final Auth auth;
  private final Identity identity;
  private final TenantAdmin tenants;
  private final IdentityConfig config;
  private final Clock clock;

  public InviteRoutes(
      Auth auth, Identity identity, TenantAdmin tenants, IdentityConfig config, Clock clock) {
    this.auth = auth;
    this.identity = identity;
    this.tenants = tenants;
    this.config = config;
    this.clock = clock;
  }

  public void register(JavalinConfig cfg) {
    cfg.routes.post("/api/v1/invites", this::create);
    cfg.routes.get("/api/v1/invites", this::list);
    cfg.routes.delete("/api/v1/invites/{id}", this::revoke);
    cfg.routes.post("/api/v1/invites/{id}/resend", this::resend);
    cfg.routes.get("/api/v1/invites/{token}", this::peek);
    cfg.routes.post("/api/v1/invites/{token}/accept", this::accept);
    cfg.routes.post("/api/v1/admin/tenants/{tenant}/invites", this::bootstrap);
  }

  private void create(Context ctx) throws IOException {
    Principal p = auth.principal(ctx);
    issued(ctx, invite(ctx, p.tenantId(), p.actor()));
  }

  private void bootstrap(Context ctx) throws IOException {
    String tenant = tenants.tenant(ctx.pathParam("tenant")).id();
    issued(ctx, invite(ctx, tenant, "admin"));
  }

  private Invites.Issued invite(Context ctx, String tenant, String actor) throws IOException {
    JsonNode body = JsonBodies.object(ctx);
    JsonBodies.requireKnownFields(body, Set.of("email", "role"), Set.of());
    String email = AuthRoutes.required(body, "email");
    Role role = Role.parse("role", AuthRoutes.required(body, "role"));
    return identity.invites().create(tenant, email, role, actor);
  }

  private void list(Context ctx) {
    ctx.json(
        Map.of(
            "items", identity.invites().list(auth.tenant(ctx)).stream().map(this::view).toList()));
  }

  private void revoke(Context ctx) {
    Principal p = auth.principal(ctx);
    identity.invites().revoke(p.tenantId(), ctx.pathParam("id"), p.actor());
    ctx.status(204);
  }

  private void resend(Context ctx) {
    Principal p = auth.principal(ctx);
    Invites.Issued again = identity.invites().resend(p.tenantId(), ctx.pathParam("id"), p.actor());
    ctx.status(200);
    answer(ctx, again);
  }

  private void peek(Context ctx) {
    InviteRecord i = identity.invites().byToken(ctx.pathParam("token"));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("tenant", i.tenantId());
    out.put("tenantName", tenants.tenant(i.tenantId()).name());
    out.put("email", i.email());
    out.put("role", i.role());
    out.put("expiresAt", i.expiresAt());
    ctx.json(out);
  }

  private void accept(Context ctx) throws IOException {
    JsonNode body = JsonBodies.object(ctx);
    JsonBodies.requireKnownFields(body, Set.of("name", "password", "email"), Set.of());
    String token = ctx.pathParam("token");
    InviteRecord invite = identity.invites().byToken(token);
    ctx.attribute(AuditTrail.TENANT, invite.tenantId());
    ctx.attribute(AuditTrail.ACTOR, "invite:" + invite.id());
    UserRecord user =
        identity
            .invites()
            .accept(
                token,
                JsonBodies.text(body, "email"),
                JsonBodies.text(body, "name"),
                AuthRoutes.required(body, "password"),
                identity.hasher());
    if (identity.totp().active(user.id())) {
      throw new IdentityException(
          IdentityException.Kind.MFA_REQUIRED,
          "invite accepted; this account signs in with a second factor: sign in with your code");
    }
    SignIn in = identity.passwordSignIn(user, invite.tenantId());
    AuthRoutes.audited(ctx, in);
    SignedIn.answer(
        ctx, config.sessionMax(), new ClientOrigin(config.trustedProxies()).overTls(ctx), in);
  }

  private void issued(Context ctx, Invites.Issued issued) {
    ctx.status(201);
    answer(ctx, issued);
  }

  private void answer(Context ctx, Invites.Issued issued) {
    InviteRecord i = issued.invite();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", i.id());
    out.put("email", i.email());
    out.put("role", i.role());
    out.put("expiresAt", i.expiresAt());
    IdentityMail mail = identity.mail();
    if (mail.configured() && i.email() != null) {
      mail.invite(issued, tenants.tenant(i.tenantId()).name());
      out.put("inviteUrl", null);
      out.put("emailed", true);
    } else {
      String base =
          config.publicUrl() != null ? config.publicUrl() : ctx.scheme() + "://" + ctx.host();
      out.put("inviteUrl", mail.inviteUrl(base, issued.token()));
      out.put("emailed", false);
    }
    ctx.json(out);
  }

  private Map<String, Object> view(InviteRecord i) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", i.id());
    out.put("email", i.email());
    out.put("role", i.role());
    out.put("status", i.status(clock.instant()));
    out.put("createdAt", i.createdAt());
    out.put("expiresAt", i.expiresAt());
    out.put("invitedBy", i.actor());
    return out;
  }
}
