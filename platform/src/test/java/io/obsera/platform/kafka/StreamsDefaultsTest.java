package io.obsera.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/** What an idle Streams application costs: fewer empty stream-thread loops, overridable. */
class StreamsDefaultsTest {
  @Test
  void should_spaceIdlePolls_byDefault() {
    Properties p = StreamsDefaults.properties("app", "k:9092", Path.of("/tmp/s"), 100, Map.of());

    assertThat(new StreamsConfig(p).getLong(StreamsConfig.POLL_MS_CONFIG)).isEqualTo(500L);
  }

  @Test
  void should_letKafkaPollMsOverrideTheIdlePoll() {
    Properties p =
        StreamsDefaults.properties(
            "app", "k:9092", Path.of("/tmp/s"), 100, Map.of("poll.ms", "100"));

    assertThat(new StreamsConfig(p).getLong(StreamsConfig.POLL_MS_CONFIG)).isEqualTo(100L);
  }

  @Test
  void should_holdTheMainAndGlobalConsumersEmptyFetches_byDefault() {
    StreamsConfig config =
        new StreamsConfig(
            StreamsDefaults.properties("app", "k:9092", Path.of("/tmp/s"), 100, Map.of()));

    assertThat(config.getMainConsumerConfigs("app", "c", 0))
        .containsEntry(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "3000");
    assertThat(config.getGlobalConsumerConfigs("c"))
        .containsEntry(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "10000");
    assertThat(config.getRestoreConsumerConfigs("c"))
        .doesNotContainKey(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG);
  }

  @Test
  void should_letKafkaFetchMaxWaitMsOverrideTheHeldFetches() {
    StreamsConfig config =
        new StreamsConfig(
            StreamsDefaults.properties(
                "app", "k:9092", Path.of("/tmp/s"), 100, Map.of("fetch.max.wait.ms", "500")));

    assertThat(config.getMainConsumerConfigs("app", "c", 0))
        .containsEntry(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "500");
    assertThat(config.getGlobalConsumerConfigs("c"))
        .containsEntry(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "500");
  }
}
