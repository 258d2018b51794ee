package io.obsera.alert.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.obsera.alert.outbox.OutboxRecord;
import io.obsera.alert.receiver.WebhookReceiver;
import io.obsera.embedded.EmbeddedKafka;
import io.obsera.model.Json;
import io.obsera.model.Topics;
import io.obsera.model.alert.AlertEvent;
import io.obsera.model.alert.AlertSource;
import io.obsera.model.alert.AlertState;
import io.obsera.model.alert.Severity;
import io.obsera.model.alert.channel.WebhookChannel;
import io.obsera.model.control.AlertRouting;
import io.obsera.model.control.ChannelRecord;
import io.obsera.platform.control.ControlTrust;
import io.obsera.platform.crypto.ChannelSealer;
import io.obsera.platform.crypto.SecretBox;
import io.obsera.platform.kafka.TopicProvisioner;
import io.obsera.testing.OwnServers;
import io.obsera.testing.TestControlKeys;
import io.obsera.testing.TestKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The worker ({@code io.obsera.alert.Main}) in a JVM of its own, on a Kafka of the test's own,
 * delivering to a slow webhook receiver: killed with SIGKILL mid-delivery and started again, it
 * delivers every notification; the receiver sees exactly the expected delivery ids, and a repeat
 * carries the same id.
 */
class AlertWorkerCrashRestartIT {
  static final String TENANT = "crash";
  static final String SECRET = "whsec-crash-0123456789";
  static final int ALERTS = 40;

  Path dir;
  EmbeddedKafka kafka;
  WebhookReceiver receiver = new WebhookReceiver(SECRET);
  String secretKey = SecretBox.newKeyBase64();
  Process worker;

  @BeforeEach
  void start() throws Exception {
    dir = Files.createTempDirectory(Path.of("target"), "alert-crash-").toAbsolutePath();
    kafka = OwnServers.startKafka(dir.resolve("kafka"));
    TopicProvisioner.ensure(kafka.bootstrapServers(), Map.of(), Topics.all(3));
  }

  @AfterEach
  void stop() throws Exception {
    if (worker != null) {
      worker.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    receiver.close();
    kafka.close();
  }

  @Test
  void should_deliverEveryNotification_withTheSameDeliveryIdOnRepeats_whenKilledMidDelivery()
      throws Exception {
    receiver.delay(Duration.ofMillis(250));
    writeControlRecordsAndEvents();
    worker = launch();
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> receiver.deliveryIds().size() >= 10);
    worker.destroyForcibly(); // kill -9: no shutdown hook, no commit
    assertThat(worker.waitFor(30, TimeUnit.SECONDS)).isTrue();
    int beforeKill = new HashSet<>(receiver.deliveryIds()).size();
    assertThat(beforeKill).isLessThan(ALERTS);

    worker = launch();
    await()
        .atMost(Duration.ofSeconds(180))
        .until(() -> new HashSet<>(receiver.deliveryIds()).size() >= ALERTS);

    Set<String> expected = committedOutboxDeliveryIds();
    assertThat(expected).hasSize(ALERTS);
    List<String> seen = receiver.deliveryIds();
    assertThat(new HashSet<>(seen)).isEqualTo(expected);
    System.out.printf(
        "[crash-it] delivered %d unique of %d expected, %d requests accepted (%d repeats), %d"
            + " before the kill%n",
        new HashSet<>(seen).size(), ALERTS, seen.size(), seen.size() - ALERTS, beforeKill);
  }

  private void writeControlRecordsAndEvents() throws Exception {
    ChannelSealer sealer = new ChannelSealer(SecretBox.fromBase64("key", secretKey));
    Instant now = Instant.now();
    ChannelRecord channel =
        sealer.seal(
            TENANT,
            "hook",
            new WebhookChannel("hook", receiver.url("/hook"), SECRET),
            now,
            now,
            "test");
    AlertRouting routing =
        new AlertRouting(
            TENANT,
            List.of(),
            List.of("hook"),
            List.of("alert"),
            0L,
            1000L,
            3_600_000L,
            null,
            now,
            "test");
    try (KafkaProducer<String, byte[]> p =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
            new StringSerializer(),
            new ByteArraySerializer())) {
      p.send(record(Topics.CONTROL_CHANNELS, channel.key(), channel)).get();
      p.send(record(Topics.CONTROL_ALERT_ROUTING, TENANT, routing)).get();
      for (int i = 1; i <= ALERTS; i++) {
        AlertEvent e =
            new AlertEvent(
                TENANT,
                "fp-" + i,
                "rule-" + i,
                "crash alert " + i,
                AlertSource.THRESHOLD,
                Severity.PAGE,
                AlertState.FIRING,
                1,
                Map.of("alert", "a" + i, "severity", "page", "source", "threshold"),
                "value above threshold",
                0.95,
                0.9,
                now,
                null,
                now);
        p.send(record(Topics.ALERT_EVENTS, e.key(), e)).get();
      }
    }
  }

  private static ProducerRecord<String, byte[]> record(String topic, String key, Object value)
      throws Exception {
    return TestControlKeys.producerRecord(topic, key, Json.MAPPER.writeValueAsBytes(value), false);
  }

  private Set<String> committedOutboxDeliveryIds() throws Exception {
    Set<String> ids = new HashSet<>();
    List<ConsumerRecord<String, byte[]>> records =
        TestKafka.readAll(kafka.bootstrapServers(), Topics.ALERT_NOTIFICATIONS, true);
    for (ConsumerRecord<String, byte[]> r : records) {
      ids.add(Json.MAPPER.readValue(r.value(), OutboxRecord.class).notification().deliveryId());
    }
    return ids;
  }

  private Process launch() throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command =
        new ArrayList<>(
            List.of(
                java,
                "-Xmx384m",
                "-cp",
                System.getProperty("java.class.path"),
                "io.obsera.alert.Main"));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment()
        .putAll(
            Map.ofEntries(
                Map.entry("OBSERA_KAFKA_BOOTSTRAP", kafka.bootstrapServers()),
                Map.entry("OBSERA_SECRET_KEY", secretKey),
                Map.entry(
                    ControlTrust.VERIFY_KEYS_ENV,
                    ControlTrust.encodePublic(TestControlKeys.pair().getPublic())),
                Map.entry("OBSERA_ALERT_APPLICATION_ID", "crash-worker"),
                Map.entry("OBSERA_ALERT_STATE_DIR", dir.resolve("state").toString()),
                Map.entry("OBSERA_ALERT_TICK_MS", "200"),
                Map.entry("OBSERA_TARGET_ALLOWLIST", "127.0.0.0/8"),
                Map.entry("OBSERA_ALERT_RETRY_INITIAL_MS", "50"),
                Map.entry("OBSERA_ALERT_RETRY_MAX_BACKOFF_MS", "500"),
                Map.entry("OBSERA_ALERT_REDELIVERY_MS", "500"),
                Map.entry("OBSERA_ALERT_OUTBOX_COMMIT_MS", "200")));
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("worker.log").toFile()));
    return pb.start();
  }
}
