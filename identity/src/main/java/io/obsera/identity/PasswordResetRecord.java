package io.obsera.identity;

import java.time.Instant;

/**
 * An open password reset (compacted password-resets topic, key: the user id, so a new request
 * replaces the previous link). Only the SHA-256 of its token is stored. Single-use ({@code usedAt})
 * and expiring; tombstoned by the sweeper once used or expired.
 */
public record PasswordResetRecord(
    String userId, String tokenSha256, Instant createdAt, Instant expiresAt, Instant usedAt) {

  /** {@code open}, {@code used} or {@code expired} at {@code now}. */
  public String status(Instant now) {
    if (usedAt != null) {
      return "used";
    }
    return now.isBefore(expiresAt) ? "open" : "expired";
  }

  PasswordResetRecord used(Instant at) {
    return new PasswordResetRecord(userId, tokenSha256, createdAt, expiresAt, at);
  }
}
