package io.obsera.model.control;

import java.time.Instant;
import java.util.Set;

/**
 * An API key as kept in the compacted api-keys topic (key: key id). Only the SHA-256 of the secret
 * is stored; the secret itself is shown once, when the key is issued. A key with the {@link
 * Scope#BROWSER} scope may only ingest, and only from its {@code origins} (checked against the
 * request's Origin header): it is safe to embed in a web page. A key with the {@link Scope#PROBE}
 * scope is bound to its {@code regions}: it reads the assignments of, and reports results from,
 * those regions only (a probe key written before regions existed has none, and so may do neither).
 * A key with the {@link Scope#QUERY} scope acts with its {@code role}; keys written before roles
 * existed have none and act as {@link Role#EDITOR} (what they could do then).
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
    Set<String> regions,
    Role role) {

  public ApiKeyRecord {
    scopes = Set.copyOf(scopes);
    origins = origins == null ? Set.of() : Set.copyOf(origins);
    regions = regions == null ? Set.of() : Set.copyOf(regions);
  }

  /** A key without region binding (any scope but probe). */
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
    this(
        keyId,
        tenantId,
        secretSha256,
        scopes,
        name,
        createdAt,
        revokedAt,
        actor,
        origins,
        Set.of(),
        null);
  }

  /** A key with a role and without region binding (the query API's keys). */
  public ApiKeyRecord(
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
    this(
        keyId,
        tenantId,
        secretSha256,
        scopes,
        name,
        createdAt,
        revokedAt,
        actor,
        origins,
        Set.of(),
        role);
  }

  /** A key bound to {@code regions} (probe keys), without a role of its own. */
  public ApiKeyRecord(
      String keyId,
      String tenantId,
      String secretSha256,
      Set<Scope> scopes,
      String name,
      Instant createdAt,
      Instant revokedAt,
      String actor,
      Set<String> origins,
      Set<String> regions) {
    this(
        keyId,
        tenantId,
        secretSha256,
        scopes,
        name,
        createdAt,
        revokedAt,
        actor,
        origins,
        regions,
        null);
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

  public boolean revoked() {
    return revokedAt != null;
  }

  public ApiKeyRecord revoke(Instant at, String by) {
    return new ApiKeyRecord(
        keyId, tenantId, secretSha256, scopes, name, createdAt, at, by, origins, regions, role);
  }

  /** What the key may do through the query API: its role, or editor for a key without one. */
  public Role effectiveRole() {
    return role != null ? role : Role.EDITOR;
  }

  /** Whether this is a probe key bound to {@code region}. */
  public boolean probesFrom(String region) {
    return scopes.contains(Scope.PROBE) && regions.contains(region);
  }
}
