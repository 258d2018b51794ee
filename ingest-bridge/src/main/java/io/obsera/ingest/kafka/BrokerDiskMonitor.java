package io.obsera.ingest.kafka;

import io.obsera.platform.kafka.ClusterStats;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Node;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the brokers' log-dir free space (Admin describeLogDirs) and reports when any falls below
 * a watermark, so ingest answers 503 before Kafka runs out of disk instead of after.
 */
final class BrokerDiskMonitor implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BrokerDiskMonitor.class);

  private final Admin admin;
  private final double minFreeRatio;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "broker-disk-monitor");
            t.setDaemon(true);
            return t;
          });
  private volatile String problem;

  BrokerDiskMonitor(Admin admin, double minFreeRatio, Duration interval) {
    this.admin = admin;
    this.minFreeRatio = minFreeRatio;
    if (minFreeRatio > 0) {
      timer.scheduleWithFixedDelay(this::check, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** Why the brokers should not take more data now, or null. */
  String problem() {
    return problem;
  }

  private void check() {
    try {
      Collection<Node> nodes = admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
      String found =
          ClusterStats.leastFreeLogDir(admin, nodes.stream().map(Node::id).toList(), 5)
              .filter(d -> d.free() < minFreeRatio)
              .map(
                  d ->
                      String.format(
                          "%s has %.1f%% free disk, below the %.1f%% watermark",
                          d.where(), d.free() * 100, minFreeRatio * 100))
              .orElse(null);
      if (found != null && problem == null) {
        log.warn("{}: refusing new data until it recovers", found);
      }
      problem = found;
    } catch (Exception e) {
      log.debug("disk check failed: {}", e.toString());
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
