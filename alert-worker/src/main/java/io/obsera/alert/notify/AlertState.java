package io.obsera.alert.notify;

/** Whether a notification announces a firing alert or its resolution. */
public enum AlertState {
  FIRING,
  RESOLVED
}
