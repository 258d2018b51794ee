package io.obsera.identity;

import io.obsera.model.control.Role;
import java.time.Instant;

/** A user's role in one tenant (compacted memberships topic, key {@code tenant|userId}). */
public record MembershipRecord(
    String tenantId, String userId, Role role, Instant updatedAt, String actor) {

  public String key() {
    return key(tenantId, userId);
  }

  public static String key(String tenantId, String userId) {
    return tenantId + "|" + userId;
  }
}
