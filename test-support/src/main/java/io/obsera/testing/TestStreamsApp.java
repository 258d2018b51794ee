package io.obsera.testing;

import static org.awaitility.Awaitility.await;

import io.obsera.platform.kafka.TopologyPart;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;

/**
 * One {@link TopologyPart} in a KafkaStreams app of its own (exactly_once_v2) against the shared
 * broker, as a service runs it, for ITs; started and running when returned.
 */
public final class TestStreamsApp implements AutoCloseable {
  private final KafkaStreams streams;

  private TestStreamsApp(KafkaStreams streams) {
    this.streams = streams;
  }

  /**
   * An app with an application id and a state directory of its own, both named after {@code name}.
   */
  public static TestStreamsApp start(TopologyPart part, String name) {
    try {
      return start(part, TestKafka.uniqueName(name), Files.createTempDirectory(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An app of {@code applicationId} with its local state in {@code stateDir}. */
  public static TestStreamsApp start(TopologyPart part, String applicationId, Path stateDir) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, SharedServers.kafkaBootstrap());
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100");
    p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, "-1");
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), "6000");
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
    StreamsBuilder builder = new StreamsBuilder();
    part.addTo(builder);
    KafkaStreams streams = new KafkaStreams(builder.build(), p);
    streams.start();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> streams.state() == KafkaStreams.State.RUNNING);
    return new TestStreamsApp(streams);
  }

  @Override
  public void close() {
    streams.close(Duration.ofSeconds(30));
  }
}
