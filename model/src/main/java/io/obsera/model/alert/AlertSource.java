package io.obsera.model.alert;

/** What raised an alert. */
public enum AlertSource {
  /** An SLO's burn rates crossed a burn-rate condition of an alert rule. */
  BURN_RATE,
  /** A threshold rule: error rate, latency percentile, request rate or any metric. */
  THRESHOLD,
  /** A no-data rule: the data a rule watches stopped arriving. */
  NO_DATA,
  /** An endpoint outage (DOWN, DEGRADED or NO_DATA) of the probes (#6). */
  OUTAGE
}
