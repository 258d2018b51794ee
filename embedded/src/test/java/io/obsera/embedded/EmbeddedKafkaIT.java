package io.obsera.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaIT {
  private static final String TOPIC = "spans";

  @TempDir Path dataDir;

  @Test
  void should_keepTopicsAndRecordsOnSamePort_whenRestartedOnSameDataDir() throws Exception {
    EmbeddedKafka.Config config =
        new EmbeddedKafka.Config(dataDir, "127.0.0.1", freePort(), freePort());
    String firstBootstrap;
    long started = System.nanoTime();
    try (EmbeddedKafka kafka = EmbeddedKafka.start(config)) {
      System.out.println("Kafka first start: " + (System.nanoTime() - started) / 1_000_000 + " ms");
      firstBootstrap = kafka.bootstrapServers();
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
        admin.createTopics(List.of(new NewTopic(TOPIC, 2, (short) 1))).all().get();
      }
      produce(kafka.bootstrapServers(), 100);
    }

    started = System.nanoTime();
    try (EmbeddedKafka kafka = EmbeddedKafka.start(config)) {
      System.out.println("Kafka restart: " + (System.nanoTime() - started) / 1_000_000 + " ms");
      assertThat(kafka.bootstrapServers()).isEqualTo(firstBootstrap);
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
        assertThat(admin.listTopics().names().get()).contains(TOPIC);
      }
      assertThat(consumeAll(kafka.bootstrapServers(), 100))
          .hasSize(100)
          .contains("value-0", "value-99");
    }
  }

  @Test
  void should_refuseToAutoCreateTopics() throws Exception {
    try (EmbeddedKafka kafka =
            EmbeddedKafka.start(new EmbeddedKafka.Config(dataDir, "127.0.0.1", 0, 0));
        Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
        KafkaConsumer<String, String> consumer = consumer(kafka.bootstrapServers())) {
      consumer.subscribe(List.of("never-created"));
      consumer.poll(Duration.ofMillis(500));

      assertThat(admin.listTopics().names().get()).doesNotContain("never-created");
    }
  }

  private static void produce(String bootstrap, int count) throws Exception {
    Map<String, Object> props =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            true);
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
      for (int i = 0; i < count; i++) {
        producer.send(new ProducerRecord<>(TOPIC, "key-" + i, "value-" + i)).get();
      }
    }
  }

  private static List<String> consumeAll(String bootstrap, int expected) {
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = consumer(bootstrap)) {
      consumer.subscribe(Set.of(TOPIC));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                  values.add(r.value());
                }
                return values.size() >= expected;
              });
    }
    return values;
  }

  private static KafkaConsumer<String, String> consumer(String bootstrap) {
    Map<String, Object> props =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ConsumerConfig.GROUP_ID_CONFIG,
            "it-" + System.nanoTime(),
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest");
    return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }
}
