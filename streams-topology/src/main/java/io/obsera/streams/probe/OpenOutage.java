package io.obsera.streams.probe;

import java.time.Instant;
import java.util.List;

/** An outage while it is open, as the state machine keeps it. */
record OpenOutage(
    String outageId, Instant startedAt, List<String> regions, String cause, Instant lastEventAt) {

  OpenOutage {
    regions = List.copyOf(regions);
  }

  /**
   * The time for this outage's next event: {@code t}, but always after its previous event, so the
   * latest row wins in {@code outages} (ReplacingMergeTree by event time).
   */
  Instant nextEventTime(Instant t) {
    return t.isAfter(lastEventAt) ? t : lastEventAt.plusMillis(1);
  }
}
