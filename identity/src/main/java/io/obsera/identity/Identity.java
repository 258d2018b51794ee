package io.obsera.identity;

import io.obsera.model.Topics;
import io.obsera.model.control.Role;
import io.obsera.platform.control.ControlPlaneWriter;
import io.obsera.platform.control.ControlVerifier;
import io.obsera.platform.control.KeyedTopicView;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * People: user accounts, their memberships (one role per tenant), sign-in with Argon2id passwords
 * (throttled per account and client address) and sessions. State lives in compacted control-plane
 * topics read by every instance; writes go through the control-plane writer.
 */
public final class Identity implements AutoCloseable {
  private static final String BAD_CREDENTIALS = "wrong email or password";

  private final KeyedTopicView<UserRecord> users;
  private final KeyedTopicView<MembershipRecord> memberships;
  private final KeyedTopicView<SessionRecord> sessionView;
  private final KeyedTopicView<SessionActivity> activityView;
  private final KeyedTopicView<InviteRecord> inviteView;
  private final Invites invites;
  private final Directory directory;
  private final Sessions sessions;
  private final PasswordHasher hasher;
  private final LoginThrottle throttle;
  private final Clock clock;

  public Identity(
      String bootstrap,
      Map<String, String> kafkaOverrides,
      ControlVerifier verifier,
      ControlPlaneWriter writer,
      IdentityConfig config,
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
    this.directory = new Directory(users, memberships, writer);
    this.invites = new Invites(inviteView, writer, directory, config.inviteTtl(), clock);
    this.sessions = new Sessions(sessionView, activityView, writer, config, clock);
    this.hasher = new PasswordHasher(config.hashThreads(), config.argon2MemoryKib());
    this.throttle = new LoginThrottle(clock);
  }

  public Identity start() {
    users.start();
    memberships.start();
    sessionView.start();
    activityView.start();
    inviteView.start();
    return this;
  }

  public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
    return users.awaitCaughtUp(timeout)
        && memberships.awaitCaughtUp(timeout)
        && sessionView.awaitCaughtUp(timeout)
        && activityView.awaitCaughtUp(timeout)
        && inviteView.awaitCaughtUp(timeout);
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

  /**
   * Signs in with email and password, into {@code tenant} or (null) the user's first tenant. The
   * answer to a wrong password and to an unknown email is the same, and takes as long (the password
   * is checked against a dummy hash). Throttled per account and per client address.
   */
  public SignIn login(String email, String password, String tenant, String clientAddress) {
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
    throttle.succeeded(account);
    return signIn(user.get(), tenant);
  }

  /** Starts a session of {@code user} in {@code tenant} (null: the user's first tenant). */
  public SignIn signIn(UserRecord user, String tenant) {
    List<MembershipRecord> all = directory.membershipsOf(user.id());
    MembershipRecord m = chooseTenant(all, tenant);
    return new SignIn(user, m.tenantId(), m.role(), all, sessions.create(user.id(), m.tenantId()));
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
    sessions.close();
    hasher.close();
    users.close();
    memberships.close();
    sessionView.close();
    activityView.close();
    inviteView.close();
  }
}
