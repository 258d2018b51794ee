package io.obsera.alert.delivery;

/** How a delivery ended. */
public enum DeliveryOutcome {
  /** The receiver accepted the notification (2xx, SMTP 250). */
  DELIVERED,
  /** The receiver rejected it (4xx other than 408/429, SMTP 5xx): not retried. */
  REJECTED,
  /** Every attempt failed with a retryable error, or the receiver asked to wait too long. */
  GAVE_UP,
  /** The destination's circuit breaker is open: not attempted (further attempts skipped). */
  CIRCUIT_OPEN,
  /** The destination may not be contacted (SSRF rule): nothing was sent. */
  REFUSED;

  /** Whether trying the same notification again later can succeed without a config change. */
  public boolean retryLater() {
    return this == GAVE_UP || this == CIRCUIT_OPEN;
  }
}
