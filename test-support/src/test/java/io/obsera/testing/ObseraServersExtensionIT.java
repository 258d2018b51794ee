package io.obsera.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.GenericRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ObseraServersExtension.class)
class ObseraServersExtensionIT {

  @Test
  void should_createFreshDatabases_forAdminToWriteAndAnalystToRead() throws Exception {
    String first = TestClickHouse.createDatabase("ext-it");
    String second = TestClickHouse.createDatabase("ext-it");
    try (Client admin = TestClickHouse.adminClient()) {
      admin.execute("CREATE TABLE " + first + ".t (x UInt32) ENGINE = MergeTree ORDER BY x").get();
      admin.execute("INSERT INTO " + first + ".t VALUES (1), (2), (3)").get();
    }
    SharedServers.ClickHouseEndpoint endpoint = SharedServers.clickHouse();
    try (Client analyst =
        new Client.Builder()
            .addEndpoint(endpoint.httpUrl())
            .setUsername(endpoint.analystUser())
            .setPassword(endpoint.analystPassword())
            .build()) {
      List<GenericRecord> rows = analyst.queryAll("SELECT sum(x) AS s FROM " + first + ".t");

      assertThat(rows.get(0).getLong("s")).isEqualTo(6);
    }
    assertThat(first).startsWith("ext_it_").isNotEqualTo(second);
  }

  @Test
  void should_createTopics_thatCarryRecords() throws Exception {
    String topic = TestKafka.uniqueName("ext-it");
    TestKafka.createTopics(3, topic);
    String bootstrap = SharedServers.kafkaBootstrap();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      assertThat(admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions())
          .hasSize(3);
    }
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
            new StringSerializer(),
            new StringSerializer())) {
      producer.send(new ProducerRecord<>(topic, "k", "hello")).get();
    }
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG,
                TestKafka.uniqueName("group"),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"),
            new StringDeserializer(),
            new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
                return !values.isEmpty();
              });
    }
    assertThat(values).containsExactly("hello");
  }
}
