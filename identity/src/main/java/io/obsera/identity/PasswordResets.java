package io.obsera.identity;

import io.obsera.model.Topics;
import io.obsera.model.control.ApiKeyToken;
import io.obsera.platform.control.ControlPlaneWriter;
import io.obsera.platform.control.KeyedTopicView;
import io.obsera.platform.control.Visibility;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Password resets by a single-use, expiring link. The token (256 bits) reaches only the account's
 * mailbox; only its SHA-256 is stored, keyed by user id (a new request replaces the previous link).
 * Setting the password through it marks it used, stores the new Argon2id hash and ends every
 * session of the account. Unknown tokens are refused with 404, used or expired ones with 410, and
 * neither changes anything.
 */
public final class PasswordResets {
  private static final SecureRandom RANDOM = new SecureRandom();

  /** At most one new link per account this often (a mailbox cannot be flooded). */
  static final Duration REISSUE_AFTER = Duration.ofMinutes(1);

  /** How long after its expiry a reset is kept (answering 410, not 404) before its tombstone. */
  static final Duration KEPT_AFTER_EXPIRY = Duration.ofDays(1);

  /** A reset and its token (sent once, by mail). */
  public record Issued(UserRecord user, PasswordResetRecord reset, String token) {}

  private final KeyedTopicView<PasswordResetRecord> resets;
  private final ControlPlaneWriter writer;
  private final Directory directory;
  private final Sessions sessions;
  private final Duration ttl;
  private final Clock clock;

  PasswordResets(
      KeyedTopicView<PasswordResetRecord> resets,
      ControlPlaneWriter writer,
      Directory directory,
      Sessions sessions,
      Duration ttl,
      Clock clock) {
    this.resets = resets;
    this.writer = writer;
    this.directory = directory;
    this.sessions = sessions;
    this.ttl = ttl;
    this.clock = clock;
  }

  /**
   * A new reset link for the account of {@code email}, replacing its previous one; empty when there
   * is no such account or a link was issued for it less than a minute ago.
   */
  public synchronized Optional<Issued> issue(String email) {
    Optional<UserRecord> user = directory.userByEmail(email);
    if (user.isEmpty()) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    Optional<PasswordResetRecord> last = resets.get(user.get().id());
    if (last.isPresent() && now.isBefore(last.get().createdAt().plus(REISSUE_AFTER))) {
      return Optional.empty();
    }
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    PasswordResetRecord r =
        new PasswordResetRecord(
            user.get().id(), ApiKeyToken.sha256(token), now, now.plus(ttl), null);
    write(r);
    return Optional.of(new Issued(user.get(), r, token));
  }

  /**
   * Sets the password of the account behind {@code token} (checked against the password rules),
   * marks the link used and ends every session of the account; returns the account. 404 for an
   * unknown link, 410 for a used or expired one, 400 for a password the rules refuse: each before
   * anything changes.
   */
  public synchronized UserRecord complete(String token, String password, PasswordHasher hasher) {
    String sha = ApiKeyToken.sha256(token == null ? "" : token);
    PasswordResetRecord r =
        resets.values().stream()
            .filter(x -> sha.equals(x.tokenSha256()))
            .findFirst()
            .orElseThrow(
                () ->
                    new IdentityException(
                        IdentityException.Kind.NOT_FOUND,
                        "unknown password reset link; ask for a new one"));
    Instant now = clock.instant();
    String status = r.status(now);
    if (!status.equals("open")) {
      throw new IdentityException(
          IdentityException.Kind.GONE,
          "this password reset link is " + status + "; ask for a new one");
    }
    UserRecord user =
        directory
            .user(r.userId())
            .orElseThrow(
                () ->
                    new IdentityException(
                        IdentityException.Kind.GONE, "the account of this link no longer exists"));
    String hash = hasher.hash(password);
    write(r.used(clock.instant()));
    UserRecord changed = user.withPasswordHash(hash, clock.instant(), "password-reset");
    directory.putUser(changed);
    sessions.revokeAllOf(user.id());
    return changed;
  }

  /**
   * Tombstones resets a day past their expiry, used or not (until then a used or expired link
   * answers 410 rather than 404); how many.
   */
  public int sweep() {
    Instant now = clock.instant();
    int removed = 0;
    for (PasswordResetRecord r : resets.values()) {
      if (!now.isBefore(r.expiresAt().plus(KEPT_AFTER_EXPIRY))) {
        writer.deleteForGood(Topics.CONTROL_PASSWORD_RESETS, r.userId());
        removed++;
      }
    }
    return removed;
  }

  private void write(PasswordResetRecord r) {
    writer.put(Topics.CONTROL_PASSWORD_RESETS, r.userId(), r);
    Visibility.await("password reset", () -> r.equals(resets.get(r.userId()).orElse(null)));
  }
}
