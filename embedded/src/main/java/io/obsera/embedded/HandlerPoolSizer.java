package io.obsera.embedded;

import com.yammer.metrics.core.Meter;
import com.yammer.metrics.core.Metric;
import com.yammer.metrics.core.MetricName;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import kafka.server.BrokerServer;
import kafka.server.ControllerServer;
import kafka.server.KafkaRaftServer;
import kafka.server.KafkaRequestHandler;
import kafka.server.KafkaRequestHandlerPool;
import org.apache.kafka.server.metrics.KafkaYammerMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Sizes the embedded broker's two request handler pools (the broker's and the controller's) to
 * their work: one thread each while the runtime is idle, {@code num.io.threads} under load.
 *
 * <p>Each handler thread of a Kafka broker wakes every 300 ms when no request comes (a fixed poll
 * in {@code KafkaRequestHandler}); with Kafka's 8 handlers in each of a combined node's two pools
 * that was 53 wake-ups a second, about 0.7% of one core here, the largest part of an idle runtime's
 * cost. Fewer fixed handlers cost ingest throughput (docs/benchmarks.md, idle round 5), so the
 * pools change size instead, with Kafka's own {@code resizeThreadPool} (what a dynamic {@code
 * num.io.threads} change calls). Once per sample, the pool's share of busy time comes from its
 * {@code RequestHandlerAvgIdlePercent} meter and {@link HandlerPoolPolicy} decides. A resized
 * handler finishes the request it holds before it stops.
 *
 * <p>A handler removed by a shrink only stops when its current wait for a request ends (up to 300
 * ms, longer on a busy machine). Meanwhile it still takes requests from the pool's queue, and one
 * of them may be a shutdown request meant for a handler still in the pool: Kafka's pool shutdown
 * sends one per handler it holds and waits for each, forever. So a shrink keeps the pool's lock
 * (which its shutdown takes) until the handlers it removed have stopped: a shutdown, whether {@link
 * EmbeddedKafka#close()} or the broker's own, comes after them.
 *
 * <p>Kafka gives no public access to a combined node's broker and controller: their two fields in
 * {@code KafkaRaftServer} are read by reflection. If that fails (another Kafka version) the pools
 * keep their fixed size, which costs idle CPU and nothing else; {@code EmbeddedKafkaIT} fails in
 * that case.
 */
final class HandlerPoolSizer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HandlerPoolSizer.class);

  /**
   * How often the pools are sampled and how long a full pool must be nearly idle before it shrinks.
   */
  record Settings(Duration sampleEvery, Duration shrinkAfter) {
    static final Settings DEFAULT = new Settings(Duration.ofSeconds(1), Duration.ofSeconds(30));

    Settings {
      if (sampleEvery.isNegative() || sampleEvery.isZero()) {
        throw new IllegalArgumentException("sampleEvery must be positive: " + sampleEvery);
      }
    }
  }

  /** One pool with its idle meter and policy, and the previous sample. */
  private static final class Sized {
    final String name;
    final KafkaRequestHandlerPool pool;
    final Meter idleMeter;
    final HandlerPoolPolicy policy;
    long lastIdle;
    long lastNanos;

    Sized(String name, KafkaRequestHandlerPool pool, Meter idleMeter, HandlerPoolPolicy policy) {
      this.name = name;
      this.pool = pool;
      this.idleMeter = idleMeter;
      this.policy = policy;
      this.lastIdle = idleMeter.count();
      this.lastNanos = System.nanoTime();
    }

    void sample() {
      long now = System.nanoTime();
      // Each handler marks its idle nanoseconds divided by the pool's size: the meter's growth
      // over the sample is the pool's average idle time.
      long idle = idleMeter.count();
      int size = pool.threadPoolSize().get();
      int next = policy.next(size, idle - lastIdle, now - lastNanos);
      lastIdle = idle;
      lastNanos = now;
      if (next != size) {
        LOG.debug("{} request handlers: {} -> {}", name, size, next);
        resize(next);
      }
    }

    /**
     * Resizes the pool; after a shrink, holds the pool's lock until the handlers removed have
     * stopped (up to {@link #STOP_WAIT}), so that no shutdown starts while they can still take its
     * requests.
     */
    void resize(int size) {
      synchronized (pool) { // what resizeThreadPool and shutdown synchronize on
        List<KafkaRequestHandler> before =
            List.copyOf(CollectionConverters.asJava(pool.runnables()));
        pool.resizeThreadPool(size);
        Set<KafkaRequestHandler> after = Collections.newSetFromMap(new IdentityHashMap<>());
        after.addAll(CollectionConverters.asJava(pool.runnables()));
        List<KafkaRequestHandler> removed =
            before.stream().filter(h -> !after.contains(h)).toList();
        int running = awaitStopped(removed, System.nanoTime() + STOP_WAIT.toNanos());
        if (running > 0) {
          LOG.warn(
              "{} {} request handler(s) removed from the pool have not stopped after {} s;"
                  + " a broker shutdown now may wait for them",
              running,
              name,
              STOP_WAIT.toSeconds());
        }
      }
    }

    /** Waits until {@code deadline} (nanoTime) for {@code handlers} to stop; how many have not. */
    private static int awaitStopped(List<KafkaRequestHandler> handlers, long deadline) {
      int running = 0;
      for (KafkaRequestHandler handler : handlers) {
        try {
          CountDownLatch stopped = (CountDownLatch) PrivateFields.get(handler, "shutdownComplete");
          if (!stopped.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
            running++;
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return running + 1;
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException("no shutdown latch in " + handler.getClass(), e);
        }
      }
      return running;
    }
  }

  /** How long a shrink waits for the handlers it removed to stop. */
  static final Duration STOP_WAIT = Duration.ofSeconds(10);

  private final ScheduledExecutorService sampler;
  private final List<Sized> pools;
  private final BooleanSupplier serving;

  private HandlerPoolSizer(
      ScheduledExecutorService sampler, List<Sized> pools, BooleanSupplier serving) {
    this.sampler = sampler;
    this.pools = pools;
    this.serving = serving;
  }

  /**
   * Starts sizing {@code server}'s pools between one thread and {@code fullSize}; null when the
   * pools cannot be reached (logged).
   */
  static HandlerPoolSizer start(KafkaRaftServer server, int fullSize, Settings settings) {
    Map<String, KafkaRequestHandlerPool> pools = new LinkedHashMap<>();
    try {
      BrokerServer broker = role(server, "broker", BrokerServer.class);
      ControllerServer controller = role(server, "controller", ControllerServer.class);
      if (broker != null) {
        pools.put("broker", broker.dataPlaneRequestHandlerPool());
      }
      if (controller != null) {
        pools.put("controller", controller.controllerApisHandlerPool());
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.warn(
          "the broker's request handler pools keep their fixed size ({} threads each): {}",
          fullSize,
          e.toString());
      return null;
    }
    return start(pools, () -> started(server), fullSize, settings);
  }

  /** Whether the node's broker and controller have started and not begun to shut down. */
  private static boolean started(KafkaRaftServer server) {
    try {
      BrokerServer broker = role(server, "broker", BrokerServer.class);
      ControllerServer controller = role(server, "controller", ControllerServer.class);
      return (broker == null || "STARTED".equals(String.valueOf(broker.status())))
          && (controller == null || "STARTED".equals(String.valueOf(controller.status())));
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }

  /**
   * Starts sizing {@code pools} by node ("broker", "controller": the name Kafka gives the pool's
   * idle meter) between one thread and {@code fullSize}, while {@code serving}: a pool being shut
   * down is left alone (its idle meter stops, which would read as busy and grow it).
   */
  static HandlerPoolSizer start(
      Map<String, KafkaRequestHandlerPool> pools,
      BooleanSupplier serving,
      int fullSize,
      Settings settings) {
    long shrinkAfter = settings.shrinkAfter().toNanos();
    List<Sized> sized = new ArrayList<>();
    pools.forEach(
        (node, pool) ->
            sized.add(
                new Sized(
                    node,
                    pool,
                    idleMeter(capitalized(node) + "RequestHandlerAvgIdlePercent"),
                    new HandlerPoolPolicy(1, fullSize, shrinkAfter))));
    ScheduledExecutorService sampler =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "kafka-handler-pool-sizer");
              thread.setDaemon(true);
              return thread;
            });
    HandlerPoolSizer sizer = new HandlerPoolSizer(sampler, List.copyOf(sized), serving);
    long every = settings.sampleEvery().toNanos();
    sampler.scheduleWithFixedDelay(sizer::sampleAll, every, every, TimeUnit.NANOSECONDS);
    return sizer;
  }

  private static String capitalized(String node) {
    return Character.toUpperCase(node.charAt(0)) + node.substring(1);
  }

  private void sampleAll() {
    if (!serving.getAsBoolean()) {
      return;
    }
    for (Sized sized : pools) {
      try {
        sized.sample();
      } catch (RuntimeException e) {
        // A pool being shut down refuses a resize; the next sample (or the close) settles it.
        LOG.debug("sizing the {} request handlers failed: {}", sized.name, e.toString());
      }
    }
  }

  /** The current size of each pool, by name ("broker", "controller"). */
  Map<String, Integer> sizes() {
    Map<String, Integer> sizes = new LinkedHashMap<>();
    for (Sized sized : pools) {
      sizes.put(sized.name, sized.pool.threadPoolSize().get());
    }
    return sizes;
  }

  /**
   * Stops sampling and waits for a sample in progress (with a shrink, until the handlers it removed
   * have stopped); the pools keep their current size.
   */
  @Override
  public void close() {
    sampler.shutdown(); // cancels the next samples; one in progress ends uninterrupted
    try {
      if (!sampler.awaitTermination(STOP_WAIT.toSeconds() + 5, TimeUnit.SECONDS)) {
        LOG.warn("the request handler pools' sizer did not stop");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static <T> T role(KafkaRaftServer server, String field, Class<T> type)
      throws ReflectiveOperationException {
    scala.Option<?> role = (scala.Option<?>) PrivateFields.get(server, field);
    return role.isDefined() ? type.cast(role.get()) : null;
  }

  private static Meter idleMeter(String name) {
    for (Map.Entry<MetricName, Metric> e :
        KafkaYammerMetrics.defaultRegistry().allMetrics().entrySet()) {
      MetricName metric = e.getKey();
      if ("KafkaRequestHandlerPool".equals(metric.getType())
          && name.equals(metric.getName())
          && e.getValue() instanceof Meter meter) {
        return meter;
      }
    }
    throw new IllegalStateException("no " + name + " meter in the broker's metrics");
  }
}
