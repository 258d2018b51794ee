package io.obsera.identity.sso;

import java.util.List;

/**
 * A person as an identity provider vouched for them, after the provider's answer was verified
 * (signature, issuer, audience, expiry, nonce; or the GitHub API over TLS with the user's token).
 *
 * @param provider {@code oidc}, {@code github} or {@code saml}
 * @param subject the provider's stable id of the person (OIDC {@code sub}, GitHub user id, SAML
 *     NameID)
 * @param email the email the provider gives
 * @param emailVerified whether the provider says it verified that email; an unverified email never
 *     matches a member, an invite or an allowed domain
 * @param name a display name (null: the email)
 * @param groups the person's groups at the provider (OIDC groups claim, GitHub {@code
 *     org/team-slug}, SAML attribute values); empty when none
 */
public record ExternalIdentity(
    String provider,
    String subject,
    String email,
    boolean emailVerified,
    String name,
    List<String> groups) {
  public ExternalIdentity {
    groups = groups == null ? List.of() : List.copyOf(groups);
  }

  /** For audit lines: {@code oidc:<subject>}. */
  public String actor() {
    return provider + ":" + subject;
  }
}
