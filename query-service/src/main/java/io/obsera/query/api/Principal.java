package io.obsera.query.api;

import io.obsera.model.control.Role;

/**
 * Who a tenant request acts as: an API key with the query scope, or a signed-in user's session.
 *
 * @param tenantId the tenant every read and write is confined to
 * @param role what it may do there (a key's role; a user's membership)
 * @param actor who made a change, for the audit trail: {@code key:<keyId>} or {@code user:<userId>}
 * @param userId the signed-in user, or null for a key
 * @param sessionToken the session token (cookie) of a signed-in user, or null for a key
 */
public record Principal(
    String tenantId, Role role, String actor, String userId, String sessionToken) {

  public boolean isSession() {
    return sessionToken != null;
  }
}
