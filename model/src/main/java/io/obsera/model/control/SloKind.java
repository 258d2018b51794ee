package io.obsera.model.control;

/** What an SLO counts as good. */
public enum SloKind {
  /** Good: a matching span whose status is not ERROR. */
  AVAILABILITY,
  /** Good: a matching span whose duration is at most the threshold. */
  LATENCY,
  /** Good: a health check of the SLO's endpoint (one per check and region) that passed. */
  UPTIME
}
