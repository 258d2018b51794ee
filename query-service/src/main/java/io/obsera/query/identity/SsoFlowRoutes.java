package io.obsera.query.identity;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.obsera.identity.IdentityConfig;
import io.obsera.identity.IdentityException;
import io.obsera.identity.sso.ExternalIdentity;
import io.obsera.identity.sso.GitHubClient;
import io.obsera.identity.sso.OidcClient;
import io.obsera.identity.sso.SsoFlow;
import io.obsera.identity.sso.SsoSettings;
import io.obsera.identity.sso.SsoSettingsStore;
import io.obsera.platform.crypto.SecretBox;
import java.net.URI;
import java.time.Clock;

/**
 * The browser side of OIDC and GitHub sign-in: {@code GET
 * /api/v1/auth/{oidc|github}/{tenant}/start} answers 302 to the provider and keeps the flow
 * (tenant, state, nonce, PKCE verifier) in a sealed {@code HttpOnly; SameSite=Lax} cookie on {@code
 * /api/v1/auth/} for 10 minutes; {@code GET /api/v1/auth/{oidc|github}/callback} checks the state
 * against that cookie, finishes with the provider and lands through {@link SsoLanding}. The
 * provider is told to come back to {@code OBSERA_PUBLIC_URL} (else the request's own address) + the
 * callback path, which must be the redirect URI registered with the provider.
 */
public final class SsoFlowRoutes {
  /** The cookie holding the sealed flow. */
  static final String FLOW_COOKIE = "obsera_sso";

  private final SsoSettingsStore settings;
  private final OidcClient oidc;
  private final GitHubClient github;
  private final SsoLanding landing;
  private final SecretBox box;
  private final String publicUrl;
  private final Clock clock;

  public SsoFlowRoutes(
      SsoSettingsStore settings,
      OidcClient oidc,
      GitHubClient github,
      SsoLanding landing,
      SecretBox box,
      IdentityConfig config,
      Clock clock) {
    this.settings = settings;
    this.oidc = oidc;
    this.github = github;
    this.landing = landing;
    this.box = box;
    this.publicUrl = config.publicUrl();
    this.clock = clock;
  }

  public void register(JavalinConfig cfg) {
    cfg.routes.get("/api/v1/auth/oidc/{tenant}/start", ctx -> start(ctx, SsoSettings.OIDC));
    cfg.routes.get("/api/v1/auth/oidc/callback", ctx -> callback(ctx, SsoSettings.OIDC));
    cfg.routes.get("/api/v1/auth/github/{tenant}/start", ctx -> start(ctx, SsoSettings.GITHUB));
    cfg.routes.get("/api/v1/auth/github/callback", ctx -> callback(ctx, SsoSettings.GITHUB));
  }

  private void start(Context ctx, String provider) {
    String tenant = ctx.pathParam("tenant");
    SsoSettings s = configured(tenant, provider);
    URI callback = callbackUri(ctx, provider);
    OidcClient.Start start =
        provider.equals(SsoSettings.OIDC)
            ? oidc.start(tenant, s.oidc(), callback)
            : github.start(tenant, s.github(), callback);
    ctx.header("Set-Cookie", cookie(start.flow().seal(box), SsoFlow.TTL.toSeconds(), ctx));
    ctx.header("Cache-Control", "no-store");
    ctx.redirect(start.redirect().toString(), HttpStatus.FOUND);
  }

  private void callback(Context ctx, String provider) {
    SsoLanding.audit(ctx, "", "anonymous");
    // the flow is single-use: whatever happens next, the browser forgets it
    ctx.res().addHeader("Set-Cookie", cookie("", 0, ctx));
    String error = ctx.queryParam("error");
    SsoFlow flow =
        SsoFlow.open(
            box, ctx.cookie(FLOW_COOKIE), provider, ctx.queryParam("state"), clock.instant());
    SsoLanding.audit(ctx, flow.tenant(), provider + ":unverified");
    if (error != null) {
      throw new IdentityException(
          IdentityException.Kind.BAD_REQUEST,
          "the identity provider answered " + error.replaceAll("[^A-Za-z0-9_.-]", "?"));
    }
    SsoSettings s = configured(flow.tenant(), provider);
    URI callback = callbackUri(ctx, provider);
    String code = ctx.queryParam("code");
    ExternalIdentity who =
        provider.equals(SsoSettings.OIDC)
            ? oidc.finish(s.oidc(), settings.clientSecret(s, provider), callback, code, flow)
            : github.finish(s.github(), settings.clientSecret(s, provider), callback, code, flow);
    landing.land(ctx, flow.tenant(), who);
  }

  private SsoSettings configured(String tenant, String provider) {
    return settings
        .get(tenant)
        .filter(s -> s.providers().contains(provider))
        .orElseThrow(
            () ->
                new IdentityException(
                    IdentityException.Kind.NOT_FOUND,
                    "tenant " + tenant + " does not offer sign-in with " + provider));
  }

  private URI callbackUri(Context ctx, String provider) {
    return ServiceProviderUrls.callback(publicUrl, ctx, provider);
  }

  private String cookie(String value, long maxAgeSeconds, Context ctx) {
    return FLOW_COOKIE
        + "="
        + value
        + "; Path=/api/v1/auth/; Max-Age="
        + maxAgeSeconds
        + "; HttpOnly; SameSite=Lax"
        + (landing.overTls(ctx) ? "; Secure" : "");
  }
}
