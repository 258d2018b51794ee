package io.obsera.alert.evaluate;

import io.obsera.model.alert.AlertEvent;
import io.obsera.model.alert.AlertState;
import java.time.Instant;

/**
 * The state of one alert, in a changelogged store so that a restart or a replay never fires it
 * again: since when its condition holds without having fired yet ({@code pendingSince}), or the
 * last event it emitted and the detail that event told.
 */
record AlertStatus(Instant pendingSince, AlertEvent last, String detail) {

  static AlertStatus pending(Instant since) {
    return new AlertStatus(since, null, null);
  }

  boolean firing() {
    return last != null && last.state() == AlertState.FIRING;
  }

  boolean resolved() {
    return last != null && last.state() == AlertState.RESOLVED;
  }
}
