package io.obsera.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.obsera.testing.SharedServers;
import io.obsera.testing.TestKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;

/**
 * A stream thread's consumer whose empty fetch the broker holds long ({@link MainConsumer}): a
 * record that arrives during the hold ends it, and a stop does not wait for it. The hold here is 20
 * s, so that either wait would show. Lives here, not in platform: the embedded broker ({@code
 * test-support}) depends on platform.
 */
class MainConsumerCloseIT {
  private static final Duration HOLD = Duration.ofSeconds(20);

  @Test
  void should_processARecordAtOnce_andStopWithoutWaitingForTheHeldFetch() throws Exception {
    String kafka = SharedServers.kafkaBootstrap();
    String in = TestKafka.uniqueName("held-in");
    String out = TestKafka.uniqueName("held-out");
    TestKafka.createTopics(in, out);
    String applicationId = TestKafka.uniqueName("held-fetch");
    KafkaStreams streams =
        new KafkaStreams(
            copy(in, out).build(),
            StreamsDefaults.properties(
                applicationId,
                kafka,
                Files.createTempDirectory(Path.of("target"), "held-fetch-"),
                100,
                Map.of(
                    StreamsConfig.mainConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG),
                    Long.toString(HOLD.toMillis()))),
            StreamsDefaults.clientSupplier());
    try (KafkaProducer<String, byte[]> producer =
            new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka),
                new StringSerializer(),
                new ByteArraySerializer());
        KafkaConsumer<String, byte[]> copies = TestKafka.consumer(kafka, true)) {
      TopicPartition copied = new TopicPartition(out, 0);
      copies.assign(java.util.List.of(copied));
      streams.start();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> streams.state() == KafkaStreams.State.RUNNING);
      // still running 2 s later: its first fetch is out and held, the topic is empty
      await()
          .pollDelay(Duration.ofSeconds(2))
          .atMost(Duration.ofSeconds(5))
          .until(() -> streams.state() == KafkaStreams.State.RUNNING);

      long sent = System.nanoTime();
      producer.send(new ProducerRecord<>(in, "k", "v".getBytes(StandardCharsets.UTF_8))).get();
      await()
          .atMost(Duration.ofSeconds(60))
          .pollDelay(Duration.ZERO)
          .until(() -> copied(copies, "k"));
      assertThat(Duration.ofNanos(System.nanoTime() - sent))
          .as("from send to copied, the fetch held (up to %s) when the record arrived", HOLD)
          .isLessThan(HOLD.dividedBy(2));

      // the fetch that answered with the record was followed at once by the next one, held for up
      // to 20 s from then (the thread's commit writes to the output topic, not to the input)
      long stopping = System.nanoTime();
      assertThat(streams.close(Duration.ofSeconds(60))).as("closed within its timeout").isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - stopping))
          .as("the stop, with an empty fetch held up to %s", HOLD)
          .isLessThan(HOLD.dividedBy(2));
    } finally {
      streams.close(Duration.ofSeconds(60));
    }
  }

  private static TopologyPart copy(String in, String out) {
    return builder ->
        builder.stream(in, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
            .to(out, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
  }

  private static boolean copied(KafkaConsumer<String, byte[]> consumer, String key) {
    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
      if (key.equals(r.key())) {
        return true;
      }
    }
    return false;
  }
}
