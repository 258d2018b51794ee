package io.obsera.identity;

import java.time.Instant;

/**
 * A sign-in session (compacted sessions topic, key {@code id}, the SHA-256 of the session token;
 * the token itself is never stored). It ends at {@code expiresAt}, when unused for the idle time,
 * or when signed out (tombstone).
 */
public record SessionRecord(
    String id, String userId, String tenantId, Instant createdAt, Instant expiresAt) {}
