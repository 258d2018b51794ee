package io.obsera.alert.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.obsera.model.Json;
import io.obsera.model.Topics;
import io.obsera.model.alert.AlertEvent;
import io.obsera.model.alert.AlertState;
import io.obsera.model.control.AlertRule;
import io.obsera.model.control.SloDefinition;
import io.obsera.model.facts.BurnRates;
import io.obsera.platform.control.ControlPlaneWriter;
import io.obsera.platform.kafka.TopicProvisioner;
import io.obsera.testing.ManualClock;
import io.obsera.testing.ObseraServersExtension;
import io.obsera.testing.SharedServers;
import io.obsera.testing.TestAlertRules;
import io.obsera.testing.TestAlerts;
import io.obsera.testing.TestControlKeys;
import io.obsera.testing.TestKafka;
import io.obsera.testing.TestSlos;
import io.obsera.testing.TestStreamsApp;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A restart of the evaluation app on a new machine (same application id, empty local state) does
 * not fire a firing alert again: its state comes back from the changelog, so the same burn rates
 * after the restart are silent, and the resolve that follows is the alert's second event.
 */
@ExtendWith(ObseraServersExtension.class)
class EvaluationRestartIT {

  @Test
  void should_notFireAgain_afterARestartWithEmptyLocalState() throws Exception {
    String kafka = SharedServers.kafkaBootstrap();
    TopicProvisioner.ensure(kafka, Map.of(), Topics.all(2));
    String tenant = TestKafka.uniqueName("restart");
    ManualClock clock = new ManualClock(Instant.now());
    Instant created = clock.instant().minus(Duration.ofDays(1));
    SloDefinition slo = TestSlos.availability(tenant, "api", "api", created);
    AlertRule rule = TestAlertRules.burn(tenant, "api-burn", "api", null, null, null, created);
    String appId = TestKafka.uniqueName("alert-eval-restart");
    try (ControlPlaneWriter control =
            new ControlPlaneWriter(kafka, Map.of(), TestControlKeys.signer());
        KafkaProducer<String, byte[]> producer =
            new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka),
                new StringSerializer(),
                new ByteArraySerializer())) {
      control.putSlo(slo);
      control.put(Topics.CONTROL_ALERT_RULES, rule.key(), rule);
      try (TestStreamsApp first =
          TestStreamsApp.start(evaluation(clock), appId, Files.createTempDirectory("eval-a"))) {
        send(producer, clock, tenant, 20);
        await().atMost(Duration.ofSeconds(60)).until(() -> TestAlerts.of(tenant).size() == 1);
      }
      try (TestStreamsApp second =
          TestStreamsApp.start(evaluation(clock), appId, Files.createTempDirectory("eval-b"))) {
        for (int i = 0; i < 3; i++) {
          clock.advance(Duration.ofMinutes(1));
          send(producer, clock, tenant, 20);
        }
        clock.advance(Duration.ofMinutes(1));
        send(producer, clock, tenant, 0);
        await().atMost(Duration.ofSeconds(60)).until(() -> TestAlerts.of(tenant).size() >= 2);
        await()
            .during(Duration.ofSeconds(2))
            .atMost(Duration.ofSeconds(10))
            .until(() -> TestAlerts.of(tenant).size() == 2);
        List<AlertEvent> all = TestAlerts.of(tenant);
        assertThat(all)
            .extracting(AlertEvent::state)
            .containsExactly(AlertState.FIRING, AlertState.RESOLVED);
        assertThat(all).extracting(AlertEvent::sequence).containsExactly(1L, 2L);
      }
    }
  }

  /** The evaluation topology as the worker runs it, evaluating every 500 ms on {@code clock}. */
  static EvaluationTopology evaluation(ManualClock clock) {
    return new EvaluationTopology(
        EvaluationConfig.defaults().withInterval(Duration.ofMillis(500)),
        clock,
        TestControlKeys.verifier());
  }

  static void send(
      KafkaProducer<String, byte[]> producer, ManualClock clock, String tenant, double burn)
      throws Exception {
    BurnRates r =
        new BurnRates(
            tenant,
            "api",
            clock.millis(),
            0.999,
            burn,
            burn,
            burn,
            burn / 2,
            burn / 6,
            burn / 24,
            burn / 72,
            0.9,
            1000,
            1000);
    producer
        .send(
            new ProducerRecord<>(
                Topics.SLO_BURN_RATES, tenant + "|api", Json.MAPPER.writeValueAsBytes(r)))
        .get();
  }
}
