package io.obsera.identity;

import io.obsera.model.control.Role;
import java.time.Instant;

/**
 * An invitation to join a tenant with a role (compacted invites topic, key {@code tenant|id}). Only
 * the SHA-256 of its token is stored. Single-use ({@code acceptedAt}), expiring, revocable;
 * resending replaces the token. {@code email} is null only for the operator's first-admin invite,
 * whose acceptor names their own address.
 */
public record InviteRecord(
    String id,
    String tenantId,
    String email,
    Role role,
    String tokenSha256,
    Instant createdAt,
    Instant expiresAt,
    Instant acceptedAt,
    Instant revokedAt,
    String actor) {

  public String key() {
    return tenantId + "|" + id;
  }

  /** {@code pending}, {@code accepted}, {@code revoked} or {@code expired} at {@code now}. */
  public String status(Instant now) {
    if (acceptedAt != null) {
      return "accepted";
    }
    if (revokedAt != null) {
      return "revoked";
    }
    return now.isBefore(expiresAt) ? "pending" : "expired";
  }

  InviteRecord withToken(String sha256, Instant now, Instant expires, String by) {
    return new InviteRecord(id, tenantId, email, role, sha256, now, expires, null, null, by);
  }

  InviteRecord accepted(Instant at) {
    return new InviteRecord(
        id, tenantId, email, role, tokenSha256, createdAt, expiresAt, at, revokedAt, actor);
  }

  InviteRecord revoked(Instant at, String by) {
    return new InviteRecord(
        id, tenantId, email, role, tokenSha256, createdAt, expiresAt, acceptedAt, at, by);
  }
}
