package io.obsera.identity;

import java.time.Instant;

/**
 * A sign-in session (compacted sessions topic, key {@code id}, the SHA-256 of the session token;
 * the token itself is never stored). It ends at {@code expiresAt}, when unused for the idle time,
 * or when signed out (tombstone). {@code mfaEnrolmentRequired} (null in records from before it:
 * false) marks a session that may only enrol in multi-factor sign-in: its tenant requires MFA and
 * the user has none yet.
 */
public record SessionRecord(
    String id,
    String userId,
    String tenantId,
    Instant createdAt,
    Instant expiresAt,
    Boolean mfaEnrolmentRequired) {

  public SessionRecord(
      String id, String userId, String tenantId, Instant createdAt, Instant expiresAt) {
    this(id, userId, tenantId, createdAt, expiresAt, null);
  }

  /** Whether this session may only enrol in multi-factor sign-in (and read /me, sign out). */
  public boolean restricted() {
    return Boolean.TRUE.equals(mfaEnrolmentRequired);
  }
}
