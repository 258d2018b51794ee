package io.obsera.testing;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

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
}
