package io.obsera.platform.kafka;

import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Whether the Kafka cluster answers: the Kafka part of every service's readiness or health check.
 * Asks for the cluster id (describeCluster, 2 s broker timeout) and waits at most 3 s, so a check
 * never hangs on a cluster that is down.
 */
public final class KafkaReadiness {
  private final Admin admin;

  /** Checks through {@code admin}, which the caller owns (and closes). */
  public KafkaReadiness(Admin admin) {
    this.admin = admin;
  }

  /** True when the cluster told its id in time; false on any failure or timeout. */
  public boolean check() {
    try {
      admin
          .describeCluster(new DescribeClusterOptions().timeoutMs(2000))
          .clusterId()
          .get(3, TimeUnit.SECONDS);
      return true;
    } catch (Exception e) {
      return false;
    }
  }
}
