package io.obsera.identity;

import io.obsera.model.Topics;
import io.obsera.model.control.ApiKeyToken;
import io.obsera.model.control.Role;
import io.obsera.platform.control.ControlPlaneWriter;
import io.obsera.platform.control.KeyedTopicView;
import io.obsera.platform.control.Visibility;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Invitations by email with a role. The token (256 bits, shown once) is the only way in; accepting
 * creates the user or, for an existing account, checks its password, then adds the membership.
 * Expired, used and revoked tokens are refused (410), unknown ones 404.
 */
public final class Invites {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

  /** An invite and its token (shown once). */
  public record Issued(InviteRecord invite, String token) {}

  private final KeyedTopicView<InviteRecord> invites;
  private final ControlPlaneWriter writer;
  private final Directory directory;
  private final Duration ttl;
  private final Clock clock;

  Invites(
      KeyedTopicView<InviteRecord> invites,
      ControlPlaneWriter writer,
      Directory directory,
      Duration ttl,
      Clock clock) {
    this.invites = invites;
    this.writer = writer;
    this.directory = directory;
    this.ttl = ttl;
    this.clock = clock;
  }

  /**
   * Invites {@code email} into {@code tenant} as {@code role}; 409 when the address already belongs
   * to a member. A null email (the operator's first-admin invite only) lets the acceptor name it.
   */
  public Issued create(String tenant, String email, Role role, String actor) {
    String normalized = null;
    if (email != null) {
      normalized = UserRecord.normalizeEmail(email);
      if (normalized.length() > 254 || !EMAIL.matcher(normalized).matches()) {
        throw bad("field 'email' must be an email address");
      }
      directory
          .userByEmail(normalized)
          .flatMap(u -> directory.membership(tenant, u.id()))
          .ifPresent(
              m -> {
                throw new IdentityException(
                    IdentityException.Kind.CONFLICT,
                    email + " is already a member of tenant " + tenant + " (" + m.role() + ")");
              });
    }
    if (role == null) {
      throw bad("field 'role' is required (VIEWER, EDITOR or ADMIN)");
    }
    byte[] id = new byte[8];
    RANDOM.nextBytes(id);
    Instant now = clock.instant();
    InviteRecord blank =
        new InviteRecord(
            "inv-" + HexFormat.of().formatHex(id),
            tenant,
            normalized,
            role,
            null,
            now,
            now,
            null,
            null,
            actor);
    return issue(blank, actor);
  }

  /**
   * The first-admin invite of a tenant without members (a runtime's first start): a new ADMIN
   * invite for {@code email} (null: the acceptor names it), replacing the open ones made the same
   * way; empty once the tenant has a member.
   */
  public Optional<Issued> firstAdmin(String tenant, String email, String actor) {
    if (!directory.members(tenant).isEmpty()) {
      return Optional.empty();
    }
    list(tenant).stream()
        .filter(i -> actor.equals(i.actor()) && i.revokedAt() == null)
        .forEach(i -> write(i.revoked(clock.instant(), actor)));
    return Optional.of(create(tenant, email, Role.ADMIN, actor));
  }

  /** The tenant's invites that are not accepted, newest first. */
  public List<InviteRecord> list(String tenant) {
    return invites.withKeyPrefix(tenant + "|").stream()
        .filter(i -> i.acceptedAt() == null)
        .sorted(Comparator.comparing(InviteRecord::createdAt).reversed())
        .toList();
  }

  /** Revokes an invite of {@code tenant}: its token stops working at once. */
  public void revoke(String tenant, String id, String actor) {
    InviteRecord i = open(tenant, id);
    write(i.revoked(clock.instant(), actor));
  }

  /**
   * A new token and expiry for a pending, expired or revoked invite; the old token stops working.
   */
  public Issued resend(String tenant, String id, String actor) {
    return issue(open(tenant, id), actor);
  }

  /** The usable invite behind {@code token}: 404 unknown, 410 used, revoked or expired. */
  public InviteRecord byToken(String token) {
    String sha = ApiKeyToken.sha256(token == null ? "" : token);
    InviteRecord i =
        invites.values().stream()
            .filter(r -> sha.equals(r.tokenSha256()))
            .findFirst()
            .orElseThrow(
                () ->
                    new IdentityException(IdentityException.Kind.NOT_FOUND, "unknown invite link"));
    String status = i.status(clock.instant());
    if (!status.equals("pending")) {
      throw new IdentityException(
          IdentityException.Kind.GONE, "this invite link is " + status + "; ask for a new one");
    }
    return i;
  }

  /**
   * Accepts the invite behind {@code token}: creates the user (name and password required) or, when
   * the email already has an account, checks its password; adds the membership; marks the invite
   * used. Returns the user.
   */
  public synchronized UserRecord accept(
      String token, String email, String name, String password, PasswordHasher hasher) {
    InviteRecord i = byToken(token);
    String address = i.email() != null ? i.email() : email;
    if (address == null || !EMAIL.matcher(UserRecord.normalizeEmail(address)).matches()) {
      throw bad("field 'email' must be an email address");
    }
    UserRecord user = directory.userByEmail(address).orElse(null);
    if (user != null) {
      if (!hasher.verify(password, user.passwordHash())) {
        throw new IdentityException(
            IdentityException.Kind.BAD_CREDENTIALS,
            "this email already has an account: give its password to accept");
      }
    } else {
      if (name == null || name.isBlank() || name.length() > 200) {
        throw bad("field 'name' is required (at most 200 characters)");
      }
      Instant now = clock.instant();
      user =
          new UserRecord(
              Ids.user(),
              UserRecord.normalizeEmail(address),
              name.strip(),
              hasher.hash(password),
              now,
              now,
              "invite:" + i.id());
      directory.putUser(user);
    }
    if (directory.membership(i.tenantId(), user.id()).isEmpty()) {
      directory.putMembership(
          new MembershipRecord(
              i.tenantId(), user.id(), i.role(), clock.instant(), "invite:" + i.id()));
    }
    write(i.accepted(clock.instant()));
    return user;
  }

  /** The pending invite of {@code email} into {@code tenant}, newest first; empty if none. */
  public Optional<InviteRecord> pendingFor(String tenant, String email) {
    String wanted = UserRecord.normalizeEmail(email);
    Instant now = clock.instant();
    return list(tenant).stream()
        .filter(i -> wanted.equals(i.email()) && i.status(now).equals("pending"))
        .findFirst();
  }

  /**
   * Marks {@code invite} used by a sign-in whose identity provider verified the invited email
   * (single sign-on); the caller adds the membership.
   */
  public synchronized void acceptedBySso(InviteRecord invite) {
    write(invite.accepted(clock.instant()));
  }

  private Issued issue(InviteRecord base, String actor) {
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    Instant now = clock.instant();
    InviteRecord i = base.withToken(ApiKeyToken.sha256(token), now, now.plus(ttl), actor);
    write(i);
    return new Issued(i, token);
  }

  private InviteRecord open(String tenant, String id) {
    return invites
        .get(tenant + "|" + id)
        .filter(i -> i.acceptedAt() == null)
        .orElseThrow(
            () -> new IdentityException(IdentityException.Kind.NOT_FOUND, "no open invite " + id));
  }

  private void write(InviteRecord i) {
    writer.put(Topics.CONTROL_INVITES, i.key(), i);
    Visibility.await("invite " + i.id(), () -> i.equals(invites.get(i.key()).orElse(null)));
  }

  private static IdentityException bad(String message) {
    return new IdentityException(IdentityException.Kind.BAD_REQUEST, message);
  }
}
