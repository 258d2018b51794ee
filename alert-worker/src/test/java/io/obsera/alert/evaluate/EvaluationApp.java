package io.obsera.alert.evaluate;

import static org.awaitility.Awaitility.await;

import io.obsera.model.Json;
import io.obsera.model.Topics;
import io.obsera.model.alert.AlertEvent;
import io.obsera.testing.SharedServers;
import io.obsera.testing.TestKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The evaluation topology in its own KafkaStreams app (exactly_once_v2) against the shared broker,
 * as the worker runs it, for ITs; and what it wrote to {@link Topics#ALERT_EVENTS}.
 */
final class EvaluationApp implements AutoCloseable {
  private final KafkaStreams streams;

  private EvaluationApp(KafkaStreams streams) {
    this.streams = streams;
  }

  static EvaluationApp start(Clock clock, Duration interval) {
    try {
      return start(
          clock,
          interval,
          TestKafka.uniqueName("alert-eval-it"),
          Files.createTempDirectory("alert-eval-it"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An app of {@code applicationId} with its local state in {@code stateDir}. */
  static EvaluationApp start(
      Clock clock, Duration interval, String applicationId, java.nio.file.Path stateDir) {
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
    new EvaluationTopology(EvaluationConfig.defaults().withInterval(interval), clock)
        .addTo(builder);
    KafkaStreams streams = new KafkaStreams(builder.build(), p);
    streams.start();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> streams.state() == KafkaStreams.State.RUNNING);
    return new EvaluationApp(streams);
  }

  /** Every alert event of {@code tenant} committed so far. */
  static List<AlertEvent> alerts(String tenant) {
    return TestKafka.readAll(SharedServers.kafkaBootstrap(), Topics.ALERT_EVENTS, true).stream()
        .filter(r -> r.key() != null && r.key().startsWith(tenant + "|"))
        .map(r -> read(r.value()))
        .toList();
  }

  static long count(String tenant, Predicate<AlertEvent> which) {
    return alerts(tenant).stream().filter(which).count();
  }

  private static AlertEvent read(byte[] json) {
    try {
      return Json.MAPPER.readValue(json, AlertEvent.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    streams.close(Duration.ofSeconds(30));
  }
}
