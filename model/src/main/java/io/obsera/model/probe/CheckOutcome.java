package io.obsera.model.probe;

/** The verdict of one check from one region. */
public enum CheckOutcome {
  /** Expected status, body matched, within the latency threshold, certificate not expiring. */
  UP,
  /** Answered correctly but slower than the threshold, or the certificate expires soon. */
  DEGRADED,
  /** No answer in time, connection or TLS failure, unexpected status or body, refused target. */
  DOWN
}
