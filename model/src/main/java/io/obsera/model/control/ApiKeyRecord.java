package io.obsera.model.control;

import java.time.Instant;
import java.util.Set;

/**
 * An API key as kept in the compacted api-keys topic (key: key id). Only the SHA-256 of the secret
 * is stored; the secret itself is shown once, when the key is issued.
 */
public record ApiKeyRecord(
    String keyId,
    String tenantId,
    String secretSha256,
    Set<Scope> scopes,
    String name,
    Instant createdAt,
    Instant revokedAt,
    String actor) {

  public ApiKeyRecord {
    scopes = Set.copyOf(scopes);
  }

  public boolean revoked() {
    return revokedAt != null;
  }

  public ApiKeyRecord revoke(Instant at, String by) {
    return new ApiKeyRecord(keyId, tenantId, secretSha256, scopes, name, createdAt, at, by);
  }
}
