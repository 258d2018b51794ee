package io.obsera.identity;

import java.time.Instant;
import java.util.Locale;

/**
 * A user account as kept in the compacted users topic (key: user id). The password is kept only as
 * an Argon2id hash (PHC string); {@link #toString()} leaves it out.
 */
public record UserRecord(
    String id,
    String email,
    String name,
    String passwordHash,
    Instant createdAt,
    Instant updatedAt,
    String actor) {

  /** The form emails are compared in: trimmed, lower case. */
  public static String normalizeEmail(String email) {
    return email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
  }

  public UserRecord withPasswordHash(String hash, Instant at, String by) {
    return new UserRecord(id, email, name, hash, createdAt, at, by);
  }

  @Override
  public String toString() {
    return "UserRecord[id=" + id + ", email=" + email + "]";
  }
}
