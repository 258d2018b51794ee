package io.obsera.identity;

import java.time.Instant;
import java.util.Locale;

/**
 * A user account as kept in the compacted users topic (key: user id). The password is kept only as
 * an Argon2id hash (PHC string); {@link #toString()} leaves it out.
 *
 * <p>{@code sessionsValidFrom} (null in records from before it, and until the account's sessions
 * are first ended) is the account's session cut-off: a session created before it is refused
 * wherever it was started, except the one whose id is {@code keptSessionSha256} (the session that
 * made the change, when it stays; null: none). It closes the gap of ending sessions by listing
 * them: a session started on another instance just before, not yet seen by the acting one.
 */
public record UserRecord(
    String id,
    String email,
    String name,
    String passwordHash,
    Instant createdAt,
    Instant updatedAt,
    String actor,
    Instant sessionsValidFrom,
    String keptSessionSha256) {

  public UserRecord(
      String id,
      String email,
      String name,
      String passwordHash,
      Instant createdAt,
      Instant updatedAt,
      String actor) {
    this(id, email, name, passwordHash, createdAt, updatedAt, actor, null, null);
  }

  /** The form emails are compared in: trimmed, lower case. */
  public static String normalizeEmail(String email) {
    return email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
  }

  public UserRecord withPasswordHash(String hash, Instant at, String by) {
    return new UserRecord(
        id, email, name, hash, createdAt, at, by, sessionsValidFrom, keptSessionSha256);
  }

  /**
   * This account with every session created before {@code from} refused, but the one whose id is
   * {@code keptSessionId} (null: none).
   */
  public UserRecord withSessionsValidFrom(Instant from, String keptSessionId) {
    return new UserRecord(
        id, email, name, passwordHash, createdAt, updatedAt, actor, from, keptSessionId);
  }

  /** Whether {@code s}, a session of this account, was ended by the account's session cut-off. */
  public boolean cutOff(SessionRecord s) {
    return sessionsValidFrom != null
        && s.createdAt().isBefore(sessionsValidFrom)
        && !s.id().equals(keptSessionSha256);
  }

  @Override
  public String toString() {
    return "UserRecord[id=" + id + ", email=" + email + "]";
  }
}
