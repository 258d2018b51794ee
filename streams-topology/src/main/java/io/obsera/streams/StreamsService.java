package io.obsera.streams;

import com.clickhouse.client.api.Client;
import io.obsera.schema.ClickHouseClients;
import io.obsera.schema.SchemaMigrator;
import io.obsera.streams.sink.ClickHouseWriter;
import io.obsera.streams.topology.EngineTopology;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streams-topology service: applies ClickHouse migrations, runs the topology with
 * exactly_once_v2 and the ClickHouse writer.
 */
public final class StreamsService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StreamsService.class);

  private final StreamsServiceConfig config;
  private final Client clickHouse;
  private KafkaStreams streams;
  private ClickHouseWriter writer;

  public StreamsService(StreamsServiceConfig config) {
    this.config = config;
    this.clickHouse = ClickHouseClients.create(config.clickHouse());
  }

  /** Applies migrations (idempotent); returns how many were applied now. */
  public int migrate() {
    return new SchemaMigrator(clickHouse, config.clickHouse().database()).migrate();
  }

  public StreamsService start() {
    streams =
        new KafkaStreams(
            new EngineTopology(config.traceGap(), config.traceGrace(), config.redGrace()).get(),
            streamsProperties());
    streams.setUncaughtExceptionHandler(
        e -> {
          log.error("stream thread failed; replacing it", e);
          return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler
              .StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    streams.start();
    writer = new ClickHouseWriter(clickHouse, config.writer(), Clock.systemUTC()).start();
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
    return p;
  }

  /**
   * Holds (true) or resumes (false) the topology and the writer: they stop consuming, keep their
   * state and group membership, and catch up when resumed. For benchmarks that measure ingest
   * alone.
   */
  public void hold(boolean hold) {
    if (hold) {
      streams.pause();
    } else {
      streams.resume();
    }
    writer.hold(hold);
  }

  public KafkaStreams.State streamsState() {
    return streams == null ? KafkaStreams.State.NOT_RUNNING : streams.state();
  }

  public ClickHouseWriter writer() {
    return writer;
  }

  @Override
  public void close() {
    if (writer != null) {
      writer.close();
    }
    if (streams != null) {
      streams.close(Duration.ofSeconds(30));
    }
    clickHouse.close();
  }
}
