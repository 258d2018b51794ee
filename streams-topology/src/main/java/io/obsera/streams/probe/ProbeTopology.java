package io.obsera.streams.probe;

import io.obsera.model.Topics;
import io.obsera.model.control.EndpointDefinition;
import io.obsera.model.probe.HealthCheck;
import io.obsera.model.probe.OutageEvent;
import io.obsera.platform.control.ControlStoreUpdater;
import io.obsera.platform.control.ControlVerifier;
import io.obsera.platform.kafka.JsonSerde;
import io.obsera.platform.kafka.TopologyPart;
import io.obsera.streams.topology.SharedStreams;
import io.obsera.streams.topology.TraceRedUsageTopology;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/**
 * Health checks and outages, from the spans {@link TraceRedUsageTopology} parsed:
 *
 * <ol>
 *   <li>{@link ProbeCheckExtractor} turns probe spans ({@link ProbeSpanTranslator}) into {@link
 *       HealthCheck}s on {@link Topics#HEALTH_CHECKS}, keyed {@code tenant|endpointId}, the tenant
 *       being the one the fragment was filed under; a fragment with a malformed probe span goes to
 *       the dead-letter topic with the reason (its other checks still count);
 *   <li>the endpoint topic is read into a global store ({@link #DEFINITIONS_STORE}) through {@link
 *       ControlStoreUpdater}: only valid definitions (after {@link
 *       EndpointDefinition#withDefaults()}) reach it;
 *   <li>{@link OutageProcessor} reads {@link Topics#HEALTH_CHECKS} back (so every region's checks
 *       of an endpoint meet in one task), keeps {@link EndpointState} in {@link #STATE_STORE} and
 *       emits {@link OutageEvent}s to {@link Topics#OUTAGE_EVENTS}.
 * </ol>
 */
public final class ProbeTopology implements TopologyPart {
  public static final String DEFINITIONS_STORE = "endpoint-definitions-store";
  public static final String STATE_STORE = "outage-state-store";

  private final ControlVerifier verifier;
  private final OutageConfig config;
  private final AtomicLong skippedDefinitions = new AtomicLong();
  private final Serde<HealthCheck> checks = JsonSerde.of(HealthCheck.class);
  private final Serde<OutageEvent> events = JsonSerde.of(OutageEvent.class);

  private final SharedStreams shared;

  /** Reads the parsed spans from {@code shared} and hands it the health checks read back. */
  public ProbeTopology(OutageConfig config, SharedStreams shared, ControlVerifier verifier) {
    this.config = config;
    this.verifier = verifier;
    this.shared = shared;
  }

  /** Endpoint records kept out of the global store (malformed or invalid) since start. */
  public long skippedDefinitions() {
    return skippedDefinitions.get();
  }

  /**
   * Adds the probe part; the health checks as read back from {@link Topics#HEALTH_CHECKS} go to the
   * shared streams (for uptime SLOs).
   */
  @Override
  public void addTo(StreamsBuilder builder) {
    var branches =
        shared
            .spans()
            .process(ProbeCheckExtractor::new, Named.as("probe-checks-of-spans"))
            .split(Named.as("probe-check-"))
            .branch((k, e) -> e.poison(), Branched.as("poison"))
            .defaultBranch(Branched.as("valid"));
    branches
        .get("probe-check-poison")
        .mapValues(ProbeCheckExtractor.Extracted::raw, Named.as("probe-poison-raw-bytes"))
        .to(
            Topics.DEAD_LETTER,
            Produced.with(Serdes.String(), Serdes.ByteArray()).withName("probe-dead-letter-sink"));
    branches
        .get("probe-check-valid")
        .mapValues(ProbeCheckExtractor.Extracted::check, Named.as("probe-check-values"))
        .to(
            Topics.HEALTH_CHECKS,
            Produced.with(Serdes.String(), checks).withName("health-checks-sink"));

    ControlStoreUpdater.addGlobalStore(
        builder,
        ControlStoreUpdater.Rules.of(
                DEFINITIONS_STORE,
                EndpointDefinition.class,
                EndpointDefinition::validate,
                EndpointDefinition::key)
            .normalizedBy(EndpointDefinition::withDefaults),
        Topics.CONTROL_ENDPOINTS,
        "endpoint-definitions",
        verifier,
        skippedDefinitions);
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(STATE_STORE),
            Serdes.String(),
            JsonSerde.of(EndpointState.class)));
    KStream<String, HealthCheck> readBack =
        builder.stream(
            Topics.HEALTH_CHECKS,
            Consumed.with(Serdes.String(), checks).withName("health-checks-source"));
    readBack
        .process(
            () -> new OutageProcessor(config.tickInterval()),
            Named.as("outage-state-machine"),
            STATE_STORE)
        .to(
            Topics.OUTAGE_EVENTS,
            Produced.with(Serdes.String(), events).withName("outage-events-sink"));
    shared.healthChecks(readBack);
  }
}
