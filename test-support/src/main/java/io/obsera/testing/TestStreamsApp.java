package io.obsera.testing;

import static org.awaitility.Awaitility.await;

import io.obsera.platform.kafka.StreamsDefaults;
import io.obsera.platform.kafka.TopologyPart;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;

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
    // the settings every service runs with, with a short commit interval
    KafkaStreams streams =
        new KafkaStreams(
            part.build(),
            StreamsDefaults.properties(
                applicationId, SharedServers.kafkaBootstrap(), stateDir, 100, Map.of()),
            StreamsDefaults.clientSupplier());
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
