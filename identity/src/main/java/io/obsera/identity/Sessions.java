package io.obsera.identity;

import io.obsera.model.Topics;
import io.obsera.model.control.ApiKeyToken;
import io.obsera.platform.control.ControlPlaneWriter;
import io.obsera.platform.control.KeyedTopicView;
import io.obsera.platform.control.Visibility;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sign-in sessions: opaque 256-bit tokens of which only the SHA-256 is stored, in a compacted topic
 * every query-service instance reads. A session ends at its absolute expiry, when idle for too
 * long, or at once when revoked (a tombstone every instance sees). The CSRF token of a session is
 * derived from its token (SHA-256 of a label and the token): never stored, and useless without the
 * cookie.
 */
public final class Sessions implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Sessions.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  /** A new session and the secrets the client gets (shown once). */
  public record Issued(SessionRecord session, String token, String csrfToken) {}

  private final KeyedTopicView<SessionRecord> sessions;
  private final KeyedTopicView<SessionActivity> activity;
  private final Directory directory;
  private final ControlPlaneWriter writer;
  private final Duration idle;
  private final Duration max;
  private final Duration touchEvery;
  private final Clock clock;
  private final Map<String, Instant> touched = new ConcurrentHashMap<>();
  private final ExecutorService touches =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "session-activity");
            t.setDaemon(true);
            return t;
          });

  Sessions(
      KeyedTopicView<SessionRecord> sessions,
      KeyedTopicView<SessionActivity> activity,
      Directory directory,
      ControlPlaneWriter writer,
      IdentityConfig config,
      Clock clock) {
    this.sessions = sessions;
    this.activity = activity;
    this.directory = directory;
    this.writer = writer;
    this.idle = config.sessionIdle();
    this.max = config.sessionMax();
    Duration tenth = config.sessionIdle().dividedBy(10);
    this.touchEvery = tenth.compareTo(Duration.ofMinutes(1)) < 0 ? tenth : Duration.ofMinutes(1);
    this.clock = clock;
  }

  /** Starts a session of {@code userId} in {@code tenantId}; visible here when this returns. */
  public Issued create(String userId, String tenantId) {
    return create(userId, tenantId, false);
  }

  /**
   * Starts a session, restricted to multi-factor enrolment when {@code mfaEnrolmentRequired}
   * ({@link SessionRecord#restricted()}).
   */
  public Issued create(String userId, String tenantId, boolean mfaEnrolmentRequired) {
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    String token = B64.encodeToString(raw);
    Instant now = clock.instant();
    SessionRecord s =
        new SessionRecord(
            idOf(token), userId, tenantId, now, now.plus(max), mfaEnrolmentRequired ? true : null);
    writer.put(Topics.CONTROL_SESSIONS, s.id(), s);
    Visibility.await("session", () -> sessions.get(s.id()).isPresent());
    return new Issued(s, token, csrfToken(token));
  }

  /**
   * The live session of {@code token}: not revoked, not past its absolute or idle expiry, not
   * created before its account's session cut-off ({@link UserRecord#cutOff}).
   */
  public Optional<SessionRecord> resolve(String token) {
    if (token == null || token.isEmpty() || token.length() > 100) {
      return Optional.empty();
    }
    String id = idOf(token);
    SessionRecord s = sessions.get(id).orElse(null);
    if (s == null) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    Instant lastSeen = lastSeen(s);
    if (expired(s, lastSeen, now) || cutOff(s)) {
      return Optional.empty();
    }
    if (!now.isBefore(lastSeen.plus(touchEvery))) {
      touch(id, now);
    }
    return Optional.of(s);
  }

  /** Ends the session of {@code token} everywhere; this instance refuses it when this returns. */
  public void revoke(String token) {
    revokeId(idOf(token));
  }

  /** Ends every session of {@code userId} (e.g. after a password change). */
  public void revokeAllOf(String userId) {
    revokeOthersOf(userId, null);
  }

  /**
   * Ends every session of {@code userId} but the one of {@code keepToken} (the session that made a
   * change to the account; null: none kept), on every instance. First the account's session cut-off
   * (now, signed, in the users topic): every instance refuses any other session created before it
   * once it reads it, including one started elsewhere that this instance has not seen yet; then
   * each session this instance sees is a signed deletion in the sessions topic. This instance
   * refuses them when this returns.
   */
  public void revokeOthersOf(String userId, String keepToken) {
    String keep = keepToken == null ? null : idOf(keepToken);
    directory.cutOffSessions(userId, clock.instant(), keep);
    sessions.values().stream()
        .filter(s -> s.userId().equals(userId) && !s.id().equals(keep))
        .forEach(s -> revokeId(s.id()));
  }

  /**
   * Ends every session of {@code userId} in {@code tenantId} that this instance sees (a member
   * removed from the tenant), so none comes back if they are made a member again.
   */
  public void revokeAllOfIn(String userId, String tenantId) {
    sessions.values().stream()
        .filter(s -> s.userId().equals(userId) && s.tenantId().equals(tenantId))
        .forEach(s -> revokeId(s.id()));
  }

  private void revokeId(String id) {
    writer.delete(Topics.CONTROL_SESSIONS, id);
    writer.delete(Topics.CONTROL_SESSION_ACTIVITY, id);
    touched.remove(id);
    Visibility.await("sign-out", () -> sessions.get(id).isEmpty());
  }

  /**
   * Deletes for good ({@link ControlPlaneWriter#deleteForGood}: a signed deletion, then a Kafka
   * tombstone) every session past its absolute or idle expiry, and the activity records of sessions
   * that are gone once they are idle too long, so compaction keeps only live sessions in the
   * topics; how many sessions it ended. A replayed record of such a session is expired, so refused
   * anyway. Any instance may sweep: a second deletion of the same key changes nothing.
   */
  public int sweepExpired() {
    Instant now = clock.instant();
    int ended = 0;
    for (SessionRecord s : sessions.values()) {
      if (expired(s, lastSeen(s), now)) {
        writer.deleteForGood(Topics.CONTROL_SESSIONS, s.id());
        writer.deleteForGood(Topics.CONTROL_SESSION_ACTIVITY, s.id());
        touched.remove(s.id());
        ended++;
      }
    }
    for (SessionActivity a : activity.values()) {
      if (sessions.get(a.sessionId()).isEmpty() && !now.isBefore(a.lastSeenAt().plus(idle))) {
        writer.deleteForGood(Topics.CONTROL_SESSION_ACTIVITY, a.sessionId());
      }
    }
    touched.keySet().removeIf(id -> sessions.get(id).isEmpty());
    return ended;
  }

  private boolean cutOff(SessionRecord s) {
    return directory.user(s.userId()).map(u -> u.cutOff(s)).orElse(false);
  }

  private boolean expired(SessionRecord s, Instant lastSeen, Instant now) {
    return !now.isBefore(s.expiresAt()) || !now.isBefore(lastSeen.plus(idle));
  }

  /** The CSRF token of the session whose token is {@code token}. */
  public static String csrfToken(String token) {
    return B64.encodeToString(sha256("obsera-csrf|" + token));
  }

  /** Whether {@code presented} is the CSRF token of the session {@code token} (constant time). */
  public static boolean csrfMatches(String token, String presented) {
    return presented != null
        && MessageDigest.isEqual(
            csrfToken(token).getBytes(StandardCharsets.US_ASCII),
            presented.getBytes(StandardCharsets.UTF_8));
  }

  static String idOf(String token) {
    return ApiKeyToken.sha256(token);
  }

  private Instant lastSeen(SessionRecord s) {
    Instant last = s.createdAt();
    Instant seen = activity.get(s.id()).map(SessionActivity::lastSeenAt).orElse(null);
    if (seen != null && seen.isAfter(last)) {
      last = seen;
    }
    Instant local = touched.get(s.id());
    return local != null && local.isAfter(last) ? local : last;
  }

  private void touch(String id, Instant now) {
    touched.put(id, now);
    touches.execute(
        () -> {
          try {
            if (sessions.get(id).isPresent()) {
              writer.put(Topics.CONTROL_SESSION_ACTIVITY, id, new SessionActivity(id, now));
            }
          } catch (RuntimeException e) {
            log.warn("could not record session activity: {}", e.getMessage());
          }
        });
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    touches.shutdownNow();
  }
}
