package io.obsera.query.identity;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.obsera.identity.IdentityConfig;
import io.obsera.identity.sso.SsoDraft;
import io.obsera.identity.sso.SsoSettings;
import io.obsera.identity.sso.SsoSettingsStore;
import io.obsera.query.api.ApiException;
import io.obsera.query.api.Auth;
import io.obsera.query.api.JsonBodies;
import io.obsera.query.api.Principal;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A tenant's single sign-on configuration, {@code PUT|GET|DELETE /api/v1/sso} (admins; audited with
 * before and after, secrets redacted; answers show each stored secret as {@code "***"}), and the
 * public {@code GET /api/v1/auth/methods?tenant=}: whether password sign-in is offered and which
 * providers, with the URL that starts each, and the addresses the identity provider is given
 * ({@link ServiceProviderUrls}: public anyway, as our SAML metadata is).
 */
public final class SsoRoutes {
  private static final Set<String> FIELDS =
      Set.of(
          "oidc",
          "github",
          "saml",
          "allowedEmailDomains",
          "jitProvisioning",
          "defaultRole",
          "groupRoleMappings",
          "ssoRequired");
  private static final Set<String> READ_ONLY = Set.of("tenant", "updatedAt", "actor");

  private final Auth auth;
  private final SsoSettingsStore store;
  private final String publicUrl;

  /**
   * @param config its public URL ({@code OBSERA_PUBLIC_URL}) is the base of the addresses {@code
   *     /api/v1/auth/methods} gives for the identity provider
   */
  public SsoRoutes(Auth auth, SsoSettingsStore store, IdentityConfig config) {
    this.auth = auth;
    this.store = store;
    this.publicUrl = config.publicUrl();
  }

  public void register(JavalinConfig cfg) {
    cfg.routes.get("/api/v1/sso", this::get);
    cfg.routes.put("/api/v1/sso", this::put);
    cfg.routes.delete("/api/v1/sso", this::delete);
    cfg.routes.get("/api/v1/auth/methods", this::methods);
  }

  private void get(Context ctx) {
    String tenant = auth.principal(ctx).tenantId();
    ctx.json(
        view(
            store
                .get(tenant)
                .orElseThrow(
                    () -> ApiException.notFound("tenant " + tenant + " has no single sign-on"))));
  }

  private void put(Context ctx) throws IOException {
    Principal p = auth.principal(ctx);
    JsonNode body = JsonBodies.object(ctx);
    JsonBodies.requireKnownFields(body, FIELDS, READ_ONLY);
    ObjectSections.check(body);
    SsoDraft draft = JsonBodies.read(body, SsoDraft.class, "");
    ctx.json(view(store.put(p.tenantId(), draft, p.actor())));
  }

  private void delete(Context ctx) {
    store.delete(auth.principal(ctx).tenantId());
    ctx.status(204);
  }

  private void methods(Context ctx) {
    String tenant = ctx.queryParam("tenant");
    if (tenant == null || tenant.isBlank()) {
      throw ApiException.badRequest("query parameter 'tenant' is required");
    }
    SsoSettings s = store.get(tenant).orElse(null);
    List<Map<String, String>> sso = new ArrayList<>();
    if (s != null) {
      for (String provider : s.providers()) {
        sso.add(
            Map.of(
                "provider",
                provider,
                "startUrl",
                "/api/v1/auth/" + provider + "/" + tenant + "/start"));
      }
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("tenant", tenant);
    body.put("password", s == null || !s.ssoRequired());
    body.put("sso", sso);
    body.put("serviceProvider", ServiceProviderUrls.of(publicUrl, ctx, tenant));
    ctx.json(body);
  }

  /** The configuration as answered: every stored secret shown as {@code "***"}. */
  static Map<String, Object> view(SsoSettings s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("tenant", s.tenantId());
    if (s.oidc() != null) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("issuer", s.oidc().issuer());
      o.put("clientId", s.oidc().clientId());
      o.put("clientSecret", SsoSettingsStore.MASK);
      o.put("groupsClaim", s.oidc().groupsClaim());
      m.put("oidc", o);
    }
    if (s.github() != null) {
      Map<String, Object> g = new LinkedHashMap<>();
      g.put("clientId", s.github().clientId());
      g.put("clientSecret", SsoSettingsStore.MASK);
      g.put("org", s.github().org());
      g.put("teamRoles", s.github().teamRoles());
      m.put("github", g);
    }
    if (s.saml() != null) {
      m.put("saml", s.saml());
    }
    m.put("allowedEmailDomains", s.allowedEmailDomains());
    m.put("jitProvisioning", s.jitProvisioning());
    m.put("defaultRole", s.defaultRole());
    m.put("groupRoleMappings", s.groupRoleMappings());
    m.put("ssoRequired", s.ssoRequired());
    m.put("updatedAt", s.updatedAt());
    m.put("actor", s.actor());
    return m;
  }

  /** Unknown fields inside the provider sections are refused too (400 naming them). */
  private static final class ObjectSections {
    static void check(JsonNode body) {
      section(body, "oidc", Set.of("issuer", "clientId", "clientSecret", "groupsClaim"));
      section(body, "github", Set.of("clientId", "clientSecret", "org", "teamRoles"));
      section(
          body,
          "saml",
          Set.of(
              "idpMetadataXml",
              "idpMetadataUrl",
              "idpEntityId",
              "idpSsoUrl",
              "idpCertificate",
              "groupsAttribute"));
    }

    private static void section(JsonNode body, String name, Set<String> fields) {
      JsonNode s = body.get(name);
      if (s == null || s.isNull()) {
        return;
      }
      if (!s.isObject()) {
        throw ApiException.badRequest("field '" + name + "' must be an object");
      }
      s.fieldNames()
          .forEachRemaining(
              f -> {
                if (!fields.contains(f)) {
                  throw ApiException.badRequest(
                      "unknown field '"
                          + name
                          + "."
                          + f
                          + "'; known: "
                          + new java.util.TreeSet<>(fields));
                }
              });
    }
  }
}
