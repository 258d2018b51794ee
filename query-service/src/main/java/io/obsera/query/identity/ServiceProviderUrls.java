package io.obsera.query.identity;

import io.javalin.http.Context;
import io.obsera.identity.saml.SamlSettings;
import io.obsera.identity.sso.SsoSettings;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The addresses an identity provider is configured with, as the sign-in flows use them: from {@code
 * OBSERA_PUBLIC_URL}; without it, the OIDC and GitHub callbacks from the request's own address (the
 * flow's start and callback requests) and no SAML at all (its entity id and assertion consumer URL
 * are never taken from a request). The settings page shows these, so an admin copies what the
 * server checks rather than the browser's address.
 */
final class ServiceProviderUrls {
  private ServiceProviderUrls() {}

  /** Where {@code provider} (oidc, github) sends the browser back to. */
  static URI callback(String publicUrl, Context ctx, String provider) {
    return URI.create(base(publicUrl, ctx) + "/api/v1/auth/" + provider + "/callback");
  }

  private static String base(String publicUrl, Context ctx) {
    return publicUrl != null ? publicUrl : ctx.scheme() + "://" + ctx.host();
  }

  /**
   * {@code {entityId, acsUrl, metadataUrl, oidcCallbackUrl, githubCallbackUrl, signInUrl}} of
   * {@code tenant}; the SAML ones null without a public URL.
   */
  static Map<String, Object> of(String publicUrl, Context ctx, String tenant) {
    Map<String, Object> out = new LinkedHashMap<>();
    String entityId = publicUrl == null ? null : SamlSettings.spEntityId(publicUrl, tenant);
    out.put("entityId", entityId);
    out.put("acsUrl", publicUrl == null ? null : SamlSettings.acsUrl(publicUrl, tenant));
    // the entity id is the address of our SP metadata
    out.put("metadataUrl", entityId);
    out.put("oidcCallbackUrl", callback(publicUrl, ctx, SsoSettings.OIDC).toString());
    out.put("githubCallbackUrl", callback(publicUrl, ctx, SsoSettings.GITHUB).toString());
    out.put(
        "signInUrl",
        base(publicUrl, ctx)
            + "/login?tenant="
            + URLEncoder.encode(tenant, StandardCharsets.UTF_8));
    return out;
  }
}
