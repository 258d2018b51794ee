package io.obsera.model.alert;

/** How urgently a notification wants attention. */
public enum Severity {
  /** Wake someone up (PagerDuty {@code critical}). */
  PAGE,
  /** Needs a look during working hours (PagerDuty {@code warning}). */
  TICKET,
  /** For the record (PagerDuty {@code info}). */
  INFO
}
