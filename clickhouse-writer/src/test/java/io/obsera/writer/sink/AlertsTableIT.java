package io.obsera.writer.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.GenericRecord;
import io.obsera.model.ClickHouseSettings;
import io.obsera.model.Json;
import io.obsera.model.RecordHeaders;
import io.obsera.model.Topics;
import io.obsera.model.alert.AlertEvent;
import io.obsera.model.alert.AlertSource;
import io.obsera.model.alert.AlertState;
import io.obsera.model.alert.Severity;
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
 * AlertEvents produced to {@code obsera.alerts.events} land in {@code alerts} with every column; a
 * replayed event collapses; poison (not JSON, missing fields, another tenant's event) is
 * dead-lettered with the reason and the events after it still land.
 */
@ExtendWith(ObseraServersExtension.class)
class AlertsTableIT {
  static final String TENANT = "alerts-" + UUID.randomUUID().toString().substring(0, 8);
  static final Instant T = Instant.parse("2026-11-26T10:00:00.123456789Z");

  static AlertEvent event(AlertState state, long sequence, Double value, Instant endsAt) {
    return new AlertEvent(
        TENANT,
        "fp-1",
        "checkout-burn",
        "Checkout burn rate",
        AlertSource.BURN_RATE,
        Severity.PAGE,
        state,
        sequence,
        Map.of("severity", "page", "source", "burn_rate", "service", "checkout", "slo", "co"),
        "Burn rate 20.1 over 1h and 19.8 over 5m, page threshold 14.4",
        value,
        14.4,
        T,
        endsAt,
        T.plusSeconds(60 * (sequence - 1)));
  }

  @Test
  void should_storeEveryColumn_collapseReplays_andDeadLetterPoison() throws Exception {
    String kafka = SharedServers.kafkaBootstrap();
    TopicProvisioner.ensure(kafka, Map.of(), Topics.all(2));
    String db = TestClickHouse.createDatabase("alerts_table");
    SharedServers.ClickHouseEndpoint e = SharedServers.clickHouse();
    ClickHouseSettings settings = new ClickHouseSettings(e.httpUrl(), e.user(), e.password(), db);
    AlertEvent fired = event(AlertState.FIRING, 1, 20.1, null);
    AlertEvent resolved = event(AlertState.RESOLVED, 2, null, T.plusSeconds(60));
    AlertEvent noLabels =
        new AlertEvent(
            TENANT,
            "fp-2",
            "api",
            "API down",
            AlertSource.OUTAGE,
            Severity.TICKET,
            AlertState.FIRING,
            1,
            null,
            "DOWN from eu-west, us-east",
            null,
            null,
            T,
            null,
            T);
    AlertEvent otherTenant =
        new AlertEvent(
            "someone-else",
            "fp-3",
            "r",
            "n",
            AlertSource.THRESHOLD,
            Severity.INFO,
            AlertState.FIRING,
            1,
            Map.of(),
            "",
            1.0,
            2.0,
            T,
            null,
            T);
    String poisonKey = TENANT + "|poison-" + UUID.randomUUID();
    try (KafkaProducer<String, byte[]> p =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka),
            new StringSerializer(),
            new ByteArraySerializer())) {
      send(p, fired.key(), Json.MAPPER.writeValueAsBytes(fired));
      send(p, poisonKey, "{not json".getBytes(StandardCharsets.UTF_8));
      send(p, TENANT + "|fp-4", "{\"tenantId\":\"x\",\"fingerprint\":\"fp-4\"}".getBytes());
      send(p, TENANT + "|fp-3", Json.MAPPER.writeValueAsBytes(otherTenant));
      send(p, resolved.key(), Json.MAPPER.writeValueAsBytes(resolved));
      send(p, fired.key(), Json.MAPPER.writeValueAsBytes(fired)); // replayed
      send(p, noLabels.key(), Json.MAPPER.writeValueAsBytes(noLabels));
    }

    try (Client ch = ClickHouseClients.create(settings)) {
      new SchemaMigrator(ch, db).migrate();
      WriterConfig config =
          new WriterConfig(
              kafka, TestKafka.uniqueName("alert-writer"), 1000, 200, 30_000, 100, 1000, Map.of());
      try (ClickHouseWriter writer = new ClickHouseWriter(ch, config, Clock.systemUTC()).start()) {
        Map<String, Object> t = Map.of("t", TENANT);
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () ->
                    ch.queryAll(
                                "SELECT count() AS n FROM "
                                    + db
                                    + ".alerts FINAL WHERE TenantId = {t:String}",
                                t)
                            .get(0)
                            .getLong("n")
                        == 3);
        await().atMost(Duration.ofSeconds(30)).until(() -> writer.deadLettered() >= 3);
        List<GenericRecord> rows =
            ch.queryAll(
                "SELECT Fingerprint, RuleId, Name, toString(Source) AS So, toString(Severity) AS"
                    + " Se, toString(State) AS St, Sequence, Labels, Service, Summary, Value,"
                    + " Threshold, toUnixTimestamp64Nano(StartsAt) AS S,"
                    + " toUnixTimestamp64Nano(EndsAt) AS E, toUnixTimestamp64Nano(EventTime) AS T"
                    + " FROM "
                    + db
                    + ".alerts FINAL WHERE TenantId = {t:String} ORDER BY Fingerprint, Sequence",
                t);
        assertThat(rows)
            .extracting(r -> r.getString("Fingerprint"))
            .containsExactly("fp-1", "fp-1", "fp-2");
        GenericRecord f = rows.get(0);
        assertThat(f.getString("RuleId")).isEqualTo("checkout-burn");
        assertThat(f.getString("Name")).isEqualTo("Checkout burn rate");
        assertThat(f.getString("So")).isEqualTo("BURN_RATE");
        assertThat(f.getString("Se")).isEqualTo("PAGE");
        assertThat(f.getString("St")).isEqualTo("FIRING");
        assertThat(f.getLong("Sequence")).isEqualTo(1);
        assertThat((Map<?, ?>) f.getObject("Labels")).isEqualTo(fired.labels());
        assertThat(f.getString("Service")).isEqualTo("checkout");
        assertThat(f.getString("Summary")).isEqualTo(fired.summary());
        assertThat(f.getDouble("Value")).isEqualTo(20.1);
        assertThat(f.getDouble("Threshold")).isEqualTo(14.4);
        assertThat(f.getLong("S")).isEqualTo(nanos(T));
        assertThat(f.getObject("E")).isNull();
        assertThat(f.getLong("T")).isEqualTo(nanos(T));
        GenericRecord r = rows.get(1);
        assertThat(r.getString("St")).isEqualTo("RESOLVED");
        assertThat(r.getLong("Sequence")).isEqualTo(2);
        assertThat(r.getObject("Value")).isNull();
        assertThat(r.getLong("E")).isEqualTo(nanos(T.plusSeconds(60)));
        assertThat(r.getLong("T")).isEqualTo(nanos(T.plusSeconds(60)));
        GenericRecord o = rows.get(2);
        assertThat(o.getString("So")).isEqualTo("OUTAGE");
        assertThat(o.getString("Se")).isEqualTo("TICKET");
        assertThat((Map<?, ?>) o.getObject("Labels")).isEmpty();
        assertThat(o.getString("Service")).isEmpty();
        assertThat(o.getObject("Threshold")).isNull();

        List<ConsumerRecord<String, byte[]>> dead =
            TestKafka.readUntil(Topics.DEAD_LETTER, poisonKey);
        assertThat(
                new String(
                    dead.get(dead.size() - 1)
                        .headers()
                        .lastHeader(RecordHeaders.DLQ_REASON)
                        .value(),
                    StandardCharsets.UTF_8))
            .contains("alert event is not valid JSON");
      }
    }
  }

  static long nanos(Instant t) {
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }

  static void send(KafkaProducer<String, byte[]> p, String key, byte[] value) throws Exception {
    p.send(new ProducerRecord<>(Topics.ALERT_EVENTS, key, value)).get();
  }
}
