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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.server.metrics.KafkaYammerMetrics;
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
        // the log cleaner's offset map is the small one, not Kafka's 128 MB held on the heap
        org.apache.kafka.common.config.ConfigResource broker =
            new org.apache.kafka.common.config.ConfigResource(
                org.apache.kafka.common.config.ConfigResource.Type.BROKER,
                Integer.toString(KafkaBrokerProperties.NODE_ID));
        assertThat(
                admin
                    .describeConfigs(List.of(broker))
                    .all()
                    .get()
                    .get(broker)
                    .get("log.cleaner.dedupe.buffer.size")
                    .value())
            .isEqualTo(Long.toString(16L * 1024 * 1024));
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

  @Test
  void should_runOneRequestHandlerPerPoolWhileIdle_andAllOfThemUnderLoad() throws Exception {
    HandlerPoolSizer.Settings fast =
        new HandlerPoolSizer.Settings(Duration.ofSeconds(1), Duration.ofSeconds(8));
    try (EmbeddedKafka kafka =
        EmbeddedKafka.start(new EmbeddedKafka.Config(dataDir, "127.0.0.1", 0, 0), fast)) {
      assertThat(MeterTickCoalescer.installedIn(KafkaYammerMetrics.defaultRegistry())).isTrue();
      // The controller listener's single network thread, the client listener's Kafka's three (a
      // broker closed by an earlier test may take a moment to end its own).
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                assertThat(threadNames("kafka-network-thread", "-CONTROLLER-")).hasSize(1);
                assertThat(threadNames("kafka-network-thread", "-PLAINTEXT-PLAINTEXT-")).hasSize(3);
              });

      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> kafka.handlerPoolSizes().equals(Map.of("broker", 1, "controller", 1)));
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> threadsNamed("kafka-request-handler", "") == 2);

      try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
        admin.createTopics(List.of(new NewTopic(TOPIC, 4, (short) 1))).all().get();
      }
      AtomicBoolean loading = new AtomicBoolean(true);
      AtomicLong sent = new AtomicLong();
      List<Thread> producers = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        Thread producer = new Thread(() -> produceUntil(kafka.bootstrapServers(), loading, sent));
        producer.start();
        producers.add(producer);
      }
      try {
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> kafka.handlerPoolSizes().get("broker") == 8);
        assertThat(threadsNamed("kafka-request-handler", "")).isGreaterThanOrEqualTo(9);
      } finally {
        loading.set(false);
        for (Thread producer : producers) {
          producer.join();
        }
      }
      assertThat(sent.get()).isPositive();

      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> kafka.handlerPoolSizes().get("broker") == 1);
      // Every record sent while the pool grew and shrank is there.
      assertThat(countRecords(kafka.bootstrapServers())).isEqualTo(sent.get());
    }
  }

  @Test
  void should_wakeReapersAndCoordinatorThreadsOnlyWhenThereIsWork() throws Exception {
    EmbeddedKafka kafka = EmbeddedKafka.start(new EmbeddedKafka.Config(dataDir, "127.0.0.1", 0, 0));
    try {
      ExpirationReapers reapers = kafka.reapers();
      assertThat(reapers.missed()).isEmpty();
      // every reaper of a combined node (the broker's and the controller's AlterAcls)
      assertThat(reapers.calmed())
          .containsExactlyInAnyOrder(
              "ExpirationReaper-1-AlterAcls",
              "ExpirationReaper-1-AlterAcls",
              "ExpirationReaper-1-DeleteRecords",
              "ExpirationReaper-1-Fetch",
              "ExpirationReaper-1-Produce",
              "ExpirationReaper-1-RemoteFetch",
              "ExpirationReaper-1-RemoteListOffsets",
              "ExpirationReaper-1-ShareFetch",
              "client-metrics-reaper",
              "group-coordinator-reaper",
              "raft-expiration-reaper",
              "share-coordinator-reaper",
              "share-group-lock-timeout-reaper",
              "share-group-reaper");

      CoordinatorEventQueues coordinators = kafka.coordinatorQueues();
      assertThat(coordinators.missed()).isEmpty();
      assertThat(coordinators.calmed())
          .containsExactly(
              "group-coordinator-event-processor", "share-coordinator-event-processor");

      // Idle: each reaper wakes about once per idle wait (5 s), not every 200 ms (20 in 4 s), and
      // the five coordinator threads poll their queue about as often, not every 300 ms (65 in all).
      // Checked all along the 4 s, so a thread that wakes too often fails as soon as it shows.
      Map<String, Long> before = reapers.advances();
      long polledBefore = coordinators.polls();
      await()
          .during(Duration.ofSeconds(4))
          .atMost(Duration.ofSeconds(6))
          .pollInterval(Duration.ofMillis(250))
          .untilAsserted(
              () -> {
                Map<String, Long> now = reapers.advances();
                before.forEach(
                    (reaper, advances) ->
                        assertThat(now.get(reaper) - advances).as(reaper).isLessThanOrEqualTo(3));
                assertThat(coordinators.polls() - polledBefore).isLessThanOrEqualTo(15);
              });

      // A held fetch still ends when its wait is over: the reaper wakes for a timeout that is due.
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
        admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
      }
      try (KafkaConsumer<String, String> consumer =
          consumer(
              kafka.bootstrapServers(), Map.of(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 300))) {
        // A group's join, sync and offset commit are coordinator events: each wakes a thread.
        consumer.subscribe(List.of(TOPIC));
        await()
            .atMost(Duration.ofSeconds(5))
            .until(
                () -> {
                  consumer.poll(Duration.ofMillis(100));
                  return !consumer.assignment().isEmpty();
                });
        consumer.commitSync(Duration.ofSeconds(3));
        long until = System.nanoTime() + Duration.ofSeconds(4).toNanos();
        while (System.nanoTime() < until) {
          consumer.poll(Duration.ofMillis(200));
        }
        double fetches = metric(consumer, "fetch-total");
        double slowest = metric(consumer, "fetch-latency-max");
        assertThat(fetches).isGreaterThanOrEqualTo(6);
        assertThat(slowest).isBetween(250.0, 2000.0);
      }
    } finally {
      long closing = System.nanoTime();
      kafka.close();
      // Woken by close, the reapers and coordinator threads stop at once rather than at the end of
      // their idle wait.
      assertThat(Duration.ofNanos(System.nanoTime() - closing)).isLessThan(Duration.ofSeconds(20));
    }
  }

  private static double metric(KafkaConsumer<?, ?> consumer, String name) {
    return consumer.metrics().entrySet().stream()
        .filter(
            e ->
                e.getKey().name().equals(name)
                    && e.getKey().group().equals("consumer-fetch-manager-metrics"))
        .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
        .findFirst()
        .orElseThrow(() -> new AssertionError("no consumer metric " + name));
  }

  private static void produceUntil(String bootstrap, AtomicBoolean loading, AtomicLong sent) {
    String value = "x".repeat(512);
    try (KafkaProducer<String, String> producer = producer(bootstrap)) {
      while (loading.get()) {
        producer.send(new ProducerRecord<>(TOPIC, value)).get();
        sent.incrementAndGet();
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static long countRecords(String bootstrap) {
    try (KafkaConsumer<String, String> consumer = consumer(bootstrap)) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (int p = 0; p < 4; p++) {
        partitions.add(new TopicPartition(TOPIC, p));
      }
      long total = 0;
      for (long end : consumer.endOffsets(partitions).values()) {
        total += end;
      }
      return total;
    }
  }

  private static int threadsNamed(String part, String andPart) {
    return threadNames(part, andPart).size();
  }

  private static List<String> threadNames(String part, String andPart) {
    List<String> names = new ArrayList<>();
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      String name = thread.getName();
      if (thread.isAlive() && name.contains(part) && name.contains(andPart)) {
        names.add(name);
      }
    }
    return names;
  }

  private static void produce(String bootstrap, int count) throws Exception {
    try (KafkaProducer<String, String> producer = producer(bootstrap)) {
      for (int i = 0; i < count; i++) {
        producer.send(new ProducerRecord<>(TOPIC, "key-" + i, "value-" + i)).get();
      }
    }
  }

  /** Idempotent, every record acknowledged by the in-sync replicas, each batch sent at once. */
  private static KafkaProducer<String, String> producer(String bootstrap) {
    Map<String, Object> props =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            true,
            ProducerConfig.LINGER_MS_CONFIG,
            0);
    return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
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
    return consumer(bootstrap, Map.of());
  }

  private static KafkaConsumer<String, String> consumer(
      String bootstrap, Map<String, Object> settings) {
    Map<String, Object> props = new java.util.HashMap<>(settings);
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + System.nanoTime());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }
}
