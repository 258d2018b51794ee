package io.obsera.streams;

import io.obsera.model.control.SloDefinition;
import io.obsera.platform.kafka.StreamsErrorHandling;
import io.obsera.streams.probe.ProbeTopology;
import io.obsera.streams.slo.SloTopology;
import io.obsera.streams.topology.EngineTopology;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streams-topology service: runs the topologies (trace sessions, RED rollups, usage, SLOs,
 * probes) with exactly_once_v2. It never writes to ClickHouse: the clickhouse-writer does.
 */
public final class StreamsService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StreamsService.class);

  private final StreamsServiceConfig config;
  private final Clock clock;
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
    return new EngineTopology(
            config.traceGap(),
            config.redGrace(),
            new SloTopology(config.slo(), clock),
            new ProbeTopology(config.outages()))
        .get();
  }

  public StreamsService start() {
    streams = new KafkaStreams(topology(), streamsProperties());
    streams.setUncaughtExceptionHandler(
        e -> {
          log.error("stream thread failed; replacing it", e);
          return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler
              .StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    streams.start();
    return this;
  }

  Properties streamsProperties() {
    Properties p = new Properties();
    p.putAll(config.kafkaOverrides());
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap());
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toAbsolutePath().toString());
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Long.toString(config.commitIntervalMillis()));
    p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, "-1");
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), "6000");
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    return StreamsErrorHandling.apply(p);
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

  @Override
  public void close() {
    if (streams != null) {
      streams.close(Duration.ofSeconds(30));
    }
  }
}
