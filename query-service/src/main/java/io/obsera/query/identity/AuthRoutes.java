package io.obsera.query.identity;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.obsera.identity.Identity;
import io.obsera.identity.IdentityConfig;
import io.obsera.identity.IdentityException;
import io.obsera.identity.MembershipRecord;
import io.obsera.identity.SignIn;
import io.obsera.identity.UserRecord;
import io.obsera.identity.sso.SsoSettingsStore;
import io.obsera.query.api.ApiException;
import io.obsera.query.api.Auth;
import io.obsera.query.api.JsonBodies;
import io.obsera.query.api.Principal;
import io.obsera.query.audit.AuditTrail;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Signing in and out: {@code POST /api/v1/auth/login}, {@code POST /api/v1/auth/logout}, {@code GET
 * /api/v1/me}, {@code POST /api/v1/auth/switch}, and the password reset: {@code POST
 * /api/v1/auth/password-reset} (always 202, whether the account exists or not) and {@code POST
 * /api/v1/auth/password-reset/{token}}. The session token travels only in an {@code HttpOnly;
 * SameSite=Lax} cookie ({@code Secure} when the request came over TLS); the answer carries the CSRF
 * token the client sends back in {@code X-CSRF-Token}.
 */
public final class AuthRoutes {
  private final Auth auth;
  private final Identity identity;
  private final Duration sessionMax;
  private final ClientOrigin origin;
  private final String publicOtlpUrl;
  private final String publicUrl;
  private final SsoSettingsStore sso;

  public AuthRoutes(Auth auth, Identity identity, IdentityConfig config) {
    this(auth, identity, config, null);
  }

  /**
   * @param sso the tenants' single sign-on configurations: password sign-in into a tenant that
   *     requires single sign-on is refused (403); null: none
   */
  public AuthRoutes(Auth auth, Identity identity, IdentityConfig config, SsoSettingsStore sso) {
    this.auth = auth;
    this.sso = sso;
    this.identity = identity;
    this.publicOtlpUrl = config.publicOtlpUrl();
    this.publicUrl = config.publicUrl();
    this.sessionMax = config.sessionMax();
    this.origin = new ClientOrigin(config.trustedProxies());
  }

  public void register(JavalinConfig cfg) {
    cfg.routes.post("/api/v1/auth/login", this::login);
    cfg.routes.post("/api/v1/auth/logout", this::logout);
    cfg.routes.post("/api/v1/auth/switch", this::switchTenant);
    cfg.routes.get("/api/v1/me", this::me);
    cfg.routes.post("/api/v1/auth/password-reset", this::requestReset);
    cfg.routes.post("/api/v1/auth/password-reset/{token}", this::resetPassword);
  }

  /**
   * Asks for a reset link by mail. The answer is 202 and takes the same time whether the address
   * has an account or not: the lookup and the mail happen after it, in the background.
   */
  private void requestReset(Context ctx) throws IOException {
    JsonNode body = JsonBodies.object(ctx);
    JsonBodies.requireKnownFields(body, Set.of("email"), Set.of());
    String email = required(body, "email");
    ctx.attribute(AuditTrail.ACTOR, "email:" + UserRecord.normalizeEmail(email));
    identity.requestPasswordReset(email);
    ctx.status(202)
        .json(
            Map.of(
                "message",
                "if an account exists for this address, a link to set a new password is on its"
                    + " way"));
  }

  /** Sets a new password through a reset link: 204; every session of the account ends. */
  private void resetPassword(Context ctx) throws IOException {
    JsonNode body = JsonBodies.object(ctx);
    JsonBodies.requireKnownFields(body, Set.of("password"), Set.of());
    String password = required(body, "password");
    UserRecord user = identity.resetPassword(ctx.pathParam("token"), password);
    ctx.attribute(AuditTrail.ACTOR, "user:" + user.id());
    ctx.attribute(AuditTrail.TENANT, attemptedTenant(user.email(), null));
    ctx.status(204);
  }

  private void login(Context ctx) throws IOException {
    JsonNode body = JsonBodies.object(ctx);
    JsonBodies.requireKnownFields(
        body, Set.of("email", "password", "tenant", "totp", "recoveryCode"), Set.of());
    String email = required(body, "email");
    String password = required(body, "password");
    ctx.attribute(AuditTrail.ACTOR, "email:" + UserRecord.normalizeEmail(email));
    ctx.attribute(AuditTrail.TENANT, attemptedTenant(email, JsonBodies.text(body, "tenant")));
    SignIn in =
        identity.login(
            email,
            password,
            TotpRoutes.proof(body, "totp"),
            JsonBodies.text(body, "tenant"),
            origin.address(ctx));
    refuseWhereSsoRequired(in);
    audited(ctx, in);
    SignedIn.answer(ctx, sessionMax, origin.overTls(ctx), in);
  }

  /**
   * Ends the new session and refuses (403) when the tenant signed into requires single sign-on;
   * checked after the password so the answer tells nothing to whoever does not know it.
   */
  private void refuseWhereSsoRequired(SignIn in) {
    if (sso != null && sso.ssoRequired(in.tenantId())) {
      identity.sessions().revoke(in.session().token());
      throw new IdentityException(
          IdentityException.Kind.FORBIDDEN,
          "tenant "
              + in.tenantId()
              + " requires single sign-on: sign in with its identity provider (see GET"
              + " /api/v1/auth/methods?tenant="
              + in.tenantId()
              + ")");
    }
  }

  private void logout(Context ctx) {
    Principal p = sessionOf(ctx);
    identity.sessions().revoke(p.sessionToken());
    ctx.header("Set-Cookie", SignedIn.cookie("", Duration.ZERO, origin.overTls(ctx)));
    ctx.status(204);
  }

  private void switchTenant(Context ctx) throws IOException {
    Principal p = sessionOf(ctx);
    JsonNode body = JsonBodies.object(ctx);
    JsonBodies.requireKnownFields(body, Set.of("tenant"), Set.of());
    String tenant = required(body, "tenant");
    UserRecord user =
        identity
            .directory()
            .user(p.userId())
            .orElseThrow(() -> ApiException.unauthorized("the account no longer exists"));
    SignIn in = identity.passwordSignIn(user, tenant);
    // a session does not record how it began: into a tenant that requires single sign-on, only
    // through its identity provider
    refuseWhereSsoRequired(in);
    identity.sessions().revoke(p.sessionToken());
    audited(ctx, in);
    SignedIn.answer(ctx, sessionMax, origin.overTls(ctx), in);
  }

  private void me(Context ctx) {
    Principal p = auth.principal(ctx);
    Map<String, Object> body = new LinkedHashMap<>();
    if (p.isSession()) {
      UserRecord u =
          identity
              .directory()
              .user(p.userId())
              .orElseThrow(() -> ApiException.unauthorized("the account no longer exists"));
      body.put("user", SignedIn.user(u));
      body.put("tenant", p.tenantId());
      body.put("role", p.role());
      body.put("tenants", SignedIn.tenants(identity.directory().membershipsOf(u.id())));
      body.put("csrfToken", io.obsera.identity.Sessions.csrfToken(p.sessionToken()));
      body.put("mfaEnabled", identity.totp().active(u.id()));
      body.put("mfaEnrolmentRequired", TotpRoutes.restricted(identity, p));
    } else {
      body.put("user", null);
      body.put("tenant", p.tenantId());
      body.put("role", p.role());
      body.put("tenants", List.of(Map.of("tenant", p.tenantId(), "role", p.role())));
      body.put("csrfToken", null);
    }
    body.put("otlpUrl", publicOtlpUrl);
    // the base of the addresses the web UI shows for pasting elsewhere (status page embeds and
    // badges): the operator's, never the browser's, which differs behind a proxy
    body.put("publicUrl", publicUrl);
    ctx.json(body);
  }

  private Principal sessionOf(Context ctx) {
    Principal p = auth.principal(ctx);
    if (!p.isSession()) {
      throw ApiException.badRequest("this route is for signed-in users (session cookie), not keys");
    }
    return p;
  }

  /**
   * The tenant a failed sign-in is filed under in the audit log, so its admins see it: the one
   * asked for, else the account's first; {@code ""} for an unknown account.
   */
  private String attemptedTenant(String email, String requested) {
    if (requested != null) {
      return requested;
    }
    return identity
        .directory()
        .userByEmail(email)
        .flatMap(u -> identity.directory().membershipsOf(u.id()).stream().findFirst())
        .map(MembershipRecord::tenantId)
        .orElse("");
  }

  /** Names who signed in, and where, for the audit trail. */
  static void audited(Context ctx, SignIn in) {
    ctx.attribute(AuditTrail.ACTOR, "user:" + in.user().id());
    ctx.attribute(AuditTrail.TENANT, in.tenantId());
  }

  static String required(JsonNode body, String field) {
    String v = JsonBodies.text(body, field);
    if (v == null || v.isBlank()) {
      throw ApiException.badRequest("field '" + field + "' is required");
    }
    return v;
  }
}
