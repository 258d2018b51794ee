package io.obsera.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import kafka.network.RequestChannel;
import kafka.server.KafkaRequestHandlerPool;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.network.metrics.RequestChannelMetrics;
import org.junit.jupiter.api.RepeatedTest;

/**
 * Kafka's request handler pool (the real one, with its request queue and handler threads, no broker
 * around it) shut down right after the sizer shed its handlers: the handlers shed are still waiting
 * for a request then, and one could take the shutdown request meant for the handler that stays,
 * whose shutdown Kafka then waits for forever.
 */
class HandlerPoolSizerTest {
  static final int FULL = 8;

  @RepeatedTest(8)
  void should_letThePoolShutDownAtOnce_rightAfterAShrink() throws Exception {
    RequestChannel requests =
        new RequestChannel(100, Time.SYSTEM, new RequestChannelMetrics(Set.of()));
    KafkaRequestHandlerPool pool =
        new KafkaRequestHandlerPool(
            new AtomicInteger(),
            "RequestHandlerAvgIdlePercent",
            1,
            requests,
            (request, local) -> {},
            Time.SYSTEM,
            FULL,
            "broker");
    // samples every 20 ms and shrinks an idle full pool at the first sample that shows it idle
    HandlerPoolSizer sizer =
        HandlerPoolSizer.start(
            Map.of("broker", pool),
            FULL,
            new HandlerPoolSizer.Settings(Duration.ofMillis(20), Duration.ZERO));
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(1))
        .until(() -> pool.threadPoolSize().get() == 1);

    // what EmbeddedKafka.close() does: the sizer first, then the broker (and its pools)
    sizer.close();
    CompletableFuture<Void> shutdown = CompletableFuture.runAsync(pool::shutdown);

    assertThat(shutdown)
        .as("the pool's shutdown reaches the handler it kept")
        .succeedsWithin(5, TimeUnit.SECONDS);
    assertThat(pool.runnables().size()).isEqualTo(1);
  }
}
