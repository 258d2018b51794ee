package io.obsera.identity.sso;

import io.obsera.model.control.Role;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A tenant's single sign-on configuration as kept in the compacted {@code obsera.control.sso} topic
 * (key: tenant id; signed like every control record). Each provider section is optional (null: not
 * offered). Client secrets are stored only sealed under {@code OBSERA_SECRET_KEY}, bound to {@code
 * tenant|sso|<provider>:clientSecret} ({@link SsoSettingsStore}); nothing here is ever answered to
 * a client without {@link #redacted()}.
 *
 * @param tenantId the tenant
 * @param oidc an OpenID Connect provider (Google, Okta, Keycloak, any compliant issuer)
 * @param github a GitHub OAuth app
 * @param saml a SAML 2.0 identity provider (verified by the SAML service provider, not here)
 * @param allowedEmailDomains verified emails of these domains may sign in without an invite when
 *     {@code jitProvisioning} is on (lower case, no {@code @})
 * @param jitProvisioning whether an unknown, verified email of an allowed domain gets an account
 *     and membership at its first sign-in
 * @param defaultRole the role of a provisioned member when no group mapping matches
 * @param groupRoleMappings group (OIDC {@code groups} claim, GitHub {@code org/team-slug}, SAML
 *     attribute value) to role; with mappings, a member's role follows their groups at each sign-in
 *     (the highest mapped role wins; no match: the role is kept, or the default for a new member)
 * @param ssoRequired whether password sign-in is refused for the tenant's members (invites still
 *     work: the operator's way back in)
 * @param updatedAt when it was last written
 * @param actor who wrote it
 */
public record SsoSettings(
    String tenantId,
    Oidc oidc,
    GitHub github,
    Saml saml,
    List<String> allowedEmailDomains,
    boolean jitProvisioning,
    Role defaultRole,
    Map<String, Role> groupRoleMappings,
    boolean ssoRequired,
    Instant updatedAt,
    String actor) {

  /** Provider names as they appear in URLs, audit actors and {@link ExternalIdentity#provider}. */
  public static final String OIDC = "oidc";

  public static final String GITHUB = "github";
  public static final String SAML = "saml";

  public SsoSettings {
    allowedEmailDomains =
        allowedEmailDomains == null ? List.of() : List.copyOf(allowedEmailDomains);
    groupRoleMappings = groupRoleMappings == null ? Map.of() : Map.copyOf(groupRoleMappings);
    defaultRole = defaultRole == null ? Role.VIEWER : defaultRole;
  }

  /**
   * An OpenID Connect provider.
   *
   * @param issuer the issuer URL; its {@code /.well-known/openid-configuration} is read
   * @param clientId the client id registered at the provider
   * @param sealedClientSecret the client secret, sealed (never in clear here)
   * @param groupsClaim the ID token claim holding the user's groups (default {@code groups})
   */
  public record Oidc(
      String issuer, String clientId, String sealedClientSecret, String groupsClaim) {
    public Oidc {
      groupsClaim = groupsClaim == null || groupsClaim.isBlank() ? "groups" : groupsClaim;
    }
  }

  /**
   * A GitHub OAuth app.
   *
   * @param clientId the app's client id
   * @param sealedClientSecret the app's client secret, sealed
   * @param org when set, only members of this organisation may sign in
   * @param teamRoles team ({@code org/team-slug}) to role, on top of {@code groupRoleMappings}
   */
  public record GitHub(
      String clientId, String sealedClientSecret, String org, Map<String, Role> teamRoles) {
    public GitHub {
      teamRoles = teamRoles == null ? Map.of() : Map.copyOf(teamRoles);
    }
  }

  /**
   * A SAML 2.0 identity provider: its metadata (XML or URL) or its entity id, single sign-on URL
   * and signing certificate (PEM or base64 DER), and the name of the attribute that carries the
   * person's groups (default {@code groups}; e.g. {@code memberOf}, or Entra ID's {@code
   * http://schemas.microsoft.com/ws/2008/06/identity/claims/groups}). Stored as given; checked by
   * the SAML SP.
   */
  public record Saml(
      String idpMetadataXml,
      String idpMetadataUrl,
      String idpEntityId,
      String idpSsoUrl,
      String idpCertificate,
      String groupsAttribute) {
    public Saml {
      groupsAttribute =
          groupsAttribute == null || groupsAttribute.isBlank() ? "groups" : groupsAttribute;
    }
  }

  /** The providers offered, in a fixed order: {@code oidc}, {@code github}, {@code saml}. */
  public List<String> providers() {
    java.util.ArrayList<String> p = new java.util.ArrayList<>();
    if (oidc != null) {
      p.add(OIDC);
    }
    if (github != null) {
      p.add(GITHUB);
    }
    if (saml != null) {
      p.add(SAML);
    }
    return List.copyOf(p);
  }

  /**
   * Group to role for sign-ins through {@code provider}: the shared mappings and GitHub's teams.
   */
  public Map<String, Role> roleMappingsFor(String provider) {
    if (!GITHUB.equals(provider) || github == null || github.teamRoles().isEmpty()) {
      return groupRoleMappings;
    }
    Map<String, Role> all = new java.util.HashMap<>(groupRoleMappings);
    all.putAll(github.teamRoles());
    return Map.copyOf(all);
  }

  /** This configuration with every sealed secret left out (what GET and audit snapshots show). */
  public SsoSettings redacted() {
    return new SsoSettings(
        tenantId,
        oidc == null ? null : new Oidc(oidc.issuer(), oidc.clientId(), null, oidc.groupsClaim()),
        github == null
            ? null
            : new GitHub(github.clientId(), null, github.org(), github.teamRoles()),
        saml,
        allowedEmailDomains,
        jitProvisioning,
        defaultRole,
        groupRoleMappings,
        ssoRequired,
        updatedAt,
        actor);
  }
}
