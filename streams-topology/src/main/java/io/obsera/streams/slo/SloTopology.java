package io.obsera.streams.slo;

import io.obsera.model.Topics;
import io.obsera.model.control.SloDefinition;
import io.obsera.model.facts.BurnRates;
import io.obsera.model.facts.SliDelta;
import io.obsera.model.probe.HealthCheck;
import io.obsera.platform.control.ControlStoreUpdater;
import io.obsera.platform.control.ControlVerifier;
import io.obsera.platform.kafka.JsonSerde;
import io.obsera.platform.kafka.TopologyPart;
import io.obsera.streams.topology.SharedStreams;
import io.obsera.streams.topology.TraceRedUsageTopology;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * SLO SLIs and burn rates, from the spans {@link TraceRedUsageTopology} parsed:
 *
 * <ol>
 *   <li>the SLO topic is read into a global store ({@link #DEFINITIONS_STORE}) through {@link
 *       ControlStoreUpdater}, which keeps malformed and invalid records out (also on restore);
 *   <li>{@link SliCounter} counts good/total per (tenant, SLO, minute) per source partition and
 *       forwards the deltas every {@code flushInterval} of wall-clock time through the repartition
 *       {@code slo-sli-by-slo} keyed {@code tenant|sloId};
 *   <li>{@link UptimeSliCounter} counts the health checks of UPTIME SLOs' endpoints the same way
 *       (read from the probe part's {@link Topics#HEALTH_CHECKS} source, its own pending store) and
 *       forwards the same deltas through the repartition {@code slo-uptime-sli-by-slo}; the two
 *       repartitioned streams merge (both keyed {@code tenant|sloId}, same partition count), so the
 *       probe part's sub-topology stays apart from the span one;
 *   <li>the deltas go to {@link Topics#SLO_SLI_MINUTE}, and {@link BurnRateProcessor} keeps them in
 *       per-SLO ring buffers and emits {@link BurnRates} to {@link Topics#SLO_BURN_RATES} every
 *       {@code burnInterval} of wall-clock time.
 * </ol>
 */
public final class SloTopology implements TopologyPart {
  public static final String DEFINITIONS_STORE = "slo-definitions-store";
  public static final String PENDING_STORE = "slo-sli-pending-store";
  public static final String RING_STORE = "slo-burn-ring-store";
  public static final String REGISTRY_STORE = "slo-burn-registry-store";
  public static final String REPARTITION = "slo-sli-by-slo";
  public static final String UPTIME_PENDING_STORE = "slo-uptime-pending-store";
  public static final String UPTIME_REPARTITION = "slo-uptime-sli-by-slo";

  private final ControlVerifier verifier;
  private final SloConfig config;
  private final Clock clock;
  private final AtomicLong skippedDefinitions = new AtomicLong();
  private final AtomicLong ignoredSpans = new AtomicLong();
  private final Serde<SliDelta> deltas = JsonSerde.of(SliDelta.class);
  private final Serde<BurnRates> burnRates = JsonSerde.of(BurnRates.class);

  private final SharedStreams shared;

  /** Reads the parsed spans and the health checks from {@code shared}. */
  public SloTopology(
      SloConfig config, Clock clock, SharedStreams shared, ControlVerifier verifier) {
    this.config = config;
    this.verifier = verifier;
    this.clock = clock;
    this.shared = shared;
  }

  /** SLO records kept out of the global store (malformed or invalid) since start. */
  public long skippedDefinitions() {
    return skippedDefinitions.get();
  }

  /**
   * Spans of tenants with SLOs ignored because they started too long ago or too far ahead, and
   * health checks of uptime SLOs ignored for that reason or because they fell in a maintenance
   * window.
   */
  public long ignoredSpans() {
    return ignoredSpans.get();
  }

  /**
   * Adds the SLO part, on the parsed spans and on the health checks as read back from {@link
   * Topics#HEALTH_CHECKS} by the probe part (one source per topic in a topology), both from the
   * shared streams.
   */
  @Override
  public void addTo(StreamsBuilder builder) {
    KStream<String, ExportTraceServiceRequest> spans = shared.spans();
    KStream<String, HealthCheck> checks = shared.healthChecks();
    ControlStoreUpdater.addGlobalStore(
        builder,
        ControlStoreUpdater.Rules.of(
            DEFINITIONS_STORE, SloDefinition.class, SloDefinition::validate, SloDefinition::key),
        Topics.CONTROL_SLOS,
        "slo-definitions",
        verifier,
        skippedDefinitions);
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(PENDING_STORE), Serdes.String(), SliCount.serde()));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(RING_STORE), Serdes.String(), SliCount.serde()));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(REGISTRY_STORE), Serdes.String(), Serdes.Long()));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(UPTIME_PENDING_STORE),
            Serdes.String(),
            SliCount.serde()));
    KStream<String, SliDelta> spanDeltas =
        spans
            .process(
                () -> new SliCounter(config.flushInterval(), clock, ignoredSpans),
                Named.as("slo-sli-count"),
                PENDING_STORE)
            .repartition(bySlo(REPARTITION));
    KStream<String, SliDelta> checkDeltas =
        checks
            .process(
                () -> new UptimeSliCounter(config.flushInterval(), clock, ignoredSpans),
                Named.as("slo-uptime-sli-count"),
                UPTIME_PENDING_STORE)
            .repartition(bySlo(UPTIME_REPARTITION));
    KStream<String, SliDelta> bySlo = spanDeltas.merge(checkDeltas, Named.as("slo-sli-merge"));
    bySlo.to(
        Topics.SLO_SLI_MINUTE,
        Produced.with(Serdes.String(), deltas).withName("slo-sli-minute-sink"));
    bySlo
        .process(
            () -> new BurnRateProcessor(config.burnInterval(), clock),
            Named.as("slo-burn-rates"),
            RING_STORE,
            REGISTRY_STORE)
        .to(
            Topics.SLO_BURN_RATES,
            Produced.with(Serdes.String(), burnRates).withName("slo-burn-rates-sink"));
  }

  /** A repartition of SLI deltas keyed {@code tenant|sloId}. */
  private Repartitioned<String, SliDelta> bySlo(String name) {
    return Repartitioned.<String, SliDelta>as(name)
        .withKeySerde(Serdes.String())
        .withValueSerde(deltas);
  }
}
