package io.obsera.query.alerts;

import io.obsera.query.api.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * How often channel tests may be sent, so the test button cannot be used to flood a receiver: at
 * most one per channel every {@code perChannel}, and {@code perTenantPerHour} per tenant in any
 * hour; beyond that 429 with {@code Retry-After}. Counted per query-service instance, in memory.
 */
public final class TestThrottle {
  private static final Duration HOUR = Duration.ofHours(1);

  private final Duration perChannel;
  private final int perTenantPerHour;
  private final Clock clock;
  private final Map<String, Instant> lastByChannel = new HashMap<>();
  private final Map<String, Deque<Instant>> byTenant = new HashMap<>();

  public TestThrottle(Duration perChannel, int perTenantPerHour, Clock clock) {
    this.perChannel = perChannel;
    this.perTenantPerHour = perTenantPerHour;
    this.clock = clock;
  }

  /** Counts a test of the channel, or refuses it (429) naming when the next one is allowed. */
  public synchronized void acquire(String tenant, String channel) {
    Instant now = clock.instant();
    Instant last = lastByChannel.get(tenant + "|" + channel);
    if (last != null && last.plus(perChannel).isAfter(now)) {
      throw refused(
          "one test per channel every " + perChannel.toSeconds() + " s",
          Duration.between(now, last.plus(perChannel)));
    }
    Deque<Instant> recent = byTenant.computeIfAbsent(tenant, t -> new ArrayDeque<>());
    while (!recent.isEmpty() && !recent.peekFirst().plus(HOUR).isAfter(now)) {
      recent.pollFirst();
    }
    if (recent.size() >= perTenantPerHour) {
      throw refused(
          perTenantPerHour + " channel tests per tenant an hour",
          Duration.between(now, recent.peekFirst().plus(HOUR)));
    }
    recent.addLast(now);
    lastByChannel.put(tenant + "|" + channel, now);
  }

  private static ApiException refused(String rule, Duration wait) {
    int seconds = (int) Math.max(1, (wait.toMillis() + 999) / 1000);
    return ApiException.quotaExceeded(
        "too many channel tests (" + rule + "); try again in " + seconds + " s", seconds);
  }
}
