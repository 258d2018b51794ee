package io.obsera.streams.probe;

import io.obsera.model.probe.CheckOutcome;
import io.obsera.model.probe.HealthCheck;
import java.time.Instant;

/**
 * One region's view of an endpoint: its latest check, how many DOWN checks in a row it saw (and
 * since when), and since when its latest checks are DEGRADED.
 *
 * @param failingSince time of the first DOWN check of the current run, null when the latest is not
 *     DOWN
 * @param degradedSince time of the first DEGRADED check of the current run, null when the latest is
 *     not DEGRADED
 */
record RegionState(
    CheckOutcome outcome,
    Instant time,
    int failures,
    Instant failingSince,
    Instant degradedSince,
    String error) {

  /** This region after {@code c} (a check from this region, not older than {@link #time}). */
  static RegionState after(RegionState prev, HealthCheck c) {
    boolean wasDown = prev != null && prev.outcome == CheckOutcome.DOWN;
    boolean wasDegraded = prev != null && prev.outcome == CheckOutcome.DEGRADED;
    return switch (c.outcome()) {
      case DOWN ->
          new RegionState(
              c.outcome(),
              c.time(),
              wasDown ? prev.failures + 1 : 1,
              wasDown ? prev.failingSince : c.time(),
              null,
              c.error());
      case DEGRADED ->
          new RegionState(
              c.outcome(),
              c.time(),
              0,
              null,
              wasDegraded ? prev.degradedSince : c.time(),
              c.error());
      case UP -> new RegionState(c.outcome(), c.time(), 0, null, null, c.error());
    };
  }

  boolean failing(int threshold) {
    return outcome == CheckOutcome.DOWN && failures >= threshold;
  }

  boolean degraded() {
    return outcome == CheckOutcome.DEGRADED;
  }
}
