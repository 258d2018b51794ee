package io.obsera.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed sign-ins per account and per client address, with exponential backoff: after {@code free}
 * failures in a row, the next attempt must wait 1 s, then 2 s, 4 s, ... up to 15 minutes (429 with
 * Retry-After). A success clears the account's count; a key unused for 15 minutes is forgotten.
 * Kept per query-service instance.
 */
public final class LoginThrottle {
  static final Duration MAX_BACKOFF = Duration.ofMinutes(15);
  private static final int MAX_ENTRIES = 100_000;

  private record Failures(int count, Instant last) {}

  private final Clock clock;
  private final int freePerAccount;
  private final int freePerAddress;
  private final Map<String, Failures> failures = new ConcurrentHashMap<>();

  public LoginThrottle(Clock clock, int freePerAccount, int freePerAddress) {
    this.clock = clock;
    this.freePerAccount = freePerAccount;
    this.freePerAddress = freePerAddress;
  }

  /** 5 free failures per account, 20 per client address. */
  public LoginThrottle(Clock clock) {
    this(clock, 5, 20);
  }

  /** Refuses the attempt (429) while the account or the address must still wait. */
  public void check(String account, String address) {
    Instant now = clock.instant();
    Duration wait =
        max(
            waitFor("a:" + account, freePerAccount, now),
            waitFor("c:" + address, freePerAddress, now));
    if (!wait.isZero()) {
      throw new IdentityException(
          IdentityException.Kind.THROTTLED,
          "too many failed sign-ins; retry in " + Math.max(1, wait.toSeconds()) + " s",
          wait);
    }
  }

  public void failed(String account, String address) {
    Instant now = clock.instant();
    if (failures.size() > MAX_ENTRIES) {
      failures.values().removeIf(f -> f.last().plus(MAX_BACKOFF).isBefore(now));
    }
    failures.merge(
        "a:" + account, new Failures(1, now), (a, b) -> new Failures(a.count() + 1, now));
    failures.merge(
        "c:" + address, new Failures(1, now), (a, b) -> new Failures(a.count() + 1, now));
  }

  public void succeeded(String account) {
    failures.remove("a:" + account);
  }

  private Duration waitFor(String key, int free, Instant now) {
    Failures f = failures.get(key);
    if (f == null) {
      return Duration.ZERO;
    }
    if (f.last().plus(MAX_BACKOFF).isBefore(now)) {
      failures.remove(key, f);
      return Duration.ZERO;
    }
    if (f.count() < free) {
      return Duration.ZERO;
    }
    int over = Math.min(f.count() - free, 20);
    Duration backoff = Duration.ofSeconds(1L << over);
    if (backoff.compareTo(MAX_BACKOFF) > 0) {
      backoff = MAX_BACKOFF;
    }
    Duration left = Duration.between(now, f.last().plus(backoff));
    return left.isNegative() ? Duration.ZERO : left;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
