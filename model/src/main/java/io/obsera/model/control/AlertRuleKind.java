package io.obsera.model.control;

/** The kinds of alert rules. */
public enum AlertRuleKind {
  /** Multi-window burn-rate conditions on one SLO ({@link AlertRule#burnConditions()}). */
  BURN_RATE,
  /** A signal above or below a threshold for a duration. */
  THRESHOLD,
  /** A signal without any data for a duration. */
  NO_DATA
}
