package io.obsera.identity;

import io.obsera.model.Topics;
import io.obsera.model.control.Role;
import io.obsera.platform.control.ControlPlaneWriter;
import io.obsera.platform.control.ControlVerifier;
import io.obsera.platform.control.KeyedTopicView;
import io.obsera.platform.crypto.SecretBox;
import io.obsera.platform.send.OperatorMail;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * People: user accounts, their memberships (one role per tenant), sign-in with Argon2id passwords
 * (throttled per account and client address) and sessions. State lives in compacted control-plane
 * topics read by every instance; writes go through the control-plane writer.
 */
public final class Identity implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Identity.class);
  private static final String BAD_CREDENTIALS = "wrong email or password";

  /** How often expired sessions and password resets are tombstoned. */
  static final Duration SWEEP_EVERY = Duration.ofMinutes(1);

  private final KeyedTopicView<UserRecord> users;
  private final KeyedTopicView<MembershipRecord> memberships;
  private final KeyedTopicView<SessionRecord> sessionView;
  private final KeyedTopicView<SessionActivity> activityView;
  private final KeyedTopicView<InviteRecord> inviteView;
  private final KeyedTopicView<PasswordResetRecord> resetView;
  private final PasswordResets resets;
  private final IdentityMail mail;
  private final OperatorMail operatorMail;
  private final Duration resetTtl;
  private final ExecutorService resetRequests;
  private final ScheduledExecutorService sweeper;
  private final Invites invites;
  private final Directory directory;
  private final Sessions sessions;
  private final PasswordHasher hasher;
  private final LoginThrottle throttle;
  private final KeyedTopicView<TotpRecord> totpView;
  private final KeyedTopicView<AuthPolicyRecord> policyView;
  private final TotpEnrolments totp;
  private final AuthPolicies policies;
  private final Clock clock;

  /** Without a secret key of the operator's: TOTP secrets sealed under a key of this process. */
  public Identity(
      String bootstrap,
      Map<String, String> kafkaOverrides,
      ControlVerifier verifier,
      ControlPlaneWriter writer,
      IdentityConfig config,
      Clock clock) {
    this(
        bootstrap,
        kafkaOverrides,
        verifier,
        writer,
        config,
        SecretBox.fromBase64("OBSERA_SECRET_KEY", SecretBox.newKeyBase64()),
        clock);
  }

  /**
   * @param secretKey seals TOTP secrets ({@code OBSERA_SECRET_KEY}, as channel secrets)
   */
  public Identity(
      String bootstrap,
      Map<String, String> kafkaOverrides,
      ControlVerifier verifier,
      ControlPlaneWriter writer,
      IdentityConfig config,
      SecretBox secretKey,
      Clock clock) {
    this.clock = clock;
    this.users =
        new KeyedTopicView<>(
            bootstrap,
            kafkaOverrides,
            verifier,
            Topics.CONTROL_USERS,
            UserRecord.class,
            (k, u) -> k.equals(u.id()) ? null : "user key does not match its id");
    this.memberships =
        new KeyedTopicView<>(
            bootstrap,
            kafkaOverrides,
            verifier,
            Topics.CONTROL_MEMBERSHIPS,
            MembershipRecord.class,
            (k, m) -> k.equals(m.key()) && m.role() != null ? null : "invalid membership");
    this.sessionView =
        new KeyedTopicView<>(
            bootstrap, kafkaOverrides, verifier, Topics.CONTROL_SESSIONS, SessionRecord.class);
    this.activityView =
        new KeyedTopicView<>(
            bootstrap,
            kafkaOverrides,
            verifier,
            Topics.CONTROL_SESSION_ACTIVITY,
            SessionActivity.class);
    this.inviteView =
        new KeyedTopicView<>(
            bootstrap,
            kafkaOverrides,
            verifier,
            Topics.CONTROL_INVITES,
            InviteRecord.class,
            (k, i) -> k.equals(i.key()) && i.role() != null ? null : "invalid invite");
    this.resetView =
        new KeyedTopicView<>(
            bootstrap,
            kafkaOverrides,
            verifier,
            Topics.CONTROL_PASSWORD_RESETS,
            PasswordResetRecord.class,
            (k, r) -> k.equals(r.userId()) && r.expiresAt() != null ? null : "invalid reset");
    this.totpView =
        new KeyedTopicView<>(
            bootstrap,
            kafkaOverrides,
            verifier,
            Topics.CONTROL_TOTP,
            TotpRecord.class,
            (k, t) -> k.equals(t.userId()) && t.sealedSecret() != null ? null : "invalid totp");
    this.policyView =
        new KeyedTopicView<>(
            bootstrap,
            kafkaOverrides,
            verifier,
            Topics.CONTROL_AUTH_POLICIES,
            AuthPolicyRecord.class,
            (k, p) -> k.equals(p.tenantId()) ? null : "policy key does not match its tenant");
    this.totp = new TotpEnrolments(totpView, writer, secretKey, clock);
    this.policies = new AuthPolicies(policyView, writer, clock);
    this.directory = new Directory(users, memberships, writer);
    this.invites = new Invites(inviteView, writer, directory, config.inviteTtl(), clock);
    this.sessions = new Sessions(sessionView, activityView, directory, writer, config, clock);
    this.resetTtl = config.passwordResetTtl();
    this.resets =
        new PasswordResets(
            resetView, writer, directory, sessions, config.passwordResetTtl(), clock);
    this.operatorMail = new OperatorMail(config.mail(), clock);
    this.mail = new IdentityMail(operatorMail, config.publicUrl());
    this.resetRequests =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(1000),
            r -> daemon(r, "password-reset"));
    this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "identity-sweeper"));
    this.hasher = new PasswordHasher(config.hashThreads(), config.argon2MemoryKib());
    this.throttle = new LoginThrottle(clock);
  }

  public Identity start() {
    users.start();
    memberships.start();
    sessionView.start();
    activityView.start();
    inviteView.start();
    resetView.start();
    totpView.start();
    policyView.start();
    long every = SWEEP_EVERY.toMillis();
    sweeper.scheduleWithFixedDelay(this::sweepQuietly, every, every, TimeUnit.MILLISECONDS);
    return this;
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
    return users.awaitCaughtUp(timeout)
        && memberships.awaitCaughtUp(timeout)
        && sessionView.awaitCaughtUp(timeout)
        && activityView.awaitCaughtUp(timeout)
        && inviteView.awaitCaughtUp(timeout)
        && resetView.awaitCaughtUp(timeout)
        && totpView.awaitCaughtUp(timeout)
        && policyView.awaitCaughtUp(timeout);
  }

  /**
   * Tombstones every session past its absolute or idle expiry and every password reset a day past
   * its expiry, so the compacted topics do not grow forever; runs every minute on each instance (a
   * second tombstone changes nothing). How many sessions it ended.
   */
  public int sweepExpired() {
    resets.sweep();
    return sessions.sweepExpired();
  }

  private void sweepQuietly() {
    try {
      int ended = sweepExpired();
      if (ended > 0) {
        log.debug("tombstoned {} expired sessions", ended);
      }
    } catch (RuntimeException e) {
      log.warn("could not sweep expired sessions: {}", e.getMessage());
    }
  }

  /**
   * Asks for a password reset link for {@code email}. Returns at once, the same way whether the
   * account exists or not: the lookup, the new link and its mail happen on a background thread (no
   * mail sender: nothing is sent). 503 when too many requests wait.
   */
  public void requestPasswordReset(String email) {
    String account = UserRecord.normalizeEmail(email);
    try {
      resetRequests.execute(() -> issueReset(account));
    } catch (RejectedExecutionException e) {
      throw new IdentityException(
          IdentityException.Kind.BUSY,
          "too many password reset requests at once; retry shortly",
          Duration.ofSeconds(5));
    }
  }

  private void issueReset(String account) {
    try {
      if (!mail.configured()) {
        log.info("a password reset was asked for, but no mail sender is set (OBSERA_MAIL_*)");
        return;
      }
      resets.issue(account).ifPresent(i -> mail.passwordReset(i, resetTtl));
    } catch (RuntimeException e) {
      log.warn("could not issue a password reset: {}", e.getMessage());
    }
  }

  /**
   * Sets a new password through a reset link: single-use, expiring; ends every session of the
   * account. 404 unknown link, 410 used or expired, 400 a refused password, each changing nothing.
   */
  public UserRecord resetPassword(String token, String password) {
    return resets.complete(token, password, hasher);
  }

  public PasswordResets passwordResets() {
    return resets;
  }

  public IdentityMail mail() {
    return mail;
  }

  public Directory directory() {
    return directory;
  }

  public Invites invites() {
    return invites;
  }

  public Sessions sessions() {
    return sessions;
  }

  public PasswordHasher hasher() {
    return hasher;
  }

  public TotpEnrolments totp() {
    return totp;
  }

  public AuthPolicies policies() {
    return policies;
  }

  /**
   * Signs in with email and password, into {@code tenant} or (null) the user's first tenant. The
   * answer to a wrong password and to an unknown email is the same, and takes as long (the password
   * is checked against a dummy hash). Throttled per account and per client address.
   */
  public SignIn login(String email, String password, String tenant, String clientAddress) {
    return login(email, password, TotpEnrolments.Proof.NONE, tenant, clientAddress);
  }

  /**
   * Signs in with email, password and, when the account has multi-factor sign-in on, a second
   * factor ({@code proof}: a TOTP code or a recovery code, each accepted once). Without one: 401
   * {@link IdentityException.Kind#MFA_REQUIRED}; a wrong one: 401 counted by the throttle like a
   * wrong password. The session is restricted to enrolment when the tenant requires MFA and the
   * account has none ({@link #passwordSignIn}).
   */
  public SignIn login(
      String email,
      String password,
      TotpEnrolments.Proof proof,
      String tenant,
      String clientAddress) {
    String account = UserRecord.normalizeEmail(email);
    throttle.check(account, clientAddress);
    Optional<UserRecord> user = directory.userByEmail(account);
    boolean ok =
        user.isPresent()
            ? hasher.verify(password, user.get().passwordHash())
            : hasher.verifyDummy();
    if (!ok) {
      throttle.failed(account, clientAddress);
      throw new IdentityException(IdentityException.Kind.BAD_CREDENTIALS, BAD_CREDENTIALS);
    }
    if (totp.active(user.get().id())) {
      if (proof == null || proof.isEmpty()) {
        throw new IdentityException(
            IdentityException.Kind.MFA_REQUIRED,
            "this account signs in with a second factor: give the 6-digit code of your"
                + " authenticator app (totp) or a recovery code (recoveryCode)");
      }
      if (!totp.check(user.get().id(), proof)) {
        throttle.failed(account, clientAddress);
        throw new IdentityException(
            IdentityException.Kind.BAD_CREDENTIALS, "wrong or already used second-factor code");
      }
    }
    throttle.succeeded(account);
    return passwordSignIn(user.get(), tenant);
  }

  /**
   * Checks a second factor of a signed-in user (disabling MFA), throttled like sign-ins per account
   * and client address: 429 while throttled, 403 for a wrong code (counted). Sessions are left as
   * they are; {@link #disableTotp(UserRecord, TotpEnrolments.Proof, String, String)} ends the
   * others.
   */
  public void disableTotp(UserRecord user, TotpEnrolments.Proof proof, String clientAddress) {
    codeChecked(
        user,
        clientAddress,
        () -> {
          totp.disable(user.id(), proof);
          return null;
        });
  }

  /**
   * Turns the user's MFA off as {@link #disableTotp(UserRecord, TotpEnrolments.Proof, String)},
   * then ends every other session of the account on every instance, keeping only the one of {@code
   * currentSessionToken} (the session that turned it off).
   */
  public void disableTotp(
      UserRecord user,
      TotpEnrolments.Proof proof,
      String clientAddress,
      String currentSessionToken) {
    disableTotp(user, proof, clientAddress);
    sessions.revokeOthersOf(user.id(), currentSessionToken);
  }

  /**
   * An admin's reset of {@code userId}'s MFA (a lost phone, or an account believed compromised):
   * removes the enrolment whatever its state (404 without one), then ends every session of the
   * account, in every tenant and on every instance, so a session taken over before the reset does
   * not outlive it.
   */
  public void resetTotp(String userId) {
    totp.reset(userId);
    sessions.revokeAllOf(userId);
  }

  /**
   * Verifies a new enrolment's first code, throttled like {@link #disableTotp}. Sessions are left
   * as they are: the caller ends the others ({@link Sessions#revokeOthersOf}) once it knows which
   * session stays.
   */
  public TotpRecord verifyTotp(UserRecord user, String code, String clientAddress) {
    return codeChecked(user, clientAddress, () -> totp.verify(user.id(), code));
  }

  /** Runs {@code check} under the sign-in throttle; a wrong code (403) counts as a failure. */
  private <T> T codeChecked(UserRecord user, String clientAddress, Supplier<T> check) {
    String account = UserRecord.normalizeEmail(user.email());
    throttle.check(account, clientAddress);
    try {
      return check.get();
    } catch (IdentityException e) {
      if (e.kind() == IdentityException.Kind.FORBIDDEN) {
        throttle.failed(account, clientAddress);
      }
      throw e;
    }
  }

  /**
   * Starts a session after a password sign-in (login, tenant switch, accepted invite): restricted
   * to multi-factor enrolment when the tenant requires MFA and the user has none active. The caller
   * has checked the password, and the second factor when the user has one.
   */
  public SignIn passwordSignIn(UserRecord user, String tenant) {
    return startSession(user, tenant, true);
  }

  /** Starts a session of {@code user} in {@code tenant} (null: the user's first tenant). */
  public SignIn signIn(UserRecord user, String tenant) {
    return startSession(user, tenant, false);
  }

  /**
   * The one way a session starts: in {@code tenant} (null: the user's first), 403 when not a
   * member; restricted to multi-factor enrolment when {@code byPassword}, the tenant requires MFA
   * and the user has none active (single sign-on leaves the second factor to the identity
   * provider).
   */
  private SignIn startSession(UserRecord user, String tenant, boolean byPassword) {
    List<MembershipRecord> all = directory.membershipsOf(user.id());
    MembershipRecord m = chooseTenant(all, tenant);
    boolean restricted =
        byPassword && policies.mfaRequired(m.tenantId()) && !totp.active(user.id());
    return new SignIn(
        user, m.tenantId(), m.role(), all, sessions.create(user.id(), m.tenantId(), restricted));
  }

  /** The user and membership behind a live session token; empty when signed out or expired. */
  public Optional<Member> session(String token) {
    return sessions
        .resolve(token)
        .flatMap(
            s ->
                directory
                    .user(s.userId())
                    .flatMap(
                        u ->
                            directory
                                .membership(s.tenantId(), u.id())
                                .map(m -> new Member(u, m, s))));
  }

  /** A signed-in member: user, membership in the session's tenant, session. */
  public record Member(UserRecord user, MembershipRecord membership, SessionRecord session) {}

  /**
   * Creates a user with a password (checked against the password rules), or returns the existing
   * user of that email unchanged.
   */
  public UserRecord createUser(String email, String name, String password, String actor) {
    Optional<UserRecord> existing = directory.userByEmail(email);
    if (existing.isPresent()) {
      return existing.get();
    }
    Instant now = clock.instant();
    UserRecord u =
        new UserRecord(
            Ids.user(),
            UserRecord.normalizeEmail(email),
            name,
            hasher.hash(password),
            now,
            now,
            actor);
    directory.putUser(u);
    return u;
  }

  /**
   * Removes {@code userId} from {@code tenant} (404 not a member, 409 the last admin), then ends
   * their sessions in it: every request checks the membership, so they are refused at once anyway;
   * ending them keeps one from coming back if the user is made a member again.
   */
  public void removeMember(String tenant, String userId) {
    directory.removeMembership(tenant, userId);
    sessions.revokeAllOfIn(userId, tenant);
  }

  /** Gives {@code userId} {@code role} in {@code tenant} (last-admin rule applies). */
  public MembershipRecord setRole(String tenant, String userId, Role role, String actor) {
    MembershipRecord m = new MembershipRecord(tenant, userId, role, clock.instant(), actor);
    directory.putMembership(m);
    return m;
  }

  private static MembershipRecord chooseTenant(List<MembershipRecord> all, String tenant) {
    if (all.isEmpty()) {
      throw new IdentityException(
          IdentityException.Kind.FORBIDDEN, "this account is not a member of any tenant");
    }
    if (tenant == null || tenant.isBlank()) {
      return all.get(0);
    }
    return all.stream()
        .filter(m -> m.tenantId().equals(tenant))
        .findFirst()
        .orElseThrow(
            () ->
                new IdentityException(
                    IdentityException.Kind.FORBIDDEN, "not a member of tenant " + tenant));
  }

  @Override
  public void close() {
    sweeper.shutdownNow();
    resetRequests.shutdownNow();
    operatorMail.close();
    sessions.close();
    hasher.close();
    users.close();
    memberships.close();
    sessionView.close();
    activityView.close();
    inviteView.close();
    resetView.close();
    totpView.close();
    policyView.close();
  }
}
