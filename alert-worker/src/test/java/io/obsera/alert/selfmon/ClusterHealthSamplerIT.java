package io.obsera.alert.selfmon;

import static org.assertj.core.api.Assertions.assertThat;

import io.obsera.alert.delivery.DeliveryOutcome;
import io.obsera.alert.outbox.DeliveryRecord;
import io.obsera.model.Json;
import io.obsera.model.Topics;
import io.obsera.testing.ObseraServersExtension;
import io.obsera.testing.SharedServers;
import io.obsera.testing.TestKafka;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the sampler reads from the real shared Kafka and ClickHouse: a consumer group's lag and
 * committed progress, new dead letters, failed deliveries, the brokers' free disk, ClickHouse's
 * ping; and unreachable servers reported as down with the reason.
 */
@ExtendWith(ObseraServersExtension.class)
class ClusterHealthSamplerIT {

  @Test
  void should_readLagProgressDeadLettersFailuresDiskAndPing_fromTheRealServers() throws Exception {
    try (GroupFixture f = new GroupFixture(5)) {
      SelfMonitorConfig config =
          SelfMonitorConfig.fromEnv(
              Map.of(
                  "OBSERA_WRITER_GROUP_ID",
                  f.group,
                  "OBSERA_CLICKHOUSE_URL",
                  SharedServers.clickHouse().httpUrl()));
      try (ClusterHealthSampler sampler = new ClusterHealthSampler(config, f.kafka, Map.of())) {
        f.commit(2);
        HealthSample first = sampler.sample();
        assertThat(first.kafkaUp()).isTrue();
        assertThat(first.clickHouseUp()).isTrue();
        assertThat(first.writerLag()).isEqualTo(3);
        assertThat(first.writerCommitted()).isEqualTo(2);
        assertThat(first.deadLetters()).isNotNull();
        assertThat(first.minFreeDisk()).isBetween(0.0, 1.0);
        assertThat(first.diskWhere()).startsWith("Kafka broker ");
        assertThat(first.failedDeliveries()).isZero();

        f.commit(5);
        f.send(Topics.DEAD_LETTER, "k", new byte[] {2});
        f.send(Topics.DEAD_LETTER, "k", new byte[] {3});
        delivery(f, DeliveryRecord.Status.DELIVERED, null);
        delivery(f, DeliveryRecord.Status.FAILED, DeliveryOutcome.REJECTED);
        HealthSample second = sampler.sample();
        assertThat(second.writerLag()).isZero();
        assertThat(second.writerCommitted()).isEqualTo(5);
        assertThat(second.deadLetters()).isGreaterThanOrEqualTo(first.deadLetters() + 2);
        assertThat(second.failedDeliveries()).isEqualTo(1);
        assertThat(second.lastFailure()).contains("channel ops-hook").contains("REJECTED");
      }
    }
  }

  @Test
  void should_reportKafkaAndClickHouseDown_withTheReason_whenNothingListens() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    SelfMonitorConfig config =
        SelfMonitorConfig.fromEnv(Map.of("OBSERA_CLICKHOUSE_URL", "http://127.0.0.1:" + closed));
    try (ClusterHealthSampler sampler =
        new ClusterHealthSampler(config, "127.0.0.1:" + closed, Map.of())) {
      HealthSample s = sampler.sample();
      assertThat(s.kafkaUp()).isFalse();
      assertThat(s.kafkaError()).isNotBlank();
      assertThat(s.writerLag()).isNull();
      assertThat(s.clickHouseUp()).isFalse();
      assertThat(s.clickHouseError()).contains("Connect");
    }
  }

  private static void delivery(
      GroupFixture f, DeliveryRecord.Status status, DeliveryOutcome outcome) throws Exception {
    DeliveryRecord r =
        new DeliveryRecord(
            TestKafka.uniqueName("d"),
            "acme",
            "ops-hook",
            "fp",
            1,
            status,
            outcome,
            1,
            400,
            outcome == null ? null : "HTTP 400",
            Instant.now());
    f.send(Topics.ALERT_DELIVERIES, r.key(), Json.MAPPER.writeValueAsBytes(r));
  }
}
