package io.obsera.identity;

import io.obsera.model.Topics;
import io.obsera.model.control.Role;
import io.obsera.platform.control.ControlPlaneWriter;
import io.obsera.platform.control.KeyedTopicView;
import io.obsera.platform.control.Visibility;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Users and their memberships, read from this instance's views of the compacted topics and written
 * through the control-plane writer. A write returns once this instance's view shows it. The last
 * admin of a tenant can be neither removed nor demoted (409).
 */
public final class Directory {
  private final KeyedTopicView<UserRecord> users;
  private final KeyedTopicView<MembershipRecord> memberships;
  private final ControlPlaneWriter writer;

  Directory(
      KeyedTopicView<UserRecord> users,
      KeyedTopicView<MembershipRecord> memberships,
      ControlPlaneWriter writer) {
    this.users = users;
    this.memberships = memberships;
    this.writer = writer;
  }

  public Optional<UserRecord> user(String userId) {
    return users.get(userId);
  }

  public Optional<UserRecord> userByEmail(String email) {
    String wanted = UserRecord.normalizeEmail(email);
    return users.values().stream()
        .filter(u -> UserRecord.normalizeEmail(u.email()).equals(wanted))
        .min(Comparator.comparing(UserRecord::createdAt));
  }

  public Optional<MembershipRecord> membership(String tenantId, String userId) {
    return memberships.get(MembershipRecord.key(tenantId, userId));
  }

  /** The user's memberships, by tenant id. */
  public List<MembershipRecord> membershipsOf(String userId) {
    return memberships.values().stream()
        .filter(m -> m.userId().equals(userId))
        .sorted(Comparator.comparing(MembershipRecord::tenantId))
        .toList();
  }

  /** The tenant's members. */
  public List<MembershipRecord> members(String tenantId) {
    return memberships.withKeyPrefix(tenantId + "|").stream()
        .sorted(Comparator.comparing(MembershipRecord::userId))
        .toList();
  }

  public void putUser(UserRecord user) {
    writer.put(Topics.CONTROL_USERS, user.id(), user);
    Visibility.await("user " + user.id(), () -> user.equals(users.get(user.id()).orElse(null)));
  }

  /**
   * Records {@code userId}'s session cut-off ({@link UserRecord#sessionsValidFrom()}): every
   * session of the account created before {@code from} is refused on every instance once it reads
   * this, but the one whose id is {@code keptSessionId} (null: none). Nothing for an unknown user.
   */
  public void cutOffSessions(String userId, Instant from, String keptSessionId) {
    user(userId).ifPresent(u -> putUser(u.withSessionsValidFrom(from, keptSessionId)));
  }

  /** Sets a member's role; demoting the tenant's last admin is refused (409). */
  public void putMembership(MembershipRecord m) {
    Optional<MembershipRecord> current = membership(m.tenantId(), m.userId());
    if (current.isPresent() && current.get().role() == Role.ADMIN && m.role() != Role.ADMIN) {
      requireAnotherAdmin(m.tenantId(), m.userId(), "demoted");
    }
    writer.put(Topics.CONTROL_MEMBERSHIPS, m.key(), m);
    Visibility.await(
        "membership " + m.key(), () -> m.equals(memberships.get(m.key()).orElse(null)));
  }

  /** Removes a member; removing the tenant's last admin is refused (409). */
  public void removeMembership(String tenantId, String userId) {
    MembershipRecord current =
        membership(tenantId, userId)
            .orElseThrow(
                () ->
                    new IdentityException(IdentityException.Kind.NOT_FOUND, "no member " + userId));
    if (current.role() == Role.ADMIN) {
      requireAnotherAdmin(tenantId, userId, "removed");
    }
    writer.delete(Topics.CONTROL_MEMBERSHIPS, current.key());
    Visibility.await("removal of " + current.key(), () -> memberships.get(current.key()).isEmpty());
  }

  private void requireAnotherAdmin(String tenantId, String userId, String what) {
    boolean another =
        members(tenantId).stream()
            .anyMatch(o -> o.role() == Role.ADMIN && !Objects.equals(o.userId(), userId));
    if (!another) {
      throw new IdentityException(
          IdentityException.Kind.CONFLICT,
          "the last admin of tenant " + tenantId + " cannot be " + what);
    }
  }
}
