package io.obsera.identity;

import java.time.Instant;

/**
 * A tenant's sign-in policy (compacted auth-policies topic, key: the tenant id): whether its
 * members must use a second factor (TOTP) when they sign in with a password. No record: not
 * required.
 */
public record AuthPolicyRecord(
    String tenantId, boolean mfaRequired, Instant updatedAt, String updatedBy) {}
