package io.obsera.streams;

import io.obsera.model.control.SloDefinition;
import io.obsera.platform.kafka.StoreRestores;
import io.obsera.platform.kafka.StreamsDefaults;
import io.obsera.streams.slo.SloTopology;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The streams-topology service: runs the topologies (trace sessions, RED rollups, usage, SLOs,
 * probes) with exactly_once_v2. It never writes to ClickHouse: the clickhouse-writer does.
 */
public final class StreamsService implements AutoCloseable {
  private final StreamsServiceConfig config;
  private final Clock clock;
  private final StoreRestores restores = new StoreRestores("streams-topology");
  private KafkaStreams streams;

  public StreamsService(StreamsServiceConfig config) {
    this(config, Clock.systemUTC());
  }

  /**
   * A service whose SLO counting and burn-rate emission read {@code clock} for now (tests inject
   * one to move through hours of burn in seconds); the punctuations still tick on wall-clock time.
   */
  public StreamsService(StreamsServiceConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
  }

  /** The topology this service runs (its names are pinned: a rename drops deployed state). */
  public Topology topology() {
    return StreamsParts.of(
            config.traceGap(),
            config.redGrace(),
            config.outages(),
            config.slo(),
            clock,
            config.controlTrust().verifier())
        .build();
  }

  public StreamsService start() {
    streams = StreamsDefaults.start(topology(), streamsProperties(), "streams-topology", restores);
    return this;
  }

  Properties streamsProperties() {
    return StreamsDefaults.properties(
        config.applicationId(),
        config.kafkaBootstrap(),
        config.stateDir(),
        config.commitIntervalMillis(),
        config.kafkaOverrides());
  }

  /**
   * Holds (true) or resumes (false) the topology: it stops consuming, keeps its state and group
   * membership, and catches up when resumed. For benchmarks that measure ingest alone.
   */
  public void hold(boolean hold) {
    if (hold) {
      streams.pause();
    } else {
      streams.resume();
    }
  }

  /** Records restored from changelogs since start (none after a clean stop). */
  public long restoredRecords() {
    return restores.restoredRecords();
  }

  public KafkaStreams.State streamsState() {
    return streams == null ? KafkaStreams.State.NOT_RUNNING : streams.state();
  }

  /**
   * The SLO definition as the running topology sees it (its global store), if it knows it; the
   * store only ever holds valid definitions.
   */
  public Optional<SloDefinition> slo(String tenantId, String sloId) {
    if (streams == null || streams.state() != KafkaStreams.State.RUNNING) {
      return Optional.empty();
    }
    try {
      ReadOnlyKeyValueStore<String, SloDefinition> store =
          streams.store(
              StoreQueryParameters.fromNameAndType(
                  SloTopology.DEFINITIONS_STORE, QueryableStoreTypes.keyValueStore()));
      return Optional.ofNullable(store.get(SloDefinition.key(tenantId, sloId)));
    } catch (InvalidStateStoreException e) {
      return Optional.empty(); // rebalancing or restoring: ask again shortly
    }
  }

  /**
   * Begins the stop without waiting for it: the stream threads commit, write their checkpoints and
   * leave in the background while the caller stops other parts; {@link #close()} then waits.
   */
  public void beginClose() {
    if (streams != null) {
      streams.close(Duration.ZERO);
    }
  }

  @Override
  public void close() {
    if (streams != null) {
      streams.close(Duration.ofSeconds(30));
    }
  }
}
