package io.obsera.identity.sso;

import io.obsera.model.control.Role;
import java.util.List;
import java.util.Map;

/**
 * A tenant's single sign-on configuration as an admin sends it ({@code PUT /api/v1/sso}): client
 * secrets in clear, or null / {@code "***"} to keep the stored one (only while the issuer, or the
 * GitHub client id, stays the same). {@link SsoSettingsStore#put} checks and seals it.
 */
public record SsoDraft(
    OidcDraft oidc,
    GitHubDraft github,
    SsoSettings.Saml saml,
    List<String> allowedEmailDomains,
    Boolean jitProvisioning,
    Role defaultRole,
    Map<String, Role> groupRoleMappings,
    Boolean ssoRequired) {

  /** An OIDC section as sent. */
  public record OidcDraft(
      String issuer, String clientId, String clientSecret, String groupsClaim) {}

  /** A GitHub section as sent. */
  public record GitHubDraft(
      String clientId, String clientSecret, String org, Map<String, Role> teamRoles) {}
}
