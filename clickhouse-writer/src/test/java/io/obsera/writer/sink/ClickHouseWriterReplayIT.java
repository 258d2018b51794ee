package io.obsera.writer.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.clickhouse.client.api.Client;
import io.obsera.model.ClickHouseSettings;
import io.obsera.model.RecordHeaders;
import io.obsera.model.Topics;
import io.obsera.platform.kafka.TopicProvisioner;
import io.obsera.schema.ClickHouseClients;
import io.obsera.schema.SchemaMigrator;
import io.obsera.testing.ObseraServersExtension;
import io.obsera.testing.OtlpFixtures;
import io.obsera.testing.SharedServers;
import io.obsera.testing.TestClickHouse;
import io.obsera.testing.TestKafka;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A writer that takes a partition over after its previous owner inserted a batch but died before
 * committing its end (simulated: the cut is recorded in the commit metadata and its rows inserted
 * with its token) finds the cut and re-inserts exactly that range with the same token: ClickHouse
 * drops the repeat, and the records after the cut land once. The source is transactional with an
 * aborted transaction inside the range (offsets the consumer never sees), and the cut ends in the
 * middle of a transaction, not at the end of the log, so a writer that cut the replay differently
 * would land rows twice.
 */
@ExtendWith(ObseraServersExtension.class)
class ClickHouseWriterReplayIT {
  static final String TENANT = "replay-" + UUID.randomUUID().toString().substring(0, 8);
  static final TopicPartition SPANS_0 = new TopicPartition(Topics.OTLP_SPANS, 0);

  @Test
  void should_reinsertTheRecordedCut_andLandEveryRowOnce() throws Exception {
    String kafka = SharedServers.kafkaBootstrap();
    TopicProvisioner.ensure(kafka, Map.of(), Topics.all(2));
    String db = TestClickHouse.createDatabase("replay");
    SharedServers.ClickHouseEndpoint e = SharedServers.clickHouse();
    ClickHouseSettings settings = new ClickHouseSettings(e.httpUrl(), e.user(), e.password(), db);
    WriterConfig config =
        new WriterConfig(
            kafka, TestKafka.uniqueName("replay-writer"), 1000, 200, 30_000, 100, 1000, Map.of());
    try (Client ch = ClickHouseClients.create(settings);
        Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka))) {
      new SchemaMigrator(ch, db).migrate();
      List<Long> offsets = produceWithAnAbortedTransaction();
      long first = offsets.get(0);
      BatchCut cut = new BatchCut(first, offsets.get(7) + 1); // 8 of the 10 spans, mid-transaction

      insertLikeThePreviousOwner(ch, cut, 8);
      assertThat(spans(ch, db)).isEqualTo(8);

      ClickHouseWriter writer = new ClickHouseWriter(ch, config, Clock.systemUTC());
      commitGroup(admin, config.groupId(), writer.topics(), cut);
      writer.start();
      try {
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> committed(admin, config.groupId()) > offsets.get(9));
        assertThat(writer.rowsWritten())
            .as("rows the new owner inserted")
            .isGreaterThanOrEqualTo(10);
        assertThat(spans(ch, db)).isEqualTo(10);
        assertThat(
                ch.queryAll(
                        "SELECT uniqExact(SpanId) AS u FROM "
                            + db
                            + ".otel_traces WHERE TenantId = {t:String}",
                        Map.of("t", TENANT))
                    .get(0)
                    .getLong("u"))
            .isEqualTo(10);
      } finally {
        writer.close();
      }
    }
  }

  /** What the previous owner did before it died: inserted the cut's rows with the cut's token. */
  static void insertLikeThePreviousOwner(Client ch, BatchCut cut, int spans) throws Exception {
    RowBinaryOut out = new RowBinaryOut();
    SpanTableEncoder encoder = new SpanTableEncoder();
    for (int i = 1; i <= spans; i++) {
      String trace = String.format("%032x", i);
      encoder.encode(
          TENANT, TENANT + "|" + trace, OtlpFixtures.spans(trace, "replay", i), t -> out);
    }
    ch.insert(
            SpanTableEncoder.SPANS.name(),
            SpanTableEncoder.SPANS.columns(),
            new java.io.ByteArrayInputStream(out.toByteArray()),
            com.clickhouse.data.ClickHouseFormat.RowBinary,
            new com.clickhouse.client.api.insert.InsertSettings()
                .setDeduplicationToken(cut.token(SpanTableEncoder.SPANS.name(), SPANS_0)))
        .get(30, TimeUnit.SECONDS)
        .close();
  }

  /** Spans 1-5 committed, 2 aborted, spans 6-10 committed; returns the offsets of the 10 spans. */
  static List<Long> produceWithAnAbortedTransaction() throws Exception {
    List<Long> offsets = new ArrayList<>();
    try (KafkaProducer<String, byte[]> p =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedServers.kafkaBootstrap(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                TestKafka.uniqueName("replay-tx")),
            new StringSerializer(),
            new ByteArraySerializer())) {
      p.initTransactions();
      p.beginTransaction();
      for (int i = 1; i <= 5; i++) {
        offsets.add(send(p, i));
      }
      p.commitTransaction();
      p.beginTransaction();
      send(p, 100);
      send(p, 101);
      p.flush();
      p.abortTransaction();
      p.beginTransaction();
      for (int i = 6; i <= 10; i++) {
        offsets.add(send(p, i));
      }
      p.commitTransaction();
    }
    return offsets;
  }

  static long send(KafkaProducer<String, byte[]> p, int span) throws Exception {
    String trace = String.format("%032x", span);
    ProducerRecord<String, byte[]> r =
        new ProducerRecord<>(
            Topics.OTLP_SPANS, 0, TENANT + "|" + trace, OtlpFixtures.spans(trace, "replay", span));
    r.headers().add(RecordHeaders.TENANT, RecordHeaders.bytes(TENANT));
    p.flush();
    RecordMetadata m = p.send(r).get(30, TimeUnit.SECONDS);
    return m.offset();
  }

  /** The group starts at the end of every topic, except spans-0: at the recorded cut. */
  static void commitGroup(Admin admin, String group, List<String> topics, BatchCut cut)
      throws Exception {
    Map<TopicPartition, OffsetAndMetadata> offsets = ends(admin, topics);
    offsets.put(SPANS_0, new OffsetAndMetadata(cut.first(), cut.metadata()));
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions() // the group is not empty until the previous writer left it
        .until(
            () -> {
              admin.alterConsumerGroupOffsets(group, offsets).all().get();
              return true;
            });
  }

  /** The end of every partition of {@code topics}, as offsets to commit. */
  static Map<TopicPartition, OffsetAndMetadata> ends(Admin admin, List<String> topics)
      throws Exception {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (var d : admin.describeTopics(topics).allTopicNames().get().values()) {
      d.partitions()
          .forEach(
              p -> latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest()));
    }
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    admin
        .listOffsets(latest)
        .all()
        .get()
        .forEach((tp, info) -> offsets.put(tp, new OffsetAndMetadata(info.offset())));
    return offsets;
  }

  static long committed(Admin admin, String group) throws Exception {
    OffsetAndMetadata om =
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().get(SPANS_0);
    return om == null ? -1 : om.offset();
  }

  static long spans(Client ch, String db) {
    return ch.queryAll(
            "SELECT count() AS c FROM " + db + ".otel_traces WHERE TenantId = {t:String}",
            Map.of("t", TENANT))
        .get(0)
        .getLong("c");
  }
}
