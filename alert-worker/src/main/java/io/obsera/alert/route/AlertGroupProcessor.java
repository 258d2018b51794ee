package io.obsera.alert.route;

import io.obsera.alert.outbox.OutboxRecord;
import io.obsera.model.Json;
import io.obsera.model.alert.AlertEvent;
import io.obsera.model.alert.AlertState;
import io.obsera.model.control.AlertRouting;
import io.obsera.model.control.InhibitRule;
import io.obsera.model.control.Silence;
import io.obsera.platform.kafka.OnDemandPunctuation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alert events of the tenants of one task (keyed by tenant) in, outbox records out. An event is
 * dropped when its alert already had that sequence (or a later firing); a firing alert joins the
 * groups its tenant's routing places it in. Every tick (wall-clock, now from the clock) each group
 * due is flushed ({@link GroupFlusher}) with the tenant's silences and inhibitions at that instant,
 * and its notification goes to each of the group's channels.
 */
final class AlertGroupProcessor implements Processor<String, byte[], String, OutboxRecord> {
  private OnDemandPunctuation ticks;
  private static final Logger log = LoggerFactory.getLogger(AlertGroupProcessor.class);
  private static final StringSerializer KEYS = new StringSerializer();

  private final RoutingConfig config;
  private final Clock clock;
  private final GroupFlusher flusher;
  private final RoutingTopology.Counters counters;
  private ProcessorContext<String, OutboxRecord> context;
  private KeyValueStore<String, TrackedAlert> alerts;
  private KeyValueStore<String, AlertGroup> groups;
  private KeyValueStore<String, Long> groupCounters;
  private ReadOnlyKeyValueStore<String, AlertRouting> routings;
  private ReadOnlyKeyValueStore<String, Silence> silences;
  private ReadOnlyKeyValueStore<String, ChannelRef> channels;
  private Instant lastPurge = Instant.EPOCH;

  AlertGroupProcessor(RoutingConfig config, Clock clock, RoutingTopology.Counters counters) {
    this.config = config;
    this.clock = clock;
    this.flusher = new GroupFlusher(new NotificationComposer(config.publicUrl()));
    this.counters = counters;
  }

  @Override
  public void init(ProcessorContext<String, OutboxRecord> context) {
    this.context = context;
    this.alerts = context.getStateStore(RoutingTopology.ALERTS_STORE);
    this.groups = context.getStateStore(RoutingTopology.GROUPS_STORE);
    this.groupCounters = context.getStateStore(RoutingTopology.COUNTERS_STORE);
    this.routings = context.getStateStore(RoutingTopology.ROUTING_STORE);
    this.silences = context.getStateStore(RoutingTopology.SILENCES_STORE);
    this.channels = context.getStateStore(RoutingTopology.CHANNELS_STORE);
    // runs while groups are open or alerts are tracked (their purge): an idle worker commits no
    // transaction
    ticks =
        new OnDemandPunctuation(
            context,
            config.tick(),
            t -> {
              onTick();
              return OnDemandPunctuation.holdsAny(groups) || OnDemandPunctuation.holdsAny(alerts);
            });
    if (OnDemandPunctuation.holdsAny(groups) || OnDemandPunctuation.holdsAny(alerts)) {
      ticks.start();
    }
  }

  @Override
  public void process(Record<String, byte[]> record) {
    ticks.start();
    AlertEvent e = parse(record);
    if (e == null) {
      return;
    }
    TrackedAlert known = alerts.get(e.key());
    if (known != null && known.supersedes(e)) {
      counters.duplicates.incrementAndGet();
      return;
    }
    TrackedAlert next = known == null ? new TrackedAlert(e, List.of()) : known.with(e);
    boolean rejoin = next.groups().isEmpty() || !known.firing();
    if (e.state() == AlertState.FIRING && rejoin) {
      next = next.joined(join(e));
    }
    alerts.put(e.key(), next);
  }

  /** Puts a firing alert into its groups (opening them as needed); returns their store keys. */
  private List<String> join(AlertEvent e) {
    String tenant = e.tenantId();
    List<String> channelIds = new ArrayList<>();
    try (KeyValueIterator<String, ChannelRef> it = channels.prefixScan(tenant + "|", KEYS)) {
      it.forEachRemaining(kv -> channelIds.add(kv.value.id()));
    }
    List<String> keys = new ArrayList<>();
    for (RouteResolver.Placement p :
        RouteResolver.place(routings.get(tenant), channelIds, e.labels())) {
      String groupKey = p.groupKey(tenant);
      String storeKey = tenant + "|" + groupKey;
      AlertGroup g = groups.get(storeKey);
      if (g == null) {
        Long before = groupCounters.get(storeKey);
        g = AlertGroup.open(p, tenant, groupKey, before == null ? 0 : before, clock.instant());
      }
      groups.put(storeKey, g.withMember(e.fingerprint()));
      keys.add(storeKey);
    }
    if (keys.isEmpty()) {
      counters.unrouted.incrementAndGet();
    }
    return keys;
  }

  private AlertEvent parse(Record<String, byte[]> record) {
    try {
      AlertEvent e = Json.MAPPER.readValue(record.value(), AlertEvent.class);
      if (e.tenantId() == null
          || !e.tenantId().equals(record.key())
          || e.fingerprint() == null
          || e.fingerprint().isBlank()
          || e.state() == null
          || e.severity() == null
          || e.startsAt() == null
          || e.sequence() < 1) {
        throw new IllegalArgumentException(
            "tenantId (the key's), fingerprint, state, severity, startsAt and sequence >= 1 are"
                + " required");
      }
      return e;
    } catch (Exception ex) {
      counters.skippedEvents.incrementAndGet();
      log.warn("skipping alert event of tenant {}: {}", record.key(), ex.getMessage());
      return null;
    }
  }

  private void onTick() {
    Instant now = clock.instant();
    List<AlertGroup> due = new ArrayList<>();
    try (KeyValueIterator<String, AlertGroup> it = groups.all()) {
      it.forEachRemaining(kv -> addIfDue(kv, now, due));
    }
    Map<String, Muting> mutings = new HashMap<>();
    for (AlertGroup g : due) {
      Muting muting = mutings.computeIfAbsent(g.tenantId(), t -> muting(t, now));
      Map<String, TrackedAlert> members = new HashMap<>();
      for (String fp : g.members()) {
        TrackedAlert t = alerts.get(g.tenantId() + "|" + fp);
        if (t != null) {
          members.put(fp, t);
        }
      }
      GroupFlusher.Outcome o = flusher.flush(g, members, muting, now);
      if (o.notification() != null) {
        for (String channelId : g.channels()) {
          OutboxRecord out = new OutboxRecord(channelId, o.notification());
          context.forward(new Record<>(out.key(), out, now.toEpochMilli()));
        }
        counters.notifications.incrementAndGet();
      }
      if (o.drop()) {
        groups.delete(g.storeKey());
        groupCounters.put(g.storeKey(), o.next().counter());
      } else {
        groups.put(g.storeKey(), o.next());
      }
    }
    if (Duration.between(lastPurge, now).toHours() >= 1) {
      purgeResolved(now);
      lastPurge = now;
    }
  }

  private static void addIfDue(KeyValue<String, AlertGroup> kv, Instant now, List<AlertGroup> due) {
    if (kv.value.due(now)) {
      due.add(kv.value);
    }
  }

  private Muting muting(String tenant, Instant now) {
    List<Silence> active = new ArrayList<>();
    try (KeyValueIterator<String, Silence> it = silences.prefixScan(tenant + "|", KEYS)) {
      it.forEachRemaining(kv -> active.add(kv.value));
    }
    AlertRouting routing = routings.get(tenant);
    List<InhibitRule> rules =
        routing == null || routing.inhibitRules() == null
            ? AlertRouting.DEFAULT_INHIBIT_RULES
            : routing.inhibitRules();
    List<AlertEvent> firing = new ArrayList<>();
    try (KeyValueIterator<String, TrackedAlert> it = alerts.prefixScan(tenant + "|", KEYS)) {
      it.forEachRemaining(
          kv -> {
            if (kv.value.firing()) {
              firing.add(kv.value.event());
            }
          });
    }
    return new Muting(active, rules, firing, now);
  }

  /** Forgets alerts resolved longer ago than the retention (their replays are no longer known). */
  private void purgeResolved(Instant now) {
    Instant before = now.minus(config.resolvedRetention());
    List<String> old = new ArrayList<>();
    try (KeyValueIterator<String, TrackedAlert> it = alerts.all()) {
      it.forEachRemaining(
          kv -> {
            AlertEvent e = kv.value.event();
            Instant ended = e.endsAt() == null ? e.time() : e.endsAt();
            if (!kv.value.firing() && ended != null && ended.isBefore(before)) {
              old.add(kv.key);
            }
          });
    }
    old.forEach(alerts::delete);
  }
}
