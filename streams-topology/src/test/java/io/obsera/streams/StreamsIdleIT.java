package io.obsera.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.obsera.model.Topics;
import io.obsera.platform.control.ControlPlaneWriter;
import io.obsera.platform.kafka.StoreRestores;
import io.obsera.platform.kafka.TopicProvisioner;
import io.obsera.testing.EndpointBuilder;
import io.obsera.testing.ObseraServersExtension;
import io.obsera.testing.SharedServers;
import io.obsera.testing.TestControlKeys;
import io.obsera.testing.TestEndpoints;
import io.obsera.testing.TestKafka;
import io.obsera.testing.TestSlos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/**
 * An idle topology leaves the broker alone: its main consumer holds an empty fetch 3 s and its
 * global consumer 10 s, not Kafka's 500 ms, yet a record that arrives while a fetch is held is
 * processed at once, and the global stores restored one after another at a first start do not wait
 * for each other's held fetch.
 */
@ExtendWith(ObseraServersExtension.class)
class StreamsIdleIT {
  private static final String MAIN = "-StreamThread-1-consumer";
  private static final String GLOBAL = "-global-consumer";

  @Test
  void should_holdEmptyFetches_andStillProcessARecordAtOnce_whenIdle() throws Exception {
    String kafka = SharedServers.kafkaBootstrap();
    TopicProvisioner.ensure(kafka, Map.of(), Topics.all(2));
    String tenant = TestKafka.uniqueName("idle");
    String key = tenant + "|" + StreamsWarmStartIT.TRACE;
    String applicationId = TestKafka.uniqueName("streams-idle");
    StreamsServiceConfig config =
        StreamsServiceConfig.of(
            kafka,
            applicationId,
            Files.createTempDirectory(Path.of("target"), "streams-idle-"),
            Duration.ofSeconds(1),
            Duration.ofSeconds(1),
            TestControlKeys.verifying());
    // two global stores with records to restore at the first start, one after the other
    TestEndpoints.define(
        kafka, EndpointBuilder.endpoint(tenant, "home", "https://example.com/").build());
    ListAppender<ILoggingEvent> restoreLog = new ListAppender<>();
    restoreLog.start();
    Logger restores = (Logger) LoggerFactory.getLogger(StoreRestores.class);
    restores.addAppender(restoreLog);
    try (ControlPlaneWriter control =
            new ControlPlaneWriter(kafka, Map.of(), TestControlKeys.signer());
        KafkaProducer<String, byte[]> producer =
            new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka),
                new StringSerializer(),
                new ByteArraySerializer());
        StreamsService service = new StreamsService(config)) {
      control.putSlo(
          TestSlos.availability(
              tenant, "api", "checkout", Instant.now().minus(Duration.ofDays(1))));
      service.start();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> service.streamsState() == KafkaStreams.State.RUNNING);
      restores.detachAppender(restoreLog);
      List<Long> restoreTimes =
          restoreLog.list.stream().map(ILoggingEvent::getTimeStamp).sorted().toList();
      assertThat(restoreLog.list)
          .as("start and end lines of the two global stores' restores")
          .hasSizeGreaterThanOrEqualTo(4);
      assertThat(restoreTimes.get(restoreTimes.size() - 1) - restoreTimes.get(0))
          .as(
              "ms from the first store's restore to the end of the last one (the second would"
                  + " first wait for the first one's held fetch, 10 s)")
          .isLessThan(1500);
      StreamsWarmStartIT.send(producer, key, 1);
      await().atMost(Duration.ofSeconds(60)).until(() -> StreamsWarmStartIT.lastCount(key) == 1);

      // the measurement window: nothing arrives for the application in these 8 s
      assertThat(
              TestKafka.fetchesAnsweredDuring(
                  Duration.ofSeconds(8),
                  c ->
                      ofApplication(applicationId, MAIN).test(c)
                          || ofApplication(applicationId, GLOBAL).test(c)))
          .as(
              "main and global fetches in 8 idle seconds (32 at Kafka's 500 ms, 12 at 1 s and 2 s,"
                  + " 4 at 3 s and 10 s)")
          .isLessThanOrEqualTo(7);

      // a record sent just after a fetch went out for a 3 s hold
      try (KafkaConsumer<String, byte[]> counts = countsFromTheEnd(kafka)) {
        double held = fetches(applicationId, MAIN);
        await()
            .atMost(Duration.ofSeconds(10))
            .pollInterval(Duration.ofMillis(5))
            .until(() -> fetches(applicationId, MAIN) > held);
        long sent = System.nanoTime();
        StreamsWarmStartIT.send(producer, key, 2);
        await()
            .atMost(Duration.ofSeconds(30))
            .pollDelay(Duration.ZERO)
            .until(() -> arrived(counts, key));
        assertThat(Duration.ofNanos(System.nanoTime() - sent))
            .as("from send to processed and committed, with a fetch held when the record arrived")
            .isLessThan(Duration.ofMillis(1000));
      }
    } finally {
      restores.detachAppender(restoreLog);
    }
  }

  private static boolean arrived(KafkaConsumer<String, byte[]> counts, String key) {
    for (ConsumerRecord<String, byte[]> r : counts.poll(Duration.ofMillis(100))) {
      if (key.equals(r.key())) {
        return true;
      }
    }
    return false;
  }

  /** A read_committed consumer of the span counts, at their end. */
  private static KafkaConsumer<String, byte[]> countsFromTheEnd(String kafka) {
    KafkaConsumer<String, byte[]> consumer = TestKafka.consumer(kafka, true);
    List<TopicPartition> partitions =
        consumer.partitionsFor(Topics.TRACE_SPAN_COUNTS).stream()
            .map(p -> new TopicPartition(p.topic(), p.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position);
    return consumer;
  }

  /** Fetches answered to the application's consumer whose client id ends with {@code suffix}. */
  private static double fetches(String applicationId, String suffix) {
    return TestKafka.fetchesAnsweredTo(ofApplication(applicationId, suffix));
  }

  private static java.util.function.Predicate<String> ofApplication(
      String applicationId, String suffix) {
    return c -> c.startsWith(applicationId) && c.endsWith(suffix);
  }
}
