package io.obsera.platform.control;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Read your own writes: a control-plane write goes to Kafka and comes back through this instance's
 * view, so a write returns once the view shows it and a follow-up request sees it. Used by the
 * query service and the identity module alike.
 */
public final class Visibility {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private Visibility() {}

  /**
   * Waits until {@code visible} holds; after 10 s a {@link ControlPlaneUnavailableException} (503)
   * naming {@code what}. An interrupt ends the wait quietly (the interrupt flag stays set).
   */
  public static void await(String what, BooleanSupplier visible) {
    if (!awaitUpTo(TIMEOUT, visible) && !Thread.currentThread().isInterrupted()) {
      throw new ControlPlaneUnavailableException(
          what + " was accepted but is not yet visible", null);
    }
  }

  /** {@link #await(String, BooleanSupplier)} of a write. */
  public static void await(BooleanSupplier visible) {
    await("the write", visible);
  }

  /**
   * Waits up to {@code timeout} until {@code condition} holds, checking every 2 ms; whether it
   * held. False when the time ran out or the thread was interrupted (its interrupt flag stays set).
   */
  public static boolean awaitUpTo(Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      try {
        Thread.sleep(2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }
}
