package io.obsera.testing;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;

/** Kafka helpers for tests, against the shared cluster ({@link SharedServers#kafkaBootstrap()}). */
public final class TestKafka {
  private static final long TIMEOUT_SECONDS = 30;

  private TestKafka() {}

  /** Creates topics with one partition and replication factor 1. */
  public static void createTopics(String... names) {
    createTopics(1, names);
  }

  /** Creates topics with {@code partitions} partitions and replication factor 1. */
  public static void createTopics(int partitions, String... names) {
    List<NewTopic> topics =
        Arrays.stream(names).map(name -> new NewTopic(name, partitions, (short) 1)).toList();
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedServers.kafkaBootstrap()))) {
      admin.createTopics(topics).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException(
          "cannot create topics " + Arrays.toString(names) + ": " + e, e);
    }
  }

  /** {@code <prefix>-<random>}: a topic, group or application id no other test uses. */
  public static String uniqueName(String prefix) {
    return UniqueNames.of(prefix, '-');
  }

  /**
   * Reads {@code topic} from the beginning until at least one record with {@code key} arrived (or
   * 15 s passed, then fails) and returns every record with that key seen so far.
   */
  public static List<ConsumerRecord<String, byte[]>> readUntil(String topic, String key) {
    List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> c =
        new KafkaConsumer<>(
            Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedServers.kafkaBootstrap()),
            new StringDeserializer(),
            new ByteArrayDeserializer())) {
      List<TopicPartition> parts =
          c.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      Awaitility.await()
          .atMost(Duration.ofSeconds(15))
          .until(
              () -> {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                  if (key.equals(r.key())) {
                    found.add(r);
                  }
                }
                return !found.isEmpty();
              });
    }
    return found;
  }

  /** Every record of {@code topic} now in Kafka (reads until the end offsets seen at the start). */
  public static List<ConsumerRecord<String, byte[]>> readAll(String topic) {
    return readAll(SharedServers.kafkaBootstrap(), topic, false);
  }

  /**
   * Every record of {@code topic} in the cluster at {@code bootstrap}; with {@code committedOnly}
   * only those of committed transactions ({@code read_committed}), as downstream consumers see
   * them.
   */
  public static List<ConsumerRecord<String, byte[]>> readAll(
      String bootstrap, String topic, boolean committedOnly) {
    List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> c = consumer(bootstrap, committedOnly)) {
      List<TopicPartition> parts =
          c.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      Map<TopicPartition, Long> end = c.endOffsets(parts);
      Awaitility.await()
          .atMost(Duration.ofSeconds(15))
          .until(
              () -> {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
                return parts.stream().allMatch(tp -> c.position(tp) >= end.get(tp));
              });
    }
    return out;
  }

  /**
   * A consumer without a group for {@code bootstrap}, string keys and byte values; with {@code
   * committedOnly} it reads only committed transactions ({@code read_committed}).
   */
  public static KafkaConsumer<String, byte[]> consumer(String bootstrap, boolean committedOnly) {
    return new KafkaConsumer<>(
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            committedOnly ? "read_committed" : "read_uncommitted"),
        new StringDeserializer(),
        new ByteArrayDeserializer());
  }

  /**
   * The fetches answered to the consumers whose client id {@code matches} during {@code window}: a
   * rate over a fixed time, so this waits the whole window (the idle tests' measurement, not a wait
   * for a condition).
   */
  public static double fetchesAnsweredDuring(
      Duration window, java.util.function.Predicate<String> matches) throws InterruptedException {
    double before = fetchesAnsweredTo(matches);
    Thread.sleep(window.toMillis());
    return fetchesAnsweredTo(matches) - before;
  }

  /**
   * Fetch responses received so far by the consumers of group {@code groupId} in this JVM (their
   * {@code fetch-total} metric; client ids {@code consumer-<group>-<n>}, Kafka's default): how
   * often an idle consumer makes the broker answer.
   */
  public static double fetchesAnswered(String groupId) {
    return fetchesAnsweredTo(ofGroup(groupId));
  }

  /** The client ids Kafka gives the consumers of group {@code groupId} by default. */
  public static java.util.function.Predicate<String> ofGroup(String groupId) {
    return clientId -> clientId.startsWith("consumer-" + groupId + "-");
  }

  /** Fetches answered so far to the consumers in this JVM whose client id {@code matches}. */
  public static double fetchesAnsweredTo(java.util.function.Predicate<String> matches) {
    MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
    double total = 0;
    try {
      for (ObjectName name :
          jmx.queryNames(
              new ObjectName("kafka.consumer:type=consumer-fetch-manager-metrics,client-id=*"),
              null)) {
        if (matches.test(name.getKeyProperty("client-id"))) {
          total += ((Number) jmx.getAttribute(name, "fetch-total")).doubleValue();
        }
      }
    } catch (JMException e) {
      throw new IllegalStateException("cannot read the consumer metrics", e);
    }
    return total;
  }
}
