package io.obsera.alert.route;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The durable state of one notification group (Alertmanager's aggregation group): the alerts of one
 * tenant that one route put together because their {@code groupBy} labels agree.
 *
 * @param tenantId the tenant
 * @param fingerprint the group key, stable for (tenant, route, group label values): the
 *     notifications' fingerprint, so a receiver's dedup key matches trigger and resolve
 * @param routeId which route made the group ({@code routes[i]} or {@code default})
 * @param groupLabels the {@code groupBy} labels and their values
 * @param channels the channel ids notified
 * @param nextFlushAt when the group is looked at next: {@code groupWait} after it appeared, then
 *     every {@code groupInterval}
 * @param lastNotifiedAt when a notification last went out; null before the first
 * @param counter notifications sent so far (the last one's sequence)
 * @param members fingerprints of the alerts in the group (firing, or resolved and not yet told)
 * @param notifiedFiring the fingerprints the last notification announced as firing
 */
record AlertGroup(
    String tenantId,
    String fingerprint,
    String routeId,
    Map<String, String> groupLabels,
    java.util.List<String> channels,
    long groupWaitMs,
    long groupIntervalMs,
    long repeatIntervalMs,
    Instant createdAt,
    Instant nextFlushAt,
    Instant lastNotifiedAt,
    long counter,
    Set<String> members,
    Set<String> notifiedFiring) {

  AlertGroup {
    groupLabels = new TreeMap<>(groupLabels == null ? Map.of() : groupLabels);
    channels = channels == null ? java.util.List.of() : java.util.List.copyOf(channels);
    members = new TreeSet<>(members == null ? Set.of() : members);
    notifiedFiring = new TreeSet<>(notifiedFiring == null ? Set.of() : notifiedFiring);
  }

  /**
   * A new group at {@code now}; {@code counter} continues the count of an earlier life of the same
   * key, so no two notifications of one key share a sequence (and a delivery id).
   */
  static AlertGroup open(
      RouteResolver.Placement p, String tenantId, String key, long counter, Instant now) {
    return new AlertGroup(
        tenantId,
        key,
        p.routeId(),
        p.groupLabels(),
        p.channels(),
        p.groupWaitMs(),
        p.groupIntervalMs(),
        p.repeatIntervalMs(),
        now,
        now.plusMillis(p.groupWaitMs()),
        null,
        counter,
        Set.of(),
        Set.of());
  }

  String storeKey() {
    return tenantId + "|" + fingerprint;
  }

  AlertGroup withMember(String alertFingerprint) {
    Set<String> m = new TreeSet<>(members);
    m.add(alertFingerprint);
    return new AlertGroup(
        tenantId,
        fingerprint,
        routeId,
        groupLabels,
        channels,
        groupWaitMs,
        groupIntervalMs,
        repeatIntervalMs,
        createdAt,
        nextFlushAt,
        lastNotifiedAt,
        counter,
        m,
        notifiedFiring);
  }

  /** The state after a flush at {@code now}. */
  AlertGroup flushed(
      Instant now, boolean notified, Set<String> remaining, Set<String> announcedFiring) {
    return new AlertGroup(
        tenantId,
        fingerprint,
        routeId,
        groupLabels,
        channels,
        groupWaitMs,
        groupIntervalMs,
        repeatIntervalMs,
        createdAt,
        now.plusMillis(groupIntervalMs),
        notified ? now : lastNotifiedAt,
        notified ? counter + 1 : counter,
        remaining,
        notified ? announcedFiring : notifiedFiring);
  }

  boolean due(Instant now) {
    return !now.isBefore(nextFlushAt);
  }

  boolean repeatDue(Instant now) {
    return lastNotifiedAt != null
        && !now.isBefore(lastNotifiedAt.plus(Duration.ofMillis(repeatIntervalMs)));
  }
}
