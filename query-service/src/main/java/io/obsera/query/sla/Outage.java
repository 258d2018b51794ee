package io.obsera.query.sla;

import io.obsera.model.probe.OutageEvent;
import java.time.Instant;
import java.util.List;

/**
 * One outage of an endpoint as stored in {@code outages} (its latest row).
 *
 * @param end null while the outage is open
 */
public record Outage(
    String outageId,
    String endpointId,
    OutageEvent.Kind kind,
    Instant start,
    Instant end,
    List<String> regions,
    String cause) {

  public boolean open() {
    return end == null;
  }

  /**
   * Its interval, an open one lasting until {@code now}; empty when it starts after {@code now}.
   */
  Intervals interval(Instant now) {
    return Intervals.of(start, end == null ? now : (end.isAfter(now) ? now : end));
  }
}
