package io.obsera.identity;

import io.obsera.platform.control.ControlPlaneUnavailableException;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits until this instance's view shows a write it just made (read your own writes): Kafka
 * acknowledged it, the view's consumer receives it within milliseconds.
 */
final class Visible {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private Visible() {}

  static void await(String what, BooleanSupplier done) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new ControlPlaneUnavailableException(
            what + " was written but is not visible yet", null);
      }
      try {
        Thread.sleep(2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ControlPlaneUnavailableException("interrupted waiting for " + what, e);
      }
    }
  }
}
