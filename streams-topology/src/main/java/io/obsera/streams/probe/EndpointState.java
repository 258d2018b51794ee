package io.obsera.streams.probe;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the outage state machine keeps per endpoint (store {@link OutageTopology#STATE_STORE}, key
 * {@code tenant|endpointId}).
 *
 * @param regions per region of the definition that reported, its latest view
 * @param down the open DOWN outage, or null
 * @param degraded the open DEGRADED outage, or null
 * @param noData the open NO_DATA outage, or null
 * @param lastCheck time of the latest check from any region (event time)
 * @param lastArrivalMillis wall-clock time at which the latest check was processed
 * @param lastDownEnd when the latest DOWN outage ended (a DEGRADED outage never starts before)
 */
record EndpointState(
    Map<String, RegionState> regions,
    OpenOutage down,
    OpenOutage degraded,
    OpenOutage noData,
    Instant lastCheck,
    long lastArrivalMillis,
    Instant lastDownEnd) {

  EndpointState {
    regions = regions == null ? new TreeMap<>() : new TreeMap<>(regions);
  }

  static EndpointState empty() {
    return new EndpointState(Map.of(), null, null, null, null, 0, null);
  }

  boolean anyOpen() {
    return down != null || degraded != null || noData != null;
  }
}
