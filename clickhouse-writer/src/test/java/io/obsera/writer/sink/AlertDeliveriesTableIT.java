package io.obsera.writer.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.GenericRecord;
import io.obsera.model.ClickHouseSettings;
import io.obsera.model.RecordHeaders;
import io.obsera.model.Topics;
import io.obsera.platform.kafka.TopicProvisioner;
import io.obsera.schema.ClickHouseClients;
import io.obsera.schema.SchemaMigrator;
import io.obsera.testing.ObseraServersExtension;
import io.obsera.testing.SharedServers;
import io.obsera.testing.TestClickHouse;
import io.obsera.testing.TestKafka;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Delivery records on {@code obsera.alerts.deliveries} land in {@code alert_deliveries}: today's
 * records with every column, a record of the previous version (no alerts, kind or channel) with
 * empty ones, a replay collapses, error text keeps no URL path or key; poison before them on the
 * same partition is dead-lettered with the reason and does not hold them back.
 */
@ExtendWith(ObseraServersExtension.class)
class AlertDeliveriesTableIT {
  static final String TENANT = "deliveries-" + UUID.randomUUID().toString().substring(0, 8);

  static final String CURRENT =
      """
      {"deliveryId":"d1","tenantId":"%s","channelId":"ops-hook","fingerprint":"group-1",
       "sequence":2,"status":"FAILED","outcome":"GAVE_UP","attempts":3,"lastStatus":500,
       "error":"webhook: 500 from https://hooks.example.com/T0/B0/s3cr3tpath?token=abc123 api_key=K9",
       "time":"2026-12-06T10:00:00.123456789Z","alerts":["fp-a","fp-b"],"state":"RESOLVED",
       "channelType":"WEBHOOK","channelName":"Ops hook","test":false}
      """;
  static final String PREVIOUS =
      """
      {"deliveryId":"d0","tenantId":"%s","channelId":"slack","fingerprint":"fp-a","sequence":1,
       "status":"DELIVERED","outcome":"DELIVERED","attempts":1,"lastStatus":0,"error":null,
       "time":"2026-12-06T09:00:00Z"}
      """;

  @Test
  void should_storeEveryColumn_readPreviousRecords_andDeadLetterPoisonWithoutStalling()
      throws Exception {
    String kafka = SharedServers.kafkaBootstrap();
    TopicProvisioner.ensure(kafka, Map.of(), Topics.all(2));
    String db = TestClickHouse.createDatabase("alert_deliveries");
    SharedServers.ClickHouseEndpoint e = SharedServers.clickHouse();
    ClickHouseSettings settings = new ClickHouseSettings(e.httpUrl(), e.user(), e.password(), db);
    String poisonKey = "poison-" + UUID.randomUUID() + "|ch";
    try (KafkaProducer<String, byte[]> p =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka),
            new StringSerializer(),
            new ByteArraySerializer())) {
      send(p, poisonKey, "{not json");
      send(p, "nostatus|ch", "{\"tenantId\":\"" + TENANT + "\",\"deliveryId\":\"x\"}");
      send(p, "d1|ops-hook", CURRENT.formatted(TENANT));
      send(p, "d0|slack", PREVIOUS.formatted(TENANT));
      send(p, "d1|ops-hook", CURRENT.formatted(TENANT)); // replayed
    }

    try (Client ch = ClickHouseClients.create(settings)) {
      new SchemaMigrator(ch, db).migrate();
      WriterConfig config =
          new WriterConfig(
              kafka,
              TestKafka.uniqueName("delivery-writer"),
              1000,
              200,
              30_000,
              100,
              1000,
              Map.of());
      try (ClickHouseWriter writer = new ClickHouseWriter(ch, config, Clock.systemUTC()).start()) {
        Map<String, Object> t = Map.of("t", TENANT);
        String select =
            "SELECT DeliveryId, ChannelId, ChannelName, ChannelType, Fingerprint,"
                + " AlertFingerprints, Kind, Sequence, toString(Status) AS St, Outcome, Attempts,"
                + " LastStatus, Error, Test, toUnixTimestamp64Nano(Time) AS T FROM "
                + db
                + ".alert_deliveries FINAL WHERE TenantId = {t:String} ORDER BY DeliveryId";
        await().atMost(Duration.ofSeconds(60)).until(() -> ch.queryAll(select, t).size() == 2);
        await().atMost(Duration.ofSeconds(30)).until(() -> writer.deadLettered() >= 2);
        List<GenericRecord> rows = ch.queryAll(select, t);

        GenericRecord old = rows.get(0);
        assertThat(old.getString("DeliveryId")).isEqualTo("d0");
        assertThat(old.getString("Fingerprint")).isEqualTo("fp-a");
        assertThat(old.<String>getList("AlertFingerprints")).isEmpty();
        assertThat(old.getString("Kind")).isEmpty();
        assertThat(old.getString("ChannelName")).isEmpty();
        assertThat(old.getString("ChannelType")).isEmpty();
        assertThat(old.getString("St")).isEqualTo("DELIVERED");
        assertThat(old.getLong("Attempts")).isEqualTo(1);
        assertThat(old.getString("Error")).isEmpty();

        GenericRecord cur = rows.get(1);
        assertThat(cur.getString("ChannelId")).isEqualTo("ops-hook");
        assertThat(cur.getString("ChannelName")).isEqualTo("Ops hook");
        assertThat(cur.getString("ChannelType")).isEqualTo("WEBHOOK");
        assertThat(cur.getString("Fingerprint")).isEqualTo("group-1");
        assertThat(cur.<String>getList("AlertFingerprints")).containsExactly("fp-a", "fp-b");
        assertThat(cur.getString("Kind")).isEqualTo("RESOLVED");
        assertThat(cur.getLong("Sequence")).isEqualTo(2);
        assertThat(cur.getString("St")).isEqualTo("FAILED");
        assertThat(cur.getString("Outcome")).isEqualTo("GAVE_UP");
        assertThat(cur.getLong("Attempts")).isEqualTo(3);
        assertThat(cur.getLong("LastStatus")).isEqualTo(500);
        assertThat(cur.getString("Error"))
            .isEqualTo("webhook: 500 from https://hooks.example.com/*** api_key=***")
            .doesNotContain("s3cr3tpath", "abc123", "K9");
        assertThat(cur.getBoolean("Test")).isFalse();
        assertThat(cur.getLong("T")).isEqualTo(1_796_551_200_123_456_789L);

        List<ConsumerRecord<String, byte[]>> dead =
            TestKafka.readUntil(Topics.DEAD_LETTER, poisonKey);
        assertThat(
                new String(
                    dead.get(dead.size() - 1)
                        .headers()
                        .lastHeader(RecordHeaders.DLQ_REASON)
                        .value(),
                    StandardCharsets.UTF_8))
            .contains("delivery record is not valid JSON");
      }
    }
  }

  /** Every record on partition 0, so the poison comes first on the partition the rows share. */
  static void send(KafkaProducer<String, byte[]> p, String key, String value) throws Exception {
    p.send(
            new ProducerRecord<>(
                Topics.ALERT_DELIVERIES, 0, key, value.getBytes(StandardCharsets.UTF_8)))
        .get();
  }
}
