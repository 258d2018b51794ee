package io.obsera.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import kafka.server.KafkaRaftServer;
import org.junit.jupiter.api.Test;

/**
 * The broker runs inside the JVM: when it stops without {@link EmbeddedKafka#close()} (as after a
 * fatal fault), the supervising listener hears it, with the broker named; a close is not a failure.
 */
class EmbeddedKafkaSupervisionRestartIT {

  @Test
  void should_tellTheListener_whenTheBrokerStopsByItself_butNotOnClose() throws Exception {
    List<String> stopped = new CopyOnWriteArrayList<>();
    try (EmbeddedKafka kafka =
        EmbeddedKafka.start(new EmbeddedKafka.Config(dir(), "127.0.0.1", 0, 0))
            .superviseWith(stopped::add)) {
      // the broker's own shutdown, which its fatal fault handlers run, not ours
      Field server = EmbeddedKafka.class.getDeclaredField("server");
      server.setAccessible(true);
      ((KafkaRaftServer) server.get(kafka)).shutdown();
      await().atMost(Duration.ofSeconds(60)).until(() -> !stopped.isEmpty());
      assertThat(stopped)
          .singleElement()
          .asString()
          .contains("embedded Kafka broker")
          .contains(kafka.bootstrapServers());
    }

    List<String> closed = new CopyOnWriteArrayList<>();
    EmbeddedKafka kafka =
        EmbeddedKafka.start(new EmbeddedKafka.Config(dir(), "127.0.0.1", 0, 0))
            .superviseWith(closed::add);
    kafka.close();
    await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(closed::isEmpty);
  }

  static Path dir() throws Exception {
    return Files.createTempDirectory(Path.of("target"), "kafka-supervise-");
  }
}
