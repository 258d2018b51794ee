package io.obsera.query.identity;

import io.javalin.http.Context;
import io.obsera.identity.IdentityConfig;
import io.obsera.identity.SignIn;
import io.obsera.identity.sso.ExternalIdentity;
import io.obsera.identity.sso.SsoSignIn;
import io.obsera.query.audit.AuditTrail;
import java.time.Duration;

/**
 * Where every single sign-on flow (OIDC, GitHub, SAML) ends: the verified identity goes through
 * {@link SsoSignIn} and, when let in, gets a session cookie exactly like a password sign-in's, and
 * the browser is sent to the web UI ({@link #AFTER_SIGN_IN}); the web UI reads its CSRF token from
 * {@code GET /api/v1/me}. Success and refusal alike are audited (also when the route is a GET),
 * under the tenant with the actor {@code <provider>:<subject>} and then {@code user:<id>}.
 */
public final class SsoLanding {
  /** Where the browser goes once signed in. */
  public static final String AFTER_SIGN_IN = "/services";

  private final SsoSignIn signIn;
  private final Duration sessionMax;
  private final ClientOrigin origin;

  public SsoLanding(SsoSignIn signIn, IdentityConfig config) {
    this.signIn = signIn;
    this.sessionMax = config.sessionMax();
    this.origin = new ClientOrigin(config.trustedProxies());
  }

  /**
   * Marks the request for the audit log under {@code tenant} (call first in a callback, so a
   * refusal before the identity is known is audited too).
   */
  public static void audit(Context ctx, String tenant, String actor) {
    ctx.attribute(AuditTrail.RECORD_GET, true);
    ctx.attribute(AuditTrail.TENANT, tenant);
    ctx.attribute(AuditTrail.ACTOR, actor);
  }

  /**
   * Signs {@code who} in to {@code tenant} and answers 302 to the web UI with the session cookie; a
   * refusal throws (403, mapped by {@code ApiErrors}) and creates nothing.
   */
  public void land(Context ctx, String tenant, ExternalIdentity who) {
    audit(ctx, tenant, who.actor());
    SignIn in = signIn.signIn(tenant, who);
    AuthRoutes.audited(ctx, in);
    ctx.res()
        .addHeader("Set-Cookie", SignedIn.cookie(in.session().token(), sessionMax, overTls(ctx)));
    ctx.redirect(AFTER_SIGN_IN, io.javalin.http.HttpStatus.FOUND);
  }

  /** Whether the request came over TLS (to us or a trusted proxy): cookies get {@code Secure}. */
  public boolean overTls(Context ctx) {
    return origin.overTls(ctx);
  }
}
