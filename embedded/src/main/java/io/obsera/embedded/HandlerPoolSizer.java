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
 * sends one per handler it holds and waits for each, forever. So {@link #close()}, which comes
 * before the broker's shutdown, waits until every removed handler has stopped.
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

    /** Handlers removed by a shrink that may still be waiting for a request (sampler's). */
    final List<KafkaRequestHandler> removed = new ArrayList<>();

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
      removed.removeIf(Sized::stopped);
    }

    /** Resizes the pool; the handlers a shrink removes are kept until they have stopped. */
    void resize(int size) {
      // resizeThreadPool is synchronized on the pool, like this snapshot of its handlers
      synchronized (pool) {
        List<KafkaRequestHandler> before =
            List.copyOf(CollectionConverters.asJava(pool.runnables()));
        pool.resizeThreadPool(size);
        Set<KafkaRequestHandler> after = Collections.newSetFromMap(new IdentityHashMap<>());
        after.addAll(CollectionConverters.asJava(pool.runnables()));
        before.stream().filter(h -> !after.contains(h)).forEach(removed::add);
      }
    }

    /**
     * Waits until {@code deadline} (nanoTime) for the removed handlers to stop; returns how many
     * have not.
     */
    int awaitRemoved(long deadline) throws InterruptedException {
      int running = 0;
      for (KafkaRequestHandler handler : removed) {
        long left = deadline - System.nanoTime();
        if (!stoppedWithin(handler, Math.max(0, left))) {
          running++;
        }
      }
      return running;
    }

    private static boolean stopped(KafkaRequestHandler handler) {
      return shutdownLatch(handler).getCount() == 0;
    }

    private static boolean stoppedWithin(KafkaRequestHandler handler, long nanos)
        throws InterruptedException {
      return shutdownLatch(handler).await(nanos, TimeUnit.NANOSECONDS);
    }

    /** Counted down by the handler's thread as it ends ({@code awaitShutdown} waits forever). */
    private static CountDownLatch shutdownLatch(KafkaRequestHandler handler) {
      try {
        return (CountDownLatch) PrivateFields.get(handler, "shutdownComplete");
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("no shutdown latch in " + handler.getClass(), e);
      }
    }
  }

  /** How long {@link #close()} waits for the handlers removed from the pools to stop. */
  static final Duration STOP_WAIT = Duration.ofSeconds(10);

  private final ScheduledExecutorService sampler;
  private final List<Sized> pools;

  private HandlerPoolSizer(ScheduledExecutorService sampler, List<Sized> pools) {
    this.sampler = sampler;
    this.pools = pools;
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
      return start(pools, fullSize, settings);
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.warn(
          "the broker's request handler pools keep their fixed size ({} threads each): {}",
          fullSize,
          e.toString());
      return null;
    }
  }

  /**
   * Starts sizing {@code pools} by node ("broker", "controller": the name Kafka gives the pool's
   * idle meter) between one thread and {@code fullSize}.
   */
  static HandlerPoolSizer start(
      Map<String, KafkaRequestHandlerPool> pools, int fullSize, Settings settings) {
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
    HandlerPoolSizer sizer = new HandlerPoolSizer(sampler, List.copyOf(sized));
    long every = settings.sampleEvery().toNanos();
    sampler.scheduleWithFixedDelay(sizer::sampleAll, every, every, TimeUnit.NANOSECONDS);
    return sizer;
  }

  private static String capitalized(String node) {
    return Character.toUpperCase(node.charAt(0)) + node.substring(1);
  }

  private void sampleAll() {
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
   * Stops sampling, waits for a sample in progress and then for the handlers the pools have shed to
   * stop (up to 10 s), so that the pools' own shutdown reaches every handler they hold; the pools
   * keep their current size.
   */
  @Override
  public void close() {
    sampler.shutdownNow();
    try {
      sampler.awaitTermination(10, TimeUnit.SECONDS);
      long deadline = System.nanoTime() + STOP_WAIT.toNanos();
      for (Sized sized : pools) {
        int running = sized.awaitRemoved(deadline);
        if (running > 0) {
          LOG.warn(
              "{} {} request handler(s) removed from the pool have not stopped after {} s;"
                  + " the broker's shutdown may wait for them",
              running,
              sized.name,
              STOP_WAIT.toSeconds());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.warn("cannot tell whether the removed request handlers have stopped: {}", e.toString());
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
