package io.obsera.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.obsera.model.Topics;
import io.obsera.platform.control.ControlPlaneWriter;
import io.obsera.platform.kafka.TopicProvisioner;
import io.obsera.testing.ObseraServersExtension;
import io.obsera.testing.OtlpFixtures;
import io.obsera.testing.SharedServers;
import io.obsera.testing.TestControlKeys;
import io.obsera.testing.TestKafka;
import io.obsera.testing.TestSlos;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/**
 * A clean stop and start of the topologies on the same state directory restores nothing from the
 * changelogs or control topics: the stores start from the offsets written at the stop, and still
 * hold their state (a trace's span count goes on from where it was, the SLO is known). No task is
 * declared corrupted (the usage store of a partition that never saw a record left an empty
 * directory and no offset behind, which made Kafka Streams wipe its task at every start).
 */
@ExtendWith(ObseraServersExtension.class)
class StreamsWarmStartIT {
  static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

  @Test
  void should_restoreNothing_andKeepTheState_afterACleanStopAndStart() throws Exception {
    String kafka = SharedServers.kafkaBootstrap();
    TopicProvisioner.ensure(kafka, Map.of(), Topics.all(2));
    String tenant = TestKafka.uniqueName("warm");
    String key = tenant + "|" + TRACE;
    StreamsServiceConfig config =
        StreamsServiceConfig.of(
            kafka,
            TestKafka.uniqueName("streams-warm"),
            Files.createTempDirectory(Path.of("target"), "streams-warm-"),
            Duration.ofSeconds(1),
            Duration.ofSeconds(1),
            TestControlKeys.verifying());
    try (ControlPlaneWriter control =
            new ControlPlaneWriter(kafka, Map.of(), TestControlKeys.signer());
        KafkaProducer<String, byte[]> producer =
            new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka),
                new StringSerializer(),
                new ByteArraySerializer())) {
      control.putSlo(
          TestSlos.availability(
              tenant, "api", "checkout", Instant.now().minus(Duration.ofDays(1))));
      try (StreamsService first = running(new StreamsService(config))) {
        await().atMost(Duration.ofSeconds(60)).until(() -> first.slo(tenant, "api").isPresent());
        send(producer, key, 1, 2, 3);
        await().atMost(Duration.ofSeconds(60)).until(() -> lastCount(key) == 3);
      }
      ListAppender<ILoggingEvent> kafkaLog = new ListAppender<>();
      kafkaLog.start();
      Logger streamsLog = (Logger) LoggerFactory.getLogger("org.apache.kafka.streams");
      streamsLog.addAppender(kafkaLog);
      try (StreamsService second = running(new StreamsService(config))) {
        assertThat(second.restoredRecords()).as("records restored from changelogs").isZero();
        assertThat(second.slo(tenant, "api")).isPresent();
        send(producer, key, 4, 5);
        await().atMost(Duration.ofSeconds(60)).until(() -> lastCount(key) == 5);
        assertThat(second.restoredRecords()).isZero();
        // standalone's stop: the stop begins in the background, close() then waits for it
        second.beginClose();
      } finally {
        streamsLog.detachAppender(kafkaLog);
      }
      try (StreamsService third = running(new StreamsService(config))) {
        assertThat(third.restoredRecords()).as("restored after a stop begun early").isZero();
        send(producer, key, 6);
        await().atMost(Duration.ofSeconds(60)).until(() -> lastCount(key) == 6);
      }
      assertThat(kafkaLog.list)
          .extracting(ILoggingEvent::getFormattedMessage)
          .as("tasks declared corrupted at the start")
          .noneMatch(m -> m.contains("corrupted"));
    }
  }

  private static StreamsService running(StreamsService service) {
    service.start();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> service.streamsState() == KafkaStreams.State.RUNNING);
    return service;
  }

  static void send(KafkaProducer<String, byte[]> producer, String key, int... spanIds)
      throws Exception {
    producer
        .send(
            new ProducerRecord<>(
                Topics.OTLP_SPANS, key, OtlpFixtures.spans(TRACE, "checkout", spanIds)))
        .get();
  }

  /** The span count last emitted for {@code key}. */
  static long lastCount(String key) {
    var records = TestKafka.readUntil(Topics.TRACE_SPAN_COUNTS, key);
    return ByteBuffer.wrap(records.get(records.size() - 1).value()).getLong();
  }
}
