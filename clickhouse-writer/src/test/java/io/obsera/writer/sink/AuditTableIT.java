package io.obsera.writer.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.GenericRecord;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.obsera.model.ClickHouseSettings;
import io.obsera.model.Json;
import io.obsera.model.RecordHeaders;
import io.obsera.model.Topics;
import io.obsera.model.audit.AuditEvent;
import io.obsera.platform.kafka.TopicProvisioner;
import io.obsera.schema.ClickHouseClients;
import io.obsera.schema.SchemaMigrator;
import io.obsera.testing.ObseraServersExtension;
import io.obsera.testing.SharedServers;
import io.obsera.testing.TestClickHouse;
import io.obsera.testing.TestKafka;
import io.obsera.writer.retention.AuditRetention;
import io.obsera.writer.retention.RetentionConfig;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
 * Audit events from {@code obsera.audit} land in {@code audit_log} with every column (before and
 * after snapshots too), an event written before snapshots existed still lands, a replay collapses,
 * and poison is dead-lettered with the reason.
 */
@ExtendWith(ObseraServersExtension.class)
class AuditTableIT {
  static final String TENANT = "audit-" + UUID.randomUUID().toString().substring(0, 8);

  @Test
  void should_storeEveryColumn_collapseReplays_andDeadLetterPoison() throws Exception {
    String kafka = SharedServers.kafkaBootstrap();
    TopicProvisioner.ensure(kafka, Map.of(), Topics.all(2));
    String db = TestClickHouse.createDatabase("audit_table");
    SharedServers.ClickHouseEndpoint e = SharedServers.clickHouse();
    ClickHouseSettings settings = new ClickHouseSettings(e.httpUrl(), e.user(), e.password(), db);
    Instant t = Instant.parse("2026-11-26T10:00:00.123Z");
    AuditEvent put =
        new AuditEvent(
            "e1",
            t,
            TENANT,
            "user:u-1",
            "PUT /api/v1/slos/{id}",
            "id=co",
            200,
            "{\"a\":1}",
            "10.0.0.1",
            "{\"objective\":0.99}",
            "{\"objective\":0.999}");
    AuditEvent login =
        new AuditEvent(
            "e2",
            t.plusSeconds(1),
            TENANT,
            "email:a@b.io",
            "POST /api/v1/auth/login",
            "",
            401,
            "",
            "10.0.0.2");
    String poisonKey = TENANT + "|poison-" + UUID.randomUUID();
    try (KafkaProducer<String, byte[]> p =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka),
            new StringSerializer(),
            new ByteArraySerializer())) {
      send(p, TENANT + "|e1", Json.MAPPER.writeValueAsBytes(put));
      send(p, poisonKey, "{not json".getBytes(StandardCharsets.UTF_8));
      // as the previous version wrote it: no before/after fields
      ObjectNode old = Json.MAPPER.valueToTree(login);
      old.remove(List.of("before", "after"));
      assertThat(old.has("clientAddress")).isTrue();
      send(p, TENANT + "|e2", Json.MAPPER.writeValueAsBytes(old));
      send(p, TENANT + "|e1", Json.MAPPER.writeValueAsBytes(put)); // replayed
    }
    try (Client ch = ClickHouseClients.create(settings)) {
      new SchemaMigrator(ch, db).migrate();
      WriterConfig config =
          new WriterConfig(
              kafka, TestKafka.uniqueName("audit-writer"), 1000, 200, 30_000, 100, 1000, Map.of());
      try (ClickHouseWriter writer = new ClickHouseWriter(ch, config, Clock.systemUTC()).start()) {
        Map<String, Object> q = Map.of("t", TENANT);
        String rowsOf =
            "SELECT EventId, toUnixTimestamp64Milli(Time) AS T, Actor, Action, Object, Outcome,"
                + " Detail, ClientAddress, Before, After FROM "
                + db
                + ".audit_log FINAL WHERE TenantId = {t:String} ORDER BY Time";
        await().atMost(Duration.ofSeconds(60)).until(() -> ch.queryAll(rowsOf, q).size() == 2);
        await().atMost(Duration.ofSeconds(30)).until(() -> writer.deadLettered() >= 1);
        List<GenericRecord> rows = ch.queryAll(rowsOf, q);
        GenericRecord first = rows.get(0);
        assertThat(first.getString("EventId")).isEqualTo("e1");
        assertThat(first.getLong("T")).isEqualTo(t.toEpochMilli());
        assertThat(first.getString("Actor")).isEqualTo("user:u-1");
        assertThat(first.getString("Action")).isEqualTo("PUT /api/v1/slos/{id}");
        assertThat(first.getString("Object")).isEqualTo("id=co");
        assertThat(first.getInteger("Outcome")).isEqualTo(200);
        assertThat(first.getString("Detail")).isEqualTo("{\"a\":1}");
        assertThat(first.getString("ClientAddress")).isEqualTo("10.0.0.1");
        assertThat(first.getString("Before")).isEqualTo("{\"objective\":0.99}");
        assertThat(first.getString("After")).isEqualTo("{\"objective\":0.999}");
        assertThat(rows.get(1).getInteger("Outcome")).isEqualTo(401);
        assertThat(rows.get(1).getString("Before")).isEmpty();
        assertThat(rows.get(1).getString("After")).isEmpty();
        List<ConsumerRecord<String, byte[]>> dead =
            TestKafka.readUntil(Topics.DEAD_LETTER, poisonKey);
        assertThat(
                new String(
                    dead.get(dead.size() - 1)
                        .headers()
                        .lastHeader(RecordHeaders.DLQ_REASON)
                        .value(),
                    StandardCharsets.UTF_8))
            .contains("audit event is not valid JSON");
      }
    }
  }

  @Test
  void should_keepAuditRowsForTheirOwnRetention() throws Exception {
    String db = TestClickHouse.createDatabase("audit_ttl");
    SharedServers.ClickHouseEndpoint e = SharedServers.clickHouse();
    try (Client ch =
        ClickHouseClients.create(new ClickHouseSettings(e.httpUrl(), e.user(), e.password(), db))) {
      new SchemaMigrator(ch, db).migrate();
      AuditRetention.apply(ch, db, 400);
      String create =
          ch.queryAll(
                  "SELECT create_table_query AS q FROM system.tables"
                      + " WHERE database = {db:String} AND name = 'audit_log'",
                  Map.of("db", db))
              .get(0)
              .getString("q");
      assertThat(create).contains("TTL toDateTime(Time) + toIntervalDay(400)");
    }
    assertThat(RetentionConfig.fromEnv(Map.of()).auditDays()).isEqualTo(365);
    assertThatThrownBy(() -> RetentionConfig.fromEnv(Map.of("OBSERA_AUDIT_RETENTION_DAYS", "0")))
        .hasMessageContaining("OBSERA_AUDIT_RETENTION_DAYS");
  }

  static void send(KafkaProducer<String, byte[]> p, String key, byte[] value) throws Exception {
    p.send(new ProducerRecord<>(Topics.AUDIT, key, value)).get();
  }
}
