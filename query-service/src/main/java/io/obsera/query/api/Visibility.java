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

  /** Waits until {@code visible} holds; 503 after 10 s. */
  public static void await(BooleanSupplier visible) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!visible.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw ApiException.unavailable(
            "the write was accepted but is not yet visible; retry shortly");
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
