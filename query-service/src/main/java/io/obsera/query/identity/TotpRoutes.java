package io.obsera.query.identity;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.obsera.identity.AuthPolicyRecord;
import io.obsera.identity.Identity;
import io.obsera.identity.IdentityConfig;
import io.obsera.identity.SignIn;
import io.obsera.identity.TotpEnrolments;
import io.obsera.identity.TotpRecord;
import io.obsera.identity.UserRecord;
import io.obsera.query.api.ApiException;
import io.obsera.query.api.Auth;
import io.obsera.query.api.JsonBodies;
import io.obsera.query.api.Principal;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Multi-factor sign-in (TOTP): the signed-in user's own enrolment ({@code GET|POST|DELETE
 * /api/v1/me/totp}, {@code POST /api/v1/me/totp/verify}) and the tenant's policy ({@code GET|PUT
 * /api/v1/auth/policy}, admins). Verifying an enrolment (turning MFA on) ends every other session
 * of the account on every instance. Verifying the enrolment of a session restricted to enrolment
 * (its tenant requires MFA) ends that session too and starts a full one: a new cookie and CSRF
 * token. An admin's reset of a member's enrolment is in {@link MemberRoutes}.
 */
public final class TotpRoutes {
  private final Auth auth;
  private final Identity identity;
  private final Duration sessionMax;
  private final ClientOrigin origin;

  public TotpRoutes(Auth auth, Identity identity, IdentityConfig config) {
    this.auth = auth;
    this.identity = identity;
    this.sessionMax = config.sessionMax();
    this.origin = new ClientOrigin(config.trustedProxies());
  }

  public void register(JavalinConfig cfg) {
    cfg.routes.get("/api/v1/me/totp", this::status);
    cfg.routes.post("/api/v1/me/totp", this::enrol);
    cfg.routes.post("/api/v1/me/totp/verify", this::verify);
    cfg.routes.delete("/api/v1/me/totp", this::disable);
    cfg.routes.get("/api/v1/auth/policy", this::policy);
    cfg.routes.put("/api/v1/auth/policy", this::putPolicy);
  }

  private void status(Context ctx) {
    UserRecord u = userOf(ctx);
    Map<String, Object> body = new LinkedHashMap<>();
    TotpRecord r = identity.totp().of(u.id()).orElse(null);
    body.put("enabled", r != null && r.active());
    body.put("pending", r != null && !r.active());
    body.put("verifiedAt", r == null ? null : r.verifiedAt());
    body.put("recoveryCodesLeft", r == null || !r.active() ? 0 : r.recoveryCodeSha256().size());
    body.put("tenantRequiresMfa", identity.policies().mfaRequired(auth.tenant(ctx)));
    ctx.json(body);
  }

  /**
   * A new secret and recovery codes, shown once: 201 {@code {otpauthUri, secret, recoveryCodes}}.
   */
  private void enrol(Context ctx) {
    TotpEnrolments.Enrolment e = identity.totp().enrol(userOf(ctx));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("otpauthUri", e.otpauthUri());
    body.put("secret", e.secret());
    body.put("recoveryCodes", e.recoveryCodes());
    ctx.status(201).json(body);
  }

  private void verify(Context ctx) throws IOException {
    Principal p = auth.principal(ctx);
    UserRecord u = userOf(ctx);
    JsonNode body = JsonBodies.object(ctx);
    JsonBodies.requireKnownFields(body, Set.of("code"), Set.of());
    TotpRecord r = identity.verifyTotp(u, AuthRoutes.required(body, "code"), origin.address(ctx));
    // MFA is on: every other session of the account ends on every instance (one taken over
    // before does not outlive it); only the caller's stays, or the full one replacing it
    if (restricted(identity, p)) {
      SignIn in = identity.passwordSignIn(u, p.tenantId());
      identity.sessions().revokeOthersOf(u.id(), in.session().token());
      SignedIn.answer(ctx, sessionMax, origin.overTls(ctx), in);
      return;
    }
    identity.sessions().revokeOthersOf(u.id(), p.sessionToken());
    ctx.json(Map.of("enabled", r.active(), "recoveryCodesLeft", r.recoveryCodeSha256().size()));
  }

  /**
   * Turns MFA off with a fresh code or a recovery code ({@code {code}} or {@code {recoveryCode}});
   * every other session of the account ends, this one stays.
   */
  private void disable(Context ctx) throws IOException {
    UserRecord u = userOf(ctx);
    JsonNode body = ctx.body().isBlank() ? null : JsonBodies.object(ctx);
    if (body != null) {
      JsonBodies.requireKnownFields(body, Set.of("code", "recoveryCode"), Set.of());
    }
    identity.disableTotp(
        u,
        body == null ? TotpEnrolments.Proof.NONE : proof(body, "code"),
        origin.address(ctx),
        auth.principal(ctx).sessionToken());
    ctx.status(204);
  }

  private void policy(Context ctx) {
    ctx.json(view(identity.policies().of(auth.tenant(ctx))));
  }

  private void putPolicy(Context ctx) throws IOException {
    Principal p = auth.principal(ctx);
    JsonNode body = JsonBodies.object(ctx);
    JsonBodies.requireKnownFields(body, Set.of("mfaRequired"), Set.of("updatedAt", "updatedBy"));
    JsonNode required = body.get("mfaRequired");
    if (required == null || !required.isBoolean()) {
      throw ApiException.badRequest("field 'mfaRequired' is required: true or false");
    }
    ctx.json(view(identity.policies().put(p.tenantId(), required.booleanValue(), p.actor())));
  }

  private static Map<String, Object> view(AuthPolicyRecord r) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("mfaRequired", r.mfaRequired());
    out.put("updatedAt", r.updatedAt());
    out.put("updatedBy", r.updatedBy());
    return out;
  }

  /** The second factor of a body: a TOTP code in {@code codeField}, or {@code recoveryCode}. */
  static TotpEnrolments.Proof proof(JsonNode body, String codeField) {
    return new TotpEnrolments.Proof(
        JsonBodies.text(body, codeField), JsonBodies.text(body, "recoveryCode"));
  }

  /** Whether {@code p}'s session may only enrol in multi-factor sign-in. */
  static boolean restricted(Identity identity, Principal p) {
    return p.isSession()
        && identity.session(p.sessionToken()).map(m -> m.session().restricted()).orElse(false);
  }

  private UserRecord userOf(Context ctx) {
    Principal p = auth.principal(ctx);
    if (!p.isSession()) {
      throw ApiException.badRequest("this route is for signed-in users (session cookie), not keys");
    }
    return identity
        .directory()
        .user(p.userId())
        .orElseThrow(() -> ApiException.unauthorized("the account no longer exists"));
  }
}
