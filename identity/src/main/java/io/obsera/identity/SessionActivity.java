package io.obsera.identity;

import java.time.Instant;

/**
 * When a session was last used (compacted session-activity topic, key: the session id). Kept apart
 * from the session so that a late activity record can never bring back a signed-out session.
 */
public record SessionActivity(String sessionId, Instant lastSeenAt) {}
