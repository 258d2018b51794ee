package io.obsera.alert.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.obsera.alert.TestNotifications;
import io.obsera.alert.outbox.OutboxConfig;
import io.obsera.alert.route.RoutingConfig;
import io.obsera.alert.selfmon.SelfMonitorConfig;
import io.obsera.alert.worker.AlertWorker;
import io.obsera.alert.worker.AlertWorkerConfig;
import io.obsera.model.Topics;
import io.obsera.model.alert.AlertEvent;
import io.obsera.model.alert.AlertState;
import io.obsera.model.control.AlertRule;
import io.obsera.model.control.SloDefinition;
import io.obsera.platform.control.ControlPlaneWriter;
import io.obsera.platform.crypto.SecretBox;
import io.obsera.platform.kafka.TopicProvisioner;
import io.obsera.testing.ManualClock;
import io.obsera.testing.ObseraServersExtension;
import io.obsera.testing.SharedServers;
import io.obsera.testing.TestAlertRules;
import io.obsera.testing.TestAlerts;
import io.obsera.testing.TestControlKeys;
import io.obsera.testing.TestKafka;
import io.obsera.testing.TestSlos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A clean stop and start of the whole worker on the same state directory restores nothing from the
 * changelogs or control topics, and the state is still there: the alert that fired before the stop
 * does not fire again, and its resolve is its second event.
 */
@ExtendWith(ObseraServersExtension.class)
class AlertWorkerWarmStartIT {

  @Test
  void should_restoreNothing_andKeepTheState_afterACleanStopAndStart() throws Exception {
    String kafka = SharedServers.kafkaBootstrap();
    TopicProvisioner.ensure(kafka, Map.of(), Topics.all(3));
    String tenant = TestKafka.uniqueName("warm-alerts");
    ManualClock clock = new ManualClock(Instant.now());
    Instant created = clock.instant().minus(Duration.ofDays(1));
    SloDefinition slo = TestSlos.availability(tenant, "api", "api", created);
    AlertRule rule = TestAlertRules.burn(tenant, "api-burn", "api", null, null, null, created);
    AlertWorkerConfig config = config(TestKafka.uniqueName("alert-warm"));
    try (ControlPlaneWriter control =
            new ControlPlaneWriter(kafka, Map.of(), TestControlKeys.signer());
        KafkaProducer<String, byte[]> producer =
            new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka),
                new StringSerializer(),
                new ByteArraySerializer())) {
      control.putSlo(slo);
      control.put(Topics.CONTROL_ALERT_RULES, rule.key(), rule);
      try (AlertWorker first = running(new AlertWorker(config, clock))) {
        EvaluationRestartIT.send(producer, clock, tenant, 20);
        await().atMost(Duration.ofSeconds(60)).until(() -> TestAlerts.of(tenant).size() == 1);
      }
      try (AlertWorker second = running(new AlertWorker(config, clock))) {
        for (int i = 0; i < 3; i++) {
          clock.advance(Duration.ofMinutes(1));
          EvaluationRestartIT.send(producer, clock, tenant, 20);
        }
        clock.advance(Duration.ofMinutes(1));
        EvaluationRestartIT.send(producer, clock, tenant, 0);
        await().atMost(Duration.ofSeconds(60)).until(() -> TestAlerts.of(tenant).size() >= 2);
        assertThat(TestAlerts.of(tenant))
            .extracting(AlertEvent::state)
            .containsExactly(AlertState.FIRING, AlertState.RESOLVED);
        assertThat(second.restoredRecords()).as("records restored from changelogs").isZero();
      }
    }
  }

  private static AlertWorkerConfig config(String app) throws Exception {
    return new AlertWorkerConfig(
        SharedServers.kafkaBootstrap(),
        new SecretBox(new byte[32]),
        app,
        Files.createTempDirectory(Path.of("target"), "alert-warm-"),
        100,
        EvaluationConfig.defaults().withInterval(Duration.ofMillis(500)),
        new RoutingConfig(Duration.ofMillis(100), "https://obsera.example.com", Duration.ofDays(7)),
        TestNotifications.fast(),
        OutboxConfig.fromEnv(Map.of(), app),
        Map.of(),
        TestControlKeys.verifying(),
        SelfMonitorConfig.fromEnv(Map.of("OBSERA_SELFMON_ENABLED", "false")));
  }

  private static AlertWorker running(AlertWorker worker) {
    worker.start();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> worker.streamsState() == KafkaStreams.State.RUNNING);
    return worker;
  }
}
