package io.obsera.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.obsera.alert.evaluate.EvaluationConfig;
import io.obsera.alert.evaluate.EvaluationTopology;
import io.obsera.ingest.IngestConfig;
import io.obsera.ingest.IngestService;
import io.obsera.model.Topics;
import io.obsera.model.alert.AlertEvent;
import io.obsera.model.alert.AlertSource;
import io.obsera.model.alert.AlertState;
import io.obsera.model.alert.Severity;
import io.obsera.model.control.AlertRule;
import io.obsera.model.control.AlertRuleKind;
import io.obsera.model.control.AlertSignal;
import io.obsera.model.control.Comparison;
import io.obsera.model.control.MetricAggregation;
import io.obsera.model.control.Scope;
import io.obsera.platform.control.ControlPlaneWriter;
import io.obsera.platform.kafka.TopicProvisioner;
import io.obsera.testing.ObseraServersExtension;
import io.obsera.testing.OtelSdkClient;
import io.obsera.testing.SharedServers;
import io.obsera.testing.TestAlerts;
import io.obsera.testing.TestControlKeys;
import io.obsera.testing.TestKafka;
import io.obsera.testing.TestStreamsApp;
import io.obsera.testing.TestTenants;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A METRIC threshold end to end: an OpenTelemetry SDK gauge {@code system.cpu.utilization} of
 * service db goes through the real ingest bridge and Kafka into the evaluation topology (its own
 * KafkaStreams app, the system clock): 0.95 fires, 0.2 resolves.
 */
@ExtendWith(ObseraServersExtension.class)
class MetricThresholdAlertsIT {

  @Test
  void should_fireAndResolve_aCpuThreshold_onSdkGaugePoints() throws Exception {
    String kafka = SharedServers.kafkaBootstrap();
    TopicProvisioner.ensure(kafka, Map.of(), Topics.all(2));
    String tenant = TestKafka.uniqueName("cpu");
    String key = TestTenants.createWithKey(kafka, tenant, Set.of(Scope.INGEST)).token();
    AlertRule rule =
        new AlertRule(
            tenant,
            "cpu-high",
            "CPU high",
            AlertRuleKind.THRESHOLD,
            true,
            null,
            null,
            AlertSignal.METRIC,
            "system.cpu.utilization",
            MetricAggregation.LAST,
            null,
            "db",
            null,
            null,
            null,
            List.of("host.name"),
            Comparison.ABOVE,
            0.9,
            300_000L,
            0L,
            Severity.PAGE,
            Map.of(),
            null,
            Instant.now(),
            Instant.now(),
            "it");
    try (ControlPlaneWriter control =
        new ControlPlaneWriter(kafka, Map.of(), TestControlKeys.signer())) {
      control.put(Topics.CONTROL_ALERT_RULES, rule.key(), rule);
    }
    AtomicReference<Double> cpu = new AtomicReference<>(0.95);
    try (TestStreamsApp eval =
            TestStreamsApp.start(
                new EvaluationTopology(
                    EvaluationConfig.defaults().withInterval(Duration.ofMillis(500)),
                    Clock.systemUTC(),
                    TestControlKeys.verifier()),
                "alert-eval-it");
        IngestService ingest =
            new IngestService(
                    IngestConfig.of(
                        "127.0.0.1",
                        0,
                        kafka,
                        TestKafka.uniqueName("cpu-ingest"),
                        TestControlKeys.verifying()))
                .start();
        OtelSdkClient sdk =
            new OtelSdkClient(
                "http://127.0.0.1:" + ingest.otlpHttpPort(),
                key,
                "db",
                io.opentelemetry.api.common.Attributes.of(
                    io.opentelemetry.api.common.AttributeKey.stringKey("host.name"), "db-1"))) {
      sdk.meter()
          .gaugeBuilder("system.cpu.utilization")
          .buildWithCallback(m -> m.record(cpu.get()));
      assertThat(sdk.flush()).isTrue();
      await().atMost(Duration.ofSeconds(60)).until(() -> !TestAlerts.of(tenant).isEmpty());
      AlertEvent fired = TestAlerts.of(tenant).get(0);
      assertThat(fired.state()).isEqualTo(AlertState.FIRING);
      assertThat(fired.source()).isEqualTo(AlertSource.THRESHOLD);
      assertThat(fired.severity()).isEqualTo(Severity.PAGE);
      assertThat(fired.value()).isEqualTo(0.95);
      assertThat(fired.labels())
          .containsEntry("service", "db")
          .containsEntry("host.name", "db-1")
          .containsEntry("metric", "system.cpu.utilization");

      cpu.set(0.2);
      assertThat(sdk.flush()).isTrue();
      await().atMost(Duration.ofSeconds(60)).until(() -> TestAlerts.of(tenant).size() >= 2);
      List<AlertEvent> all = TestAlerts.of(tenant);
      assertThat(all)
          .extracting(AlertEvent::state)
          .containsExactly(AlertState.FIRING, AlertState.RESOLVED);
      assertThat(all.get(1).fingerprint()).isEqualTo(fired.fingerprint());
      assertThat(all.get(1).value()).isEqualTo(0.2);
    }
  }
}
