package io.obsera.query.sql;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * When to try a failing periodic task again: {@code first} after the first failure, doubling after
 * each further one up to {@code max}; a success makes the next attempt due at once. Keeps a task
 * that fails for good (e.g. ClickHouse refusing the admin user a grant) from running, and logging,
 * on every tick, while one that fails briefly (ClickHouse restarting) is retried soon.
 */
final class RetryBackoff {
  private final LongSupplier nanoTime;
  private final long firstNanos;
  private final long maxNanos;
  private long delayNanos;
  private long dueAt;
  private boolean failing;

  RetryBackoff(LongSupplier nanoTime, Duration first, Duration max) {
    this.nanoTime = nanoTime;
    this.firstNanos = first.toNanos();
    this.maxNanos = max.toNanos();
    this.delayNanos = firstNanos;
  }

  /** Whether an attempt is due now. */
  synchronized boolean due() {
    return !failing || nanoTime.getAsLong() - dueAt >= 0;
  }

  synchronized void failed() {
    dueAt = nanoTime.getAsLong() + delayNanos;
    delayNanos = Math.min(maxNanos, delayNanos * 2);
    failing = true;
  }

  synchronized void succeeded() {
    failing = false;
    delayNanos = firstNanos;
  }

  /**
   * A failure's message without the parts that differ between attempts of the same failure (the
   * ClickHouse client's {@code (queryId= ...)}): equal for the same cause, so it is logged once.
   */
  static String cause(String message) {
    return String.valueOf(message).replaceAll("\\s*\\(queryId=[^)]*\\)", "");
  }
}
