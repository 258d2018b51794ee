package io.obsera.platform.kafka;

import io.obsera.model.TopicSpec;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates Obsera's topics with the Admin API when they are missing (auto-creation stays off). */
public final class TopicProvisioner {
  private TopicProvisioner() {}

  /** Returns the names of the topics created by this call. */
  public static List<String> ensure(
      String bootstrap, Map<String, String> overrides, List<TopicSpec> specs) {
    Properties p = new Properties();
    p.putAll(overrides);
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(AdminClientConfig.CLIENT_ID_CONFIG, "obsera-topic-provisioner");
    try (Admin admin = Admin.create(p)) {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing =
          specs.stream()
              .filter(s -> !existing.contains(s.name()))
              .map(s -> new NewTopic(s.name(), s.partitions(), (short) -1).configs(s.configs()))
              .toList();
      if (missing.isEmpty()) {
        return List.of();
      }
      try {
        admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
      return missing.stream().map(NewTopic::name).toList();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating Kafka topics", e);
    } catch (Exception e) {
      throw new IllegalStateException(
          "could not create Kafka topics at " + bootstrap + ": " + e.getMessage(), e);
    }
  }
}
