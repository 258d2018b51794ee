package io.obsera.alert.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.obsera.alert.TestNotifications;
import io.obsera.alert.evaluate.EvaluationConfig;
import io.obsera.alert.outbox.OutboxConfig;
import io.obsera.alert.receiver.PagerDutyReceiver;
import io.obsera.alert.receiver.WebhookReceiver;
import io.obsera.alert.route.RoutingConfig;
import io.obsera.alert.selfmon.SelfMonitorConfig;
import io.obsera.model.Json;
import io.obsera.model.Topics;
import io.obsera.model.alert.AlertEvent;
import io.obsera.model.alert.AlertSource;
import io.obsera.model.alert.AlertState;
import io.obsera.model.alert.Severity;
import io.obsera.model.alert.channel.Channel;
import io.obsera.model.alert.channel.PagerDutyChannel;
import io.obsera.model.alert.channel.WebhookChannel;
import io.obsera.model.control.ChannelRecord;
import io.obsera.platform.crypto.ChannelSealer;
import io.obsera.platform.crypto.SecretBox;
import io.obsera.platform.kafka.TopicProvisioner;
import io.obsera.testing.ManualClock;
import io.obsera.testing.ObseraServersExtension;
import io.obsera.testing.SharedServers;
import io.obsera.testing.TestControlKeys;
import io.obsera.testing.TestKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The whole worker in this JVM on the shared Kafka, with a manual clock: an alert event fires and
 * resolves; PagerDuty gets a trigger and a resolve with one dedup key, and a webhook that was down
 * while the alert fired gets both notifications once it is back. The worker is in a secret-key
 * rotation window: the webhook channel is still sealed under the previous key, PagerDuty's under
 * the current one.
 */
@ExtendWith(ObseraServersExtension.class)
class AlertWorkerIT {
  static final String SECRET = "whsec-worker-it-0123456789";
  static final String ROUTING_KEY = "R0123456789abcdef0123456789abcde";

  final String tenant = TestKafka.uniqueName("worker").replace('-', '_');
  final PagerDutyReceiver pagerDuty = new PagerDutyReceiver();
  final WebhookReceiver webhook = new WebhookReceiver(SECRET);
  static final String PREVIOUS_KEY = SecretBox.newKeyBase64();
  final SecretBox previousKey = SecretBox.fromBase64("OBSERA_SECRET_KEY", PREVIOUS_KEY);
  final SecretBox key =
      SecretBox.fromBase64("OBSERA_SECRET_KEY", SecretBox.newKeyBase64())
          .withPrevious(AlertWorkerConfig.SECRET_KEY_PREVIOUS_ENV, PREVIOUS_KEY);
  final ManualClock clock = new ManualClock(Instant.now());
  KafkaProducer<String, byte[]> producer;
  AlertWorker worker;
  ChannelRecord hook;

  @BeforeEach
  void start() throws Exception {
    TopicProvisioner.ensure(SharedServers.kafkaBootstrap(), Map.of(), Topics.all(3));
    producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedServers.kafkaBootstrap()),
            new StringSerializer(),
            new ByteArraySerializer());
    channel(new PagerDutyChannel("pd", ROUTING_KEY, pagerDuty.url(PagerDutyReceiver.PATH)), key);
    hook = channel(new WebhookChannel("hook", webhook.url("/hook"), SECRET), previousKey);
    String app = TestKafka.uniqueName("alert-worker-it");
    AlertWorkerConfig config =
        new AlertWorkerConfig(
            SharedServers.kafkaBootstrap(),
            key,
            app,
            Files.createTempDirectory(Path.of("target"), "alert-worker-it-"),
            100,
            EvaluationConfig.defaults(),
            new RoutingConfig(
                Duration.ofMillis(100), "https://obsera.example.com", Duration.ofDays(7)),
            TestNotifications.fast(),
            OutboxConfig.fromEnv(Map.of("OBSERA_ALERT_REDELIVERY_MS", "300"), app),
            Map.of(),
            TestControlKeys.verifying(),
            SelfMonitorConfig.fromEnv(Map.of("OBSERA_SELFMON_ENABLED", "false")));
    worker = new AlertWorker(config, clock).start();
  }

  @AfterEach
  void stop() {
    if (worker != null) {
      worker.close();
    }
    producer.close();
    pagerDuty.close();
    webhook.close();
  }

  @Test
  void should_triggerAndResolveWithOneDedupKey_andCatchUpAWebhookThatWasDown() throws Exception {
    webhook.stop();
    Instant startsAt = clock.instant();
    event(1, AlertState.FIRING, startsAt);
    advanceUntil(() -> !pagerDuty.accepted().isEmpty());
    JsonNode trigger = Json.MAPPER.readTree(pagerDuty.accepted().get(0).body());
    assertThat(trigger.path("event_action").asText()).isEqualTo("trigger");
    assertThat(trigger.path("payload").path("summary").asText())
        .contains("[FIRING:1] checkout availability");

    webhook.start();
    await().atMost(Duration.ofSeconds(30)).until(() -> webhook.deliveryIds().size() == 1);

    event(2, AlertState.RESOLVED, startsAt);
    advanceUntil(() -> pagerDuty.accepted().size() == 2);
    JsonNode resolve = Json.MAPPER.readTree(pagerDuty.accepted().get(1).body());
    assertThat(resolve.path("event_action").asText()).isEqualTo("resolve");
    assertThat(resolve.path("dedup_key").asText())
        .isEqualTo(trigger.path("dedup_key").asText())
        .isNotBlank();
    assertThat(pagerDuty.alerts())
        .containsOnly(Map.entry(resolve.path("dedup_key").asText(), "resolved"));
    await().atMost(Duration.ofSeconds(30)).until(() -> webhook.deliveryIds().size() == 2);
    assertThat(new HashSet<>(webhook.deliveryIds())).hasSize(2);
  }

  @Test
  void should_deliverThroughAChannelSealedUnderThePreviousKey_duringARotation() throws Exception {
    event(1, AlertState.FIRING, clock.instant());
    advanceUntil(() -> !pagerDuty.accepted().isEmpty() && webhook.deliveryIds().size() == 1);
    // the receiver checks the signature made with the secret the worker opened
    assertThat(webhook.deliveryIds()).hasSize(1);
    assertThat(SecretBox.sealedUnder(hook.sealedSecrets().get("secret")))
        .isEqualTo(previousKey.keyId())
        .isNotEqualTo(key.keyId());
  }

  /** Moves the manual clock by more than a group wait per poll until {@code done}. */
  private void advanceUntil(Callable<Boolean> done) {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              clock.advance(Duration.ofSeconds(31));
              return done.call();
            });
  }

  private ChannelRecord channel(Channel c, SecretBox sealedUnder) throws Exception {
    ChannelRecord r =
        new ChannelSealer(sealedUnder).seal(tenant, c.id(), c, Instant.now(), Instant.now(), "t");
    send(Topics.CONTROL_CHANNELS, r.key(), r);
    return r;
  }

  private void event(long sequence, AlertState state, Instant startsAt) throws Exception {
    AlertEvent e =
        new AlertEvent(
            tenant,
            "fp-1",
            "checkout-burn",
            "checkout availability",
            AlertSource.BURN_RATE,
            Severity.PAGE,
            state,
            sequence,
            Map.of("severity", "page", "source", "burn_rate", "rule", "checkout-burn"),
            "Burn rate 20 over 1h",
            20.0,
            14.4,
            startsAt,
            state == AlertState.RESOLVED ? clock.instant() : null,
            clock.instant());
    send(Topics.ALERT_EVENTS, e.key(), e);
  }

  private void send(String topic, String key, Object value) throws Exception {
    producer
        .send(
            TestControlKeys.producerRecord(topic, key, Json.MAPPER.writeValueAsBytes(value), false))
        .get();
  }
}
