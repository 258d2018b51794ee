package io.obsera.query.identity;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.obsera.identity.IdentityConfig;
import io.obsera.identity.saml.AssertionReplayCache;
import io.obsera.identity.saml.IdpMetadataFetcher;
import io.obsera.identity.saml.SamlIdentity;
import io.obsera.identity.saml.SamlRequests;
import io.obsera.identity.saml.SamlResponseValidator;
import io.obsera.identity.saml.SamlSettings;
import io.obsera.identity.saml.SpMetadata;
import io.obsera.identity.sso.ExternalIdentity;
import io.obsera.identity.sso.SsoSettings;
import io.obsera.identity.sso.SsoSettingsStore;
import io.obsera.platform.crypto.SecretBox;
import io.obsera.query.api.ApiException;
import java.time.Clock;
import java.util.List;

/**
 * SAML 2.0 sign-in, as a service provider per tenant: {@code GET
 * /api/v1/auth/saml/{tenant}/metadata} (our SP metadata), {@code GET .../start} (302 to the IdP
 * with an AuthnRequest, HTTP-Redirect binding; the request ID sealed in a cookie) and {@code POST
 * .../acs} (the IdP's response, HTTP-POST binding: checked by {@link SamlResponseValidator}, then
 * signed in through {@link SsoLanding}). Entity id and ACS URL come from {@code OBSERA_PUBLIC_URL}
 * only; without it these routes answer 409.
 */
public final class SamlRoutes {
  private static final String BASE = "/api/v1/auth/saml/{tenant}";

  private final SsoSettingsStore store;
  private final SsoLanding landing;
  private final String publicUrl;
  private final SamlRequests requests;
  private final AssertionReplayCache replays;
  private final IdpMetadataFetcher metadata;
  private final Clock clock;

  public SamlRoutes(
      SsoSettingsStore store,
      SsoLanding landing,
      IdentityConfig config,
      SecretBox box,
      IdpMetadataFetcher metadata,
      Clock clock) {
    this.store = store;
    this.metadata = metadata;
    this.landing = landing;
    this.publicUrl = config.publicUrl();
    this.requests = new SamlRequests(box, clock);
    this.replays = new AssertionReplayCache(clock);
    this.clock = clock;
  }

  public void register(JavalinConfig cfg) {
    cfg.routes.get(BASE + "/metadata", this::metadata);
    cfg.routes.get(BASE + "/start", this::start);
    cfg.routes.post(BASE + "/acs", this::acs);
  }

  private void metadata(Context ctx) {
    String tenant = ctx.pathParam("tenant");
    requirePublicUrl();
    ctx.contentType("application/samlmetadata+xml; charset=utf-8")
        .result(
            SpMetadata.xml(
                SamlSettings.spEntityId(publicUrl, tenant),
                SamlSettings.acsUrl(publicUrl, tenant)));
  }

  private void start(Context ctx) {
    String tenant = ctx.pathParam("tenant");
    SamlRequests.Started started = requests.start(tenant, settings(tenant));
    ctx.header(
        "Set-Cookie", cookie(started.cookieValue(), SamlRequests.REQUEST_TTL.toSeconds(), ctx));
    ctx.redirect(started.redirectUrl(), HttpStatus.FOUND);
  }

  private void acs(Context ctx) {
    String tenant = ctx.pathParam("tenant");
    SsoLanding.audit(ctx, tenant, SsoSettings.SAML + ":unverified");
    try {
      SamlSettings settings = settings(tenant);
      String requestId = requests.requestId(tenant, ctx.cookie(SamlRequests.COOKIE));
      SamlIdentity who =
          new SamlResponseValidator(settings, replays, clock)
              .validate(ctx.formParam("SAMLResponse"), requestId);
      landing.land(
          ctx,
          tenant,
          new ExternalIdentity(
              SsoSettings.SAML, who.nameId(), who.email(), true, displayName(who), who.groups()));
    } finally {
      ctx.res().addHeader("Set-Cookie", cookie("", 0, ctx));
    }
  }

  /** A display name from the usual attributes, else null (the email is used). */
  private static String displayName(SamlIdentity who) {
    for (String name : List.of("displayName", "name", "cn")) {
      List<String> v = who.attributes().get(name);
      if (v != null && !v.isEmpty() && !v.get(0).isBlank()) {
        return v.get(0);
      }
    }
    return null;
  }

  private SamlSettings settings(String tenant) {
    requirePublicUrl();
    SsoSettings.Saml saml =
        store
            .get(tenant)
            .map(SsoSettings::saml)
            .orElseThrow(() -> ApiException.notFound("tenant " + tenant + " has no SAML sign-in"));
    try {
      return SamlSettings.of(publicUrl, tenant, saml, metadata::xml);
    } catch (IllegalArgumentException e) {
      throw ApiException.conflict(
          "the SAML configuration of tenant " + tenant + " is not usable: " + e.getMessage());
    }
  }

  private void requirePublicUrl() {
    if (publicUrl == null) {
      throw ApiException.conflict(
          "SAML sign-in needs OBSERA_PUBLIC_URL: the identity provider is configured with"
              + " addresses derived from it");
    }
  }

  /**
   * The request cookie. The IdP's answer is a cross-site POST, which a {@code SameSite=Lax} cookie
   * does not follow: over TLS it is {@code SameSite=None; Secure}; over plain HTTP (development) it
   * has no SameSite attribute, the browser's default.
   */
  private String cookie(String value, long maxAgeSeconds, Context ctx) {
    return SamlRequests.COOKIE
        + "="
        + value
        + "; Path=/api/v1/auth/saml/; Max-Age="
        + maxAgeSeconds
        + "; HttpOnly"
        + (landing.overTls(ctx) ? "; SameSite=None; Secure" : "");
  }
}
