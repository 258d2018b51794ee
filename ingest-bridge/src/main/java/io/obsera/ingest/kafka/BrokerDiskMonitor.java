package io.obsera.ingest.kafka;

import io.obsera.platform.kafka.ClusterStats;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Node;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the brokers' log-dir free space (Admin describeLogDirs) and reports when any falls below
 * a watermark, so ingest answers 503 before Kafka runs out of disk instead of after.
 *
 * <p>It asks every {@code interval} (5 s) while ingest takes data, and every {@code idleInterval}
 * (60 s) while none came since the last check: ingest does not fill the brokers' disks while it
 * takes nothing, and asking every 5 s (the cluster, then every log dir of every partition) was the
 * largest part of the idle runtime's admin requests. The first request after an idle spell is
 * judged by the last answer, at most {@code idleInterval} old, and the next check follows within
 * {@code interval}; while a disk is past the watermark it asks every {@code interval}, so that
 * ingest takes data again soon after the disk recovers.
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
  private final long idleNanos;
  private final LongSupplier nanoTime;
  private volatile String problem;
  private volatile boolean asked;
  private long lastCheck;
  private boolean checked;

  BrokerDiskMonitor(Admin admin, double minFreeRatio, Duration interval, Duration idleInterval) {
    this(admin, minFreeRatio, idleInterval, System::nanoTime);
    if (minFreeRatio > 0) {
      timer.scheduleWithFixedDelay(this::tick, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** A monitor whose {@link #tick()} the caller runs (tests). */
  BrokerDiskMonitor(
      Admin admin, double minFreeRatio, Duration idleInterval, LongSupplier nanoTime) {
    this.admin = admin;
    this.minFreeRatio = minFreeRatio;
    this.idleNanos = idleInterval.toNanos();
    this.nanoTime = nanoTime;
  }

  /** Why the brokers should not take more data now, or null. */
  String problem() {
    asked = true;
    return problem;
  }

  /** One beat of the timer: checks unless nothing was asked since the last check (above). */
  void tick() {
    boolean wanted = asked;
    asked = false;
    long now = nanoTime.getAsLong();
    if (checked && !wanted && problem == null && now - lastCheck < idleNanos) {
      return;
    }
    checked = true;
    lastCheck = now;
    check();
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
