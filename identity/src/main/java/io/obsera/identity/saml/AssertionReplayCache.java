package io.obsera.identity.saml;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The assertion ids this instance has accepted, each remembered until its assertion can no longer
 * be accepted anyway (its latest {@code NotOnOrAfter} plus the clock skew). In memory, per query
 * service instance; bounded: when full of live ids, new sign-ins are refused rather than forgetting
 * one early.
 */
public final class AssertionReplayCache {
  private final Map<String, Instant> seen = new ConcurrentHashMap<>();
  private final Clock clock;
  private final int capacity;

  public AssertionReplayCache(Clock clock) {
    this(clock, 100_000);
  }

  AssertionReplayCache(Clock clock, int capacity) {
    this.clock = clock;
    this.capacity = capacity;
  }

  /**
   * Remembers {@code id} until {@code until}; false when it was already remembered (a replay) or
   * the cache is full of live ids.
   */
  public boolean firstUse(String id, Instant until) {
    Instant now = clock.instant();
    if (seen.size() >= capacity) {
      seen.values().removeIf(expiry -> !expiry.isAfter(now));
      if (seen.size() >= capacity) {
        return false;
      }
    }
    Instant[] before = new Instant[1];
    seen.compute(
        id,
        (k, old) -> {
          before[0] = old;
          return old != null && old.isAfter(now) ? old : until;
        });
    return before[0] == null || !before[0].isAfter(now);
  }

  int size() {
    return seen.size();
  }
}
