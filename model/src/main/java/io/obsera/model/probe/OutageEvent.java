package io.obsera.model.probe;

import java.time.Instant;
import java.util.List;

/**
 * A change of an endpoint's outage state, emitted by the topology on {@code obsera.outages.events}
 * (JSON, key {@code tenant|endpointId}) and stored in {@code outages} (latest row per outage id
 * wins). Alerting (#7) fires on OPEN and resolves on RESOLVED, using {@link #outageId} as the
 * deduplication key.
 *
 * @param kind DOWN (quorum of regions failing), DEGRADED (slow or certificate expiring) or NO_DATA
 *     (no region reported for three intervals)
 * @param state OPEN when it starts (and when its regions or cause change while open), RESOLVED once
 *     it ends
 * @param outageId stable for the life of the outage: {@code tenant|endpoint|kind|startMillis}
 * @param regions the regions failing (for DOWN and DEGRADED) when the event was emitted
 * @param endedAt null while OPEN
 * @param time when the event was emitted (the time of the check that caused it)
 */
public record OutageEvent(
    String tenantId,
    String endpointId,
    String outageId,
    Kind kind,
    State state,
    Instant startedAt,
    Instant endedAt,
    List<String> regions,
    String cause,
    Instant time) {

  public enum Kind {
    DOWN,
    DEGRADED,
    NO_DATA
  }

  public enum State {
    OPEN,
    RESOLVED
  }

  public static String outageId(String tenantId, String endpointId, Kind kind, Instant start) {
    return tenantId + "|" + endpointId + "|" + kind + "|" + start.toEpochMilli();
  }

  /** The Kafka key: {@code tenant|endpointId}. */
  public String key() {
    return tenantId + "|" + endpointId;
  }
}
