package io.obsera.alert.route;

import io.obsera.alert.outbox.OutboxRecord;
import io.obsera.model.RecordKeys;
import io.obsera.model.Topics;
import io.obsera.model.control.AlertRouting;
import io.obsera.model.control.ChannelRecord;
import io.obsera.model.control.Silence;
import io.obsera.platform.control.ControlStoreUpdater;
import io.obsera.platform.control.ControlVerifier;
import io.obsera.platform.kafka.JsonSerde;
import io.obsera.platform.kafka.TopologyPart;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * Routing, grouping and muting of alert events, up to the outbox:
 *
 * <ol>
 *   <li>{@link Topics#ALERT_EVENTS} is re-keyed by tenant through the repartition {@link
 *       #REPARTITION}, so one task owns all of a tenant's alerts (inhibition compares them);
 *   <li>routing, silences and channels come from global stores ({@link ControlStoreUpdater} keeps
 *       unusable records out, also on restore);
 *   <li>{@link AlertGroupProcessor} drops repeated events, keeps the tenant's alerts ({@link
 *       #ALERTS_STORE}) and groups ({@link #GROUPS_STORE}), and on a wall-clock tick flushes the
 *       groups due: one {@link OutboxRecord} per notification and channel to {@link
 *       Topics#ALERT_NOTIFICATIONS}, in the same exactly-once transaction as the group state.
 * </ol>
 */
public final class RoutingTopology implements TopologyPart {
  public static final String REPARTITION = "alert-events-by-tenant";
  public static final String ALERTS_STORE = "alert-routing-alerts-store";
  public static final String GROUPS_STORE = "alert-routing-groups-store";
  public static final String COUNTERS_STORE = "alert-routing-group-counters-store";
  public static final String ROUTING_STORE = "alert-routing-config-store";
  public static final String SILENCES_STORE = "alert-routing-silences-store";
  public static final String CHANNELS_STORE = "alert-routing-channels-store";

  /** What the topology skipped or did, since start (for logs and tests). */
  static final class Counters {
    final AtomicLong skippedEvents = new AtomicLong();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong unrouted = new AtomicLong();
    final AtomicLong notifications = new AtomicLong();
    final AtomicLong skippedControlRecords = new AtomicLong();
  }

  private final ControlVerifier verifier;
  private final RoutingConfig config;
  private final Clock clock;
  private final Counters counters = new Counters();

  public RoutingTopology(RoutingConfig config, Clock clock, ControlVerifier verifier) {
    this.config = config;
    this.verifier = verifier;
    this.clock = clock;
  }

  /** Alert events dropped as malformed since start. */
  public long skippedEvents() {
    return counters.skippedEvents.get();
  }

  /** Alert events dropped as repeats (sequence already seen) since start. */
  public long duplicateEvents() {
    return counters.duplicates.get();
  }

  /** Control records (routing, silences, channels) kept out of the stores since start. */
  public long skippedControlRecords() {
    return counters.skippedControlRecords.get();
  }

  /** Group notifications sent to the outbox since start (one per flush, not per channel). */
  public long notifications() {
    return counters.notifications.get();
  }

  @Override
  public void addTo(StreamsBuilder builder) {
    globalStore(
        builder,
        ControlStoreUpdater.Rules.of(
            ROUTING_STORE,
            AlertRouting.class,
            ControlStoreUpdater.atMostOne(ControlChecks::routing),
            AlertRouting::tenantId),
        Topics.CONTROL_ALERT_ROUTING);
    globalStore(
        builder,
        ControlStoreUpdater.Rules.of(
            SILENCES_STORE,
            Silence.class,
            ControlStoreUpdater.atMostOne(ControlChecks::silence),
            Silence::key),
        Topics.CONTROL_SILENCES);
    globalStore(
        builder,
        ControlStoreUpdater.Rules.of(
                CHANNELS_STORE,
                ChannelRecord.class,
                ControlStoreUpdater.atMostOne(ControlChecks::channel),
                ChannelRecord::key)
            .storing(ChannelRef.class, c -> new ChannelRef(c.tenantId(), c.id(), c.type())),
        Topics.CONTROL_CHANNELS);
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(ALERTS_STORE),
            Serdes.String(),
            JsonSerde.of(TrackedAlert.class)));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(GROUPS_STORE),
            Serdes.String(),
            JsonSerde.of(AlertGroup.class)));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(COUNTERS_STORE), Serdes.String(), Serdes.Long()));
    builder.stream(
            Topics.ALERT_EVENTS,
            Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("alert-events-source"))
        .filter(RoutingTopology::hasTenantKey, Named.as("alert-events-with-tenant"))
        .selectKey((k, v) -> RecordKeys.tenantOf(k), Named.as("alert-events-tenant-key"))
        .repartition(
            Repartitioned.<String, byte[]>as(REPARTITION)
                .withKeySerde(Serdes.String())
                .withValueSerde(Serdes.ByteArray()))
        .process(
            () -> new AlertGroupProcessor(config, clock, counters),
            Named.as("alert-groups"),
            ALERTS_STORE,
            GROUPS_STORE,
            COUNTERS_STORE)
        .to(
            Topics.ALERT_NOTIFICATIONS,
            Produced.with(Serdes.String(), JsonSerde.of(OutboxRecord.class))
                .withName("alert-notifications-sink"));
  }

  private static boolean hasTenantKey(String key, byte[] value) {
    return key != null && key.indexOf('|') > 0 && value != null;
  }

  private <T, V> void globalStore(
      StreamsBuilder builder, ControlStoreUpdater.Rules<T, V> rules, String topic) {
    ControlStoreUpdater.addGlobalStore(
        builder,
        rules,
        topic,
        rules.storeName() + "-source",
        verifier,
        counters.skippedControlRecords);
  }
}
