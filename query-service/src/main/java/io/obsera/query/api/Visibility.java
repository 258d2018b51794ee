package io.obsera.query.api;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Control-plane writes go to Kafka and come back through this service's view; a write returns once
 * the view shows it, so a follow-up request sees it.
 */
public final class Visibility {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private Visibility() {}

  /** Waits until {@code visible} holds; 503 after 10 s (an interrupt ends the wait quietly). */
  public static void await(BooleanSupplier visible) {
    if (!awaitUpTo(TIMEOUT, visible) && !Thread.currentThread().isInterrupted()) {
      throw ApiException.unavailable(
          "the write was accepted but is not yet visible; retry shortly");
    }
  }

  /**
   * Waits up to {@code timeout} until {@code condition} holds, checking every 10 ms; whether it
   * held. False when the time ran out or the thread was interrupted (its interrupt flag stays set).
   */
  public static boolean awaitUpTo(Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }
}
