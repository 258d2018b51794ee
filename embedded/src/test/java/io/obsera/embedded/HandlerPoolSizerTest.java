package io.obsera.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import kafka.network.RequestChannel;
import kafka.server.KafkaRequestHandlerPool;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.network.metrics.RequestChannelMetrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;

/**
 * Kafka's request handler pool (the real one, with its request queue and handler threads, no broker
 * around it) shut down right after the sizer shed its handlers. The handlers shed are still waiting
 * for a request then, and one could take the shutdown request meant for the handler that stays,
 * whose shutdown Kafka then waits for forever (without the sizer's wait, 1 repetition in 3 hung).
 */
class HandlerPoolSizerTest {
  static final int FULL = 8;
  // samples every 20 ms and shrinks an idle full pool at the first sample that shows it idle
  static final HandlerPoolSizer.Settings FAST =
      new HandlerPoolSizer.Settings(Duration.ofMillis(20), Duration.ZERO);

  final AtomicBoolean serving = new AtomicBoolean(true);
  KafkaRequestHandlerPool pool;
  HandlerPoolSizer sizer;

  @AfterEach
  void stop() throws Exception {
    if (sizer != null) {
      sizer.close();
    }
    if (pool != null) {
      // no handler of this test may outlive it (the next one counts them)
      CompletableFuture.runAsync(pool::shutdown).get(5, TimeUnit.SECONDS);
    }
  }

  /**
   * Whoever takes the pool's lock next (its shutdown does) finds only the handler it kept: the ones
   * shed have ended.
   */
  @RepeatedTest(3)
  void should_holdThePoolUntilTheHandlersItShedHaveEnded() {
    startShrunkPool();

    synchronized (pool) {
      assertThat(liveHandlerThreads()).isEqualTo(1);
    }
  }

  /** What EmbeddedKafka.close() does: the sizer first, then the broker and its pools. */
  @RepeatedTest(3)
  void should_letThePoolShutDownAtOnce_whenTheSizerClosesRightAfterAShrink() {
    startShrunkPool();

    sizer.close();
    CompletableFuture<Void> shutdown = CompletableFuture.runAsync(pool::shutdown);

    assertThat(shutdown)
        .as("the pool's shutdown reaches the handler it kept")
        .succeedsWithin(5, TimeUnit.SECONDS);
  }

  /** A broker that stops by itself: its pools shut down while the sizer still samples. */
  @RepeatedTest(3)
  void should_letThePoolShutDownAtOnce_whenItShutsDownRightAfterAShrink_andLeaveItAloneThen() {
    startShrunkPool();

    serving.set(false);
    CompletableFuture<Void> shutdown = CompletableFuture.runAsync(pool::shutdown);

    assertThat(shutdown)
        .as("the pool's shutdown reaches the handler it kept")
        .succeedsWithin(5, TimeUnit.SECONDS);
    // a stopped pool's idle meter no longer moves, which reads as busy: no handler is added to it
    AtomicInteger largest = new AtomicInteger();
    await()
        .pollInterval(Duration.ofMillis(5))
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(1))
        .until(() -> largest.accumulateAndGet(pool.threadPoolSize().get(), Math::max) == 1);
  }

  private static long liveHandlerThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().contains("kafka-request-handler-") && t.isAlive())
        .count();
  }

  private void startShrunkPool() {
    RequestChannel requests =
        new RequestChannel(100, Time.SYSTEM, new RequestChannelMetrics(Set.of()));
    pool =
        new KafkaRequestHandlerPool(
            new AtomicInteger(),
            "RequestHandlerAvgIdlePercent",
            1,
            requests,
            (request, local) -> {},
            Time.SYSTEM,
            FULL,
            "broker");
    sizer = HandlerPoolSizer.start(Map.of("broker", pool), serving::get, FULL, FAST);
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(1))
        .until(() -> pool.threadPoolSize().get() == 1);
  }
}
