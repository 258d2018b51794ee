package io.obsera.identity.sso;

import io.obsera.identity.IdentityException;
import io.obsera.identity.saml.IdpMetadata;
import io.obsera.model.Topics;
import io.obsera.platform.control.ControlPlaneWriter;
import io.obsera.platform.control.ControlVerifier;
import io.obsera.platform.control.KeyedTopicView;
import io.obsera.platform.control.Visibility;
import io.obsera.platform.crypto.SealedRecords;
import io.obsera.platform.crypto.SecretBox;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The tenants' single sign-on configurations ({@code obsera.control.sso}, compacted, key: tenant):
 * checked, client secrets sealed under {@code OBSERA_SECRET_KEY} (bound to the tenant and the
 * provider, so a sealed value only opens where it was sealed; moved to a new key by a key rotation,
 * {@code SealedRecords}), written through the control-plane writer; a write returns once this
 * instance's view shows it.
 */
public final class SsoSettingsStore implements AutoCloseable {
  /** What a stored secret looks like in a GET or what a PUT sends to keep it. */
  public static final String MASK = "***";

  private static final Pattern DOMAIN =
      Pattern.compile("(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}");
  private static final Pattern GITHUB_ORG = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})");
  private static final int MAX_METADATA = 256 * 1024;

  private final KeyedTopicView<SsoSettings> view;
  private final ControlPlaneWriter writer;
  private final SecretBox box;
  private final Clock clock;

  public SsoSettingsStore(
      String bootstrap,
      Map<String, String> kafkaOverrides,
      ControlVerifier verifier,
      ControlPlaneWriter writer,
      SecretBox box,
      Clock clock) {
    this.view =
        new KeyedTopicView<>(
            bootstrap,
            kafkaOverrides,
            verifier,
            Topics.CONTROL_SSO,
            SsoSettings.class,
            (k, s) -> k.equals(s.tenantId()) ? null : "sso key does not match its tenant");
    this.writer = writer;
    this.box = box;
    this.clock = clock;
  }

  public SsoSettingsStore start() {
    view.start();
    return this;
  }

  public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
    return view.awaitCaughtUp(timeout);
  }

  /** The tenant's configuration as stored (secrets sealed); empty when it has none. */
  public Optional<SsoSettings> get(String tenant) {
    return view.get(tenant);
  }

  /** Whether password sign-in is refused for members of {@code tenant}. */
  public boolean ssoRequired(String tenant) {
    return get(tenant).map(SsoSettings::ssoRequired).orElse(false);
  }

  /**
   * Checks {@code draft}, seals its secrets and stores it as the tenant's configuration (replacing
   * any). 400 naming the field that is wrong.
   */
  public SsoSettings put(String tenant, SsoDraft draft, String actor) {
    if (draft == null) {
      throw bad("a JSON object is required");
    }
    Optional<SsoSettings> current = get(tenant);
    SsoSettings.Oidc oidc = oidc(tenant, draft.oidc(), current.map(SsoSettings::oidc));
    SsoSettings.GitHub github = github(tenant, draft.github(), current.map(SsoSettings::github));
    SsoSettings.Saml saml = saml(draft.saml());
    List<String> domains = new ArrayList<>();
    if (draft.allowedEmailDomains() != null) {
      for (String d : draft.allowedEmailDomains()) {
        String domain = d == null ? "" : d.strip().toLowerCase(Locale.ROOT);
        domain = domain.startsWith("@") ? domain.substring(1) : domain;
        if (!DOMAIN.matcher(domain).matches()) {
          throw bad(
              "field 'allowedEmailDomains' must list domains like example.com, got '" + d + "'");
        }
        domains.add(domain);
      }
    }
    boolean jit = Boolean.TRUE.equals(draft.jitProvisioning());
    if (jit && domains.isEmpty()) {
      throw bad(
          "field 'jitProvisioning' needs 'allowedEmailDomains': only verified emails of those"
              + " domains get accounts");
    }
    Map<String, io.obsera.model.control.Role> mappings =
        draft.groupRoleMappings() == null ? Map.of() : draft.groupRoleMappings();
    mappings.forEach(
        (group, role) -> {
          if (group == null || group.isBlank() || group.length() > 256 || role == null) {
            throw bad(
                "field 'groupRoleMappings' maps group names (1-256 characters) to ADMIN, EDITOR or"
                    + " VIEWER");
          }
        });
    boolean required = Boolean.TRUE.equals(draft.ssoRequired());
    if (required && oidc == null && github == null && saml == null) {
      throw bad("field 'ssoRequired' needs at least one provider (oidc, github or saml)");
    }
    SsoSettings s =
        new SsoSettings(
            tenant,
            oidc,
            github,
            saml,
            domains,
            jit,
            draft.defaultRole(),
            mappings,
            required,
            clock.instant(),
            actor);
    writer.put(Topics.CONTROL_SSO, tenant, s);
    Visibility.await("sso of " + tenant, () -> s.equals(view.get(tenant).orElse(null)));
    return s;
  }

  /** Removes the tenant's configuration: single sign-on ends, passwords work again. 404 if none. */
  public void delete(String tenant) {
    if (get(tenant).isEmpty()) {
      throw new IdentityException(
          IdentityException.Kind.NOT_FOUND, "tenant " + tenant + " has no single sign-on");
    }
    writer.delete(Topics.CONTROL_SSO, tenant);
    Visibility.await("removal of sso of " + tenant, () -> view.get(tenant).isEmpty());
  }

  /** The client secret of {@code provider} ({@code oidc} or {@code github}) in clear. */
  public String clientSecret(SsoSettings s, String provider) {
    String sealed =
        SsoSettings.OIDC.equals(provider)
            ? s.oidc().sealedClientSecret()
            : s.github().sealedClientSecret();
    try {
      return box.open(sealed, ad(s.tenantId(), provider));
    } catch (IllegalArgumentException e) {
      throw new IdentityException(
          IdentityException.Kind.BUSY,
          "the "
              + provider
              + " client secret of tenant "
              + s.tenantId()
              + " does not open ("
              + e.getMessage()
              + "); an admin must set it again");
    }
  }

  private SsoSettings.Oidc oidc(
      String tenant, SsoDraft.OidcDraft d, Optional<SsoSettings.Oidc> current) {
    if (d == null) {
      return null;
    }
    String issuer = url("oidc.issuer", d.issuer()).replaceAll("/+$", "");
    String clientId = text("oidc.clientId", d.clientId(), 256);
    String groupsClaim = d.groupsClaim();
    if (groupsClaim != null && (groupsClaim.isBlank() || groupsClaim.length() > 128)) {
      throw bad("field 'oidc.groupsClaim' must be a claim name (1-128 characters)");
    }
    String sealed =
        secret(
            tenant,
            SsoSettings.OIDC,
            d.clientSecret(),
            current
                .filter(c -> c.issuer().equals(issuer))
                .map(SsoSettings.Oidc::sealedClientSecret),
            "oidc.clientSecret",
            "the issuer");
    return new SsoSettings.Oidc(issuer, clientId, sealed, groupsClaim);
  }

  private SsoSettings.GitHub github(
      String tenant, SsoDraft.GitHubDraft d, Optional<SsoSettings.GitHub> current) {
    if (d == null) {
      return null;
    }
    String clientId = text("github.clientId", d.clientId(), 256);
    if (d.org() != null && !GITHUB_ORG.matcher(d.org()).matches()) {
      throw bad("field 'github.org' must be a GitHub organisation login, got '" + d.org() + "'");
    }
    if (d.teamRoles() != null) {
      d.teamRoles()
          .forEach(
              (team, role) -> {
                if (team == null
                    || !team.matches("[A-Za-z0-9-]+/[A-Za-z0-9_.-]+")
                    || role == null) {
                  throw bad(
                      "field 'github.teamRoles' maps teams as org/team-slug to ADMIN, EDITOR or"
                          + " VIEWER, got '"
                          + team
                          + "'");
                }
              });
    }
    String sealed =
        secret(
            tenant,
            SsoSettings.GITHUB,
            d.clientSecret(),
            current
                .filter(c -> c.clientId().equals(clientId))
                .map(SsoSettings.GitHub::sealedClientSecret),
            "github.clientSecret",
            "the client id");
    return new SsoSettings.GitHub(clientId, sealed, blankToNull(d.org()), d.teamRoles());
  }

  private String secret(
      String tenant,
      String provider,
      String clear,
      Optional<String> kept,
      String field,
      String what) {
    if (clear == null || clear.equals(MASK)) {
      return kept.orElseThrow(
          () ->
              bad(
                  "field '"
                      + field
                      + "' is required (a stored secret is kept only while "
                      + what
                      + " stays the same)"));
    }
    if (clear.isBlank() || clear.length() > 1024) {
      throw bad("field '" + field + "' must be 1-1024 characters");
    }
    return box.seal(clear, ad(tenant, provider));
  }

  private static SsoSettings.Saml saml(SsoSettings.Saml s) {
    if (s == null) {
      return null;
    }
    if (s.idpMetadataXml() != null) {
      String xml = s.idpMetadataXml().strip();
      if (xml.length() > MAX_METADATA || !xml.startsWith("<")) {
        throw bad("field 'saml.idpMetadataXml' must be the IdP's metadata XML (at most 256 KiB)");
      }
      try {
        IdpMetadata.parse(xml);
      } catch (IllegalArgumentException e) {
        throw bad("field 'saml.idpMetadataXml' is not usable: " + e.getMessage());
      }
    }
    text("saml.groupsAttribute", s.groupsAttribute(), 1024);
    if (s.idpMetadataUrl() != null) {
      url("saml.idpMetadataUrl", s.idpMetadataUrl());
    }
    if (s.idpSsoUrl() != null) {
      url("saml.idpSsoUrl", s.idpSsoUrl());
    }
    if (s.idpEntityId() != null) {
      text("saml.idpEntityId", s.idpEntityId(), 1024);
    }
    if (s.idpCertificate() != null) {
      certificate(s.idpCertificate());
    }
    boolean metadata = s.idpMetadataXml() != null || s.idpMetadataUrl() != null;
    boolean manual = s.idpEntityId() != null && s.idpSsoUrl() != null && s.idpCertificate() != null;
    if (!metadata && !manual) {
      throw bad(
          "section 'saml' needs 'idpMetadataXml' or 'idpMetadataUrl', or all of 'idpEntityId',"
              + " 'idpSsoUrl' and 'idpCertificate'");
    }
    return s;
  }

  private static void certificate(String text) {
    String b64 = text.replaceAll("-----(BEGIN|END) CERTIFICATE-----", "").replaceAll("\\s+", "");
    try {
      CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(b64)));
    } catch (IllegalArgumentException | CertificateException e) {
      throw bad("field 'saml.idpCertificate' must be an X.509 certificate (PEM or base64 DER)");
    }
  }

  private static String url(String field, String value) {
    if (value == null || value.length() > 2048) {
      throw bad("field '" + field + "' is required (an http(s) URL)");
    }
    try {
      URI u = new URI(value.strip());
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("https") || scheme.equals("http"))
          || u.getHost() == null
          || u.getFragment() != null
          || u.getUserInfo() != null) {
        throw new java.net.URISyntaxException(value, "not an http(s) URL with a host");
      }
      return u.toString();
    } catch (java.net.URISyntaxException e) {
      throw bad("field '" + field + "' must be an http(s) URL like https://idp.example.com");
    }
  }

  private static String text(String field, String value, int max) {
    if (value == null || value.isBlank() || value.length() > max) {
      throw bad("field '" + field + "' is required (1-" + max + " characters)");
    }
    return value.strip();
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  private static String ad(String tenant, String provider) {
    return SealedRecords.ssoSecretBinding(tenant, provider);
  }

  private static IdentityException bad(String message) {
    return new IdentityException(IdentityException.Kind.BAD_REQUEST, message);
  }

  @Override
  public void close() {
    view.close();
  }
}
