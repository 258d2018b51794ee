package io.obsera.embedded;

import com.yammer.metrics.core.MetricsRegistry;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The ticker of the broker's Yammer meters, with every meter's tick on one beat.
 *
 * <p>Yammer Metrics 2.2 (what Kafka's broker metrics use) schedules each meter's rate update every
 * 5 s from the moment the meter was created, on a shared "meter-tick" pool. A broker has a few
 * hundred meters (per topic, per request type and version, per error code), so the pool woke about
 * 65 times a second at idle, each time for one meter. This pool starts each periodic task on the
 * next multiple of its period instead, so all the meters tick in one wake-up every 5 s. A tick
 * still comes every 5 s, which is what the meters' moving averages assume; only a meter's first
 * tick may come sooner after its creation (by less than one period).
 *
 * <p>Installed into the registry by name before the broker creates its meters ({@link
 * #install(MetricsRegistry)}). Yammer Metrics 2.2.0 is Kafka's pinned, final release (2012): the
 * two private fields read here have not changed since, and {@code EmbeddedKafkaIT} checks the
 * effect.
 */
final class MeterTickCoalescer extends ScheduledThreadPoolExecutor {
  /** The name under which {@code MetricsRegistry} keeps the meters' tick pool. */
  static final String POOL_NAME = "meter-tick";

  private MeterTickCoalescer() {
    super(
        1,
        task -> {
          Thread thread = new Thread(task, "kafka-meter-tick");
          thread.setDaemon(true);
          return thread;
        });
    setRemoveOnCancelPolicy(true);
  }

  /**
   * Makes {@code registry} give this pool to the meters created from now on (no-op when it already
   * does). Returns false, changing nothing, when the registry's layout is not the expected one.
   */
  static boolean install(MetricsRegistry registry) {
    try {
      Object pools = PrivateFields.get(registry, "threadPools");
      @SuppressWarnings("unchecked")
      ConcurrentMap<String, ScheduledExecutorService> executors =
          (ConcurrentMap<String, ScheduledExecutorService>) PrivateFields.get(pools, "threadPools");
      // ThreadPools.newScheduledThreadPool is synchronized on the pools object.
      synchronized (pools) {
        ScheduledExecutorService current = executors.get(POOL_NAME);
        if (!(current instanceof MeterTickCoalescer) || current.isShutdown()) {
          executors.put(POOL_NAME, new MeterTickCoalescer());
        }
      }
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }

  /**
   * Whether the meters {@code registry} creates from now on tick on one beat (asks the registry for
   * its pool: one without a pool yet gets Yammer's own).
   */
  static boolean installedIn(MetricsRegistry registry) {
    return registry.newScheduledThreadPool(1, POOL_NAME) instanceof MeterTickCoalescer;
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(
      Runnable command, long initialDelay, long period, TimeUnit unit) {
    long periodNanos = unit.toNanos(period);
    if (periodNanos <= 0) {
      return super.scheduleAtFixedRate(command, initialDelay, period, unit);
    }
    return super.scheduleAtFixedRate(
        command,
        nanosToNextBeat(System.nanoTime(), periodNanos),
        periodNanos,
        TimeUnit.NANOSECONDS);
  }

  /** Nanoseconds from {@code now} to the next multiple of {@code periodNanos} (never zero). */
  static long nanosToNextBeat(long now, long periodNanos) {
    return periodNanos - Math.floorMod(now, periodNanos);
  }
}
