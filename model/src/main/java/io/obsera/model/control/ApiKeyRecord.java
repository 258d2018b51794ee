package io.obsera.model.control;

import java.time.Instant;
import java.util.Set;

/**
 * An API key as kept in the compacted api-keys topic (key: key id). Only the SHA-256 of the secret
 * is stored; the secret itself is shown once, when the key is issued. A key with the {@link
 * Scope#BROWSER} scope may only ingest, and only from its {@code origins} (checked against the
 * request's Origin header): it is safe to embed in a web page. A key with the {@link Scope#QUERY}
 * scope acts with its {@code role}; keys written before roles existed have none and act as {@link
 * Role#EDITOR} (what they could do then).
 */
public record ApiKeyRecord(
    String keyId,
    String tenantId,
    String secretSha256,
    Set<Scope> scopes,
    String name,
    Instant createdAt,
    Instant revokedAt,
    String actor,
    Set<String> origins,
    Role role) {

  public ApiKeyRecord {
    scopes = Set.copyOf(scopes);
    origins = origins == null ? Set.of() : Set.copyOf(origins);
  }

  /** A key without a role of its own ({@link #effectiveRole()}: editor). */
  public ApiKeyRecord(
      String keyId,
      String tenantId,
      String secretSha256,
      Set<Scope> scopes,
      String name,
      Instant createdAt,
      Instant revokedAt,
      String actor,
      Set<String> origins) {
    this(keyId, tenantId, secretSha256, scopes, name, createdAt, revokedAt, actor, origins, null);
  }

  /** A key without origin binding. */
  public ApiKeyRecord(
      String keyId,
      String tenantId,
      String secretSha256,
      Set<Scope> scopes,
      String name,
      Instant createdAt,
      Instant revokedAt,
      String actor) {
    this(keyId, tenantId, secretSha256, scopes, name, createdAt, revokedAt, actor, Set.of());
  }

  /** What the key may do through the query API: its role, or editor for a key without one. */
  public Role effectiveRole() {
    return role != null ? role : Role.EDITOR;
  }

  public boolean revoked() {
    return revokedAt != null;
  }

  public ApiKeyRecord revoke(Instant at, String by) {
    return new ApiKeyRecord(
        keyId, tenantId, secretSha256, scopes, name, createdAt, at, by, origins, role);
  }
}
