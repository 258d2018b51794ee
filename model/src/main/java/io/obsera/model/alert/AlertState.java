package io.obsera.model.alert;

/** Whether a notification announces a firing alert or its resolution. */
public enum AlertState {
  FIRING,
  RESOLVED
}
