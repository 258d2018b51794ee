package io.obsera.writer.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.GenericRecord;
import io.obsera.model.ClickHouseSettings;
import io.obsera.model.Json;
import io.obsera.model.RecordHeaders;
import io.obsera.model.Topics;
import io.obsera.model.probe.CheckOutcome;
import io.obsera.model.probe.HealthCheck;
import io.obsera.model.probe.OutageEvent;
import io.obsera.platform.kafka.TopicProvisioner;
import io.obsera.schema.ClickHouseClients;
import io.obsera.schema.SchemaMigrator;
import io.obsera.testing.ObseraServersExtension;
import io.obsera.testing.SharedServers;
import io.obsera.testing.TestClickHouse;
import io.obsera.testing.TestKafka;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The writer stores health checks and outage events column by column (nullable timings, enums,
 * arrays), and an outage's latest event is its row under {@code FINAL}.
 */
@ExtendWith(ObseraServersExtension.class)
class ProbeTablesIT {
  static final String TENANT = "probe-tables-" + UUID.randomUUID().toString().substring(0, 8);
  static final Instant T = Instant.parse("2026-11-26T10:00:00.250Z");

  @Test
  void should_storeEveryColumnOfChecksAndOutages_withTheLatestEventWinning() throws Exception {
    String kafka = SharedServers.kafkaBootstrap();
    TopicProvisioner.ensure(kafka, Map.of(), Topics.all(2));
    String db = TestClickHouse.createDatabase("probe_tables");
    SharedServers.ClickHouseEndpoint e = SharedServers.clickHouse();
    ClickHouseSettings settings = new ClickHouseSettings(e.httpUrl(), e.user(), e.password(), db);
    HealthCheck full =
        new HealthCheck(
            TENANT,
            "api",
            "eu-west",
            "eu-1",
            T,
            "https://api.example.com/",
            "GET",
            CheckOutcome.DEGRADED,
            200,
            "slower than 500 ms",
            1.5,
            2.5,
            3.5,
            600.0,
            612.25,
            true,
            Instant.parse("2027-01-01T00:00:00Z"),
            "0af7651916cd43dd8448eb211c80319c");
    HealthCheck sparse =
        new HealthCheck(
            TENANT,
            "api",
            "us-east",
            "us-1",
            T.plusSeconds(1),
            "https://api.example.com/",
            "GET",
            CheckOutcome.DOWN,
            null,
            "connection refused",
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            "");
    String id = OutageEvent.outageId(TENANT, "api", OutageEvent.Kind.DOWN, T);
    OutageEvent open =
        new OutageEvent(
            TENANT,
            "api",
            id,
            OutageEvent.Kind.DOWN,
            OutageEvent.State.OPEN,
            T,
            null,
            List.of("eu-west", "us-east"),
            "both down",
            T.plusSeconds(10));
    OutageEvent resolved =
        new OutageEvent(
            TENANT,
            "api",
            id,
            OutageEvent.Kind.DOWN,
            OutageEvent.State.RESOLVED,
            T,
            T.plusSeconds(90),
            List.of("eu-west", "us-east"),
            "both down",
            T.plusSeconds(90));
    try (KafkaProducer<String, byte[]> p =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka),
            new StringSerializer(),
            new ByteArraySerializer())) {
      for (HealthCheck c : List.of(full, sparse)) {
        send(p, Topics.HEALTH_CHECKS, c.key(), Json.MAPPER.writeValueAsBytes(c));
      }
      // The RESOLVED event is written first: the version (event time), not the order, decides.
      send(p, Topics.OUTAGE_EVENTS, resolved.key(), Json.MAPPER.writeValueAsBytes(resolved));
      send(p, Topics.OUTAGE_EVENTS, open.key(), Json.MAPPER.writeValueAsBytes(open));
    }

    try (Client ch = ClickHouseClients.create(settings)) {
      new SchemaMigrator(ch, db).migrate();
      WriterConfig config =
          new WriterConfig(
              kafka, TestKafka.uniqueName("probe-writer"), 1000, 200, 30_000, 100, 1000, Map.of());
      try (ClickHouseWriter writer = new ClickHouseWriter(ch, config, Clock.systemUTC()).start()) {
        Map<String, Object> t = Map.of("t", TENANT);
        // Both events may land in one insert, which ReplacingMergeTree collapses at once
        // (optimize_on_insert): count the outage under FINAL.
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () ->
                    ch.queryAll(
                                "SELECT (SELECT count() FROM "
                                    + db
                                    + ".health_checks WHERE TenantId = {t:String}) * 10 + (SELECT"
                                    + " count() FROM "
                                    + db
                                    + ".outages FINAL WHERE TenantId = {t:String}) AS n",
                                t)
                            .get(0)
                            .getLong("n")
                        == 21);
        List<GenericRecord> rows =
            ch.queryAll(
                "SELECT Region, Agent, Time, Url, Method, toString(Outcome) AS O, StatusCode,"
                    + " Error, DnsMs, ConnectMs, TlsMs, TtfbMs, TotalMs, BodyMatched,"
                    + " CertExpiresAt, TraceId FROM "
                    + db
                    + ".health_checks WHERE TenantId = {t:String} ORDER BY Time",
                t);
        GenericRecord a = rows.get(0);
        assertThat(a.getString("Region")).isEqualTo("eu-west");
        assertThat(a.getString("Agent")).isEqualTo("eu-1");
        assertThat(a.getInstant("Time")).isEqualTo(T);
        assertThat(a.getString("O")).isEqualTo("DEGRADED");
        assertThat(a.getInteger("StatusCode")).isEqualTo(200);
        assertThat(List.of(a.getDouble("DnsMs"), a.getDouble("ConnectMs"), a.getDouble("TlsMs")))
            .containsExactly(1.5, 2.5, 3.5);
        assertThat(a.getDouble("TtfbMs")).isEqualTo(600.0);
        assertThat(a.getDouble("TotalMs")).isEqualTo(612.25);
        assertThat(a.getInteger("BodyMatched")).isEqualTo(1);
        assertThat(a.getInstant("CertExpiresAt")).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
        assertThat(a.getString("TraceId")).isEqualTo(full.traceId());
        GenericRecord b = rows.get(1);
        assertThat(b.getString("O")).isEqualTo("DOWN");
        assertThat(b.getString("Error")).isEqualTo("connection refused");
        for (String nullable :
            List.of(
                "StatusCode",
                "DnsMs",
                "ConnectMs",
                "TlsMs",
                "TtfbMs",
                "TotalMs",
                "BodyMatched",
                "CertExpiresAt")) {
          assertThat(b.getObject(nullable)).as(nullable).isNull();
        }

        List<GenericRecord> outages =
            ch.queryAll(
                "SELECT toString(Kind) AS K, toString(State) AS S, StartTime, EndTime,"
                    + " Regions, Cause, UpdatedAt FROM "
                    + db
                    + ".outages FINAL WHERE TenantId = {t:String}",
                t);
        assertThat(outages).hasSize(1);
        GenericRecord o = outages.get(0);
        assertThat(o.getString("K")).isEqualTo("DOWN");
        assertThat(o.getString("S")).isEqualTo("RESOLVED");
        assertThat(o.getInstant("StartTime")).isEqualTo(T);
        assertThat(o.getInstant("EndTime")).isEqualTo(T.plusSeconds(90));
        assertThat(o.getList("Regions")).containsExactly("eu-west", "us-east");
        assertThat(o.getString("Cause")).isEqualTo("both down");
        assertThat(o.getInstant("UpdatedAt")).isEqualTo(T.plusSeconds(90));
      }
    }
  }

  static void send(KafkaProducer<String, byte[]> p, String topic, String key, byte[] value)
      throws Exception {
    ProducerRecord<String, byte[]> r = new ProducerRecord<>(topic, key, value);
    r.headers().add(RecordHeaders.TENANT, RecordHeaders.bytes(TENANT));
    p.send(r).get();
  }
}
