package io.obsera.alert.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.obsera.alert.TestNotifications;
import io.obsera.alert.notify.Notification;
import io.obsera.alert.receiver.WebhookReceiver;
import io.obsera.model.alert.channel.WebhookChannel;
import io.obsera.platform.send.ResilientDelivery;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DelivererResilienceIT {
  private static final String SECRET = "whsec-resilience-0123456789";
  private final WebhookReceiver receiver = new WebhookReceiver(SECRET);
  private final List<AutoCloseable> toClose = new ArrayList<>(List.of(receiver));

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : toClose) {
      c.close();
    }
  }

  private WebhookChannel channel(WebhookReceiver r) {
    return new WebhookChannel("hook", r.url("/hook"), SECRET);
  }

  private static DeliveryConfig config(int maxAttempts, int window, Duration open) {
    DeliveryConfig f = TestNotifications.fast();
    return new DeliveryConfig(
        new ResilientDelivery.Policy(
            maxAttempts,
            Duration.ofMillis(50),
            2.0,
            0.3,
            Duration.ofMillis(250),
            Duration.ofSeconds(5),
            50,
            window,
            window,
            open,
            1),
        Duration.ofSeconds(1),
        Duration.ofSeconds(5),
        true,
        f.targetGuard());
  }

  @Test
  void should_deliverEveryNotification_whenReceiverIsDownForAWhile() throws Exception {
    Deliverer deliverer = new Deliverer(config(60, 1000, Duration.ofSeconds(1)), Clock.systemUTC());
    receiver.stop();
    ExecutorService pool = Executors.newFixedThreadPool(5);
    toClose.add(pool::shutdownNow);
    List<Future<DeliveryResult>> results = new ArrayList<>();
    List<Notification> sent = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      Notification n = TestNotifications.firing("fp-down-" + i, 1);
      sent.add(n);
      results.add(pool.submit(() -> deliverer.deliver(n, channel(receiver))));
    }
    Thread.sleep(600); // the outage itself: the receiver stays down for a while
    receiver.start();

    int maxAttempts = 0;
    for (Future<DeliveryResult> f : results) {
      DeliveryResult r = f.get();
      assertThat(r.outcome()).isEqualTo(DeliveryOutcome.DELIVERED);
      maxAttempts = Math.max(maxAttempts, r.attempts());
      assertThat(r.attempts()).isGreaterThan(1);
    }
    assertThat(new HashSet<>(receiver.deliveryIds()))
        .containsExactlyInAnyOrderElementsOf(sent.stream().map(Notification::deliveryId).toList());
    assertThat(maxAttempts).isLessThanOrEqualTo(60);
  }

  @Test
  void should_waitAsLongAsRetryAfterAsks_whenReceiverThrottles() {
    Deliverer deliverer = new Deliverer(config(3, 1000, Duration.ofSeconds(1)), Clock.systemUTC());
    receiver.failNext(1, 503, "1");

    long start = System.nanoTime();
    DeliveryResult result =
        deliverer.deliver(TestNotifications.firing("fp-ra", 1), channel(receiver));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(result.outcome()).isEqualTo(DeliveryOutcome.DELIVERED);
    assertThat(result.attempts()).isEqualTo(2);
    assertThat(took).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void should_stopAndReportTheWait_whenRetryAfterExceedsTheLimit() {
    Deliverer deliverer = new Deliverer(config(3, 1000, Duration.ofSeconds(1)), Clock.systemUTC());
    receiver.failNext(1, 429, "3600");

    DeliveryResult result =
        deliverer.deliver(TestNotifications.firing("fp-ra2", 1), channel(receiver));

    assertThat(result.outcome()).isEqualTo(DeliveryOutcome.GAVE_UP);
    assertThat(result.attempts()).isEqualTo(1);
    assertThat(result.lastStatus()).isEqualTo(429);
    assertThat(result.retryAfter()).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void should_notRetry_whenReceiverAnswers400() {
    Deliverer deliverer = new Deliverer(config(5, 1000, Duration.ofSeconds(1)), Clock.systemUTC());
    receiver.failNext(1, 400, null);

    DeliveryResult result =
        deliverer.deliver(TestNotifications.firing("fp-400", 1), channel(receiver));

    assertThat(result.outcome()).isEqualTo(DeliveryOutcome.REJECTED);
    assertThat(result.attempts()).isEqualTo(1);
    assertThat(result.lastStatus()).isEqualTo(400);
    assertThat(result.lastError()).contains("forced by the test");
    assertThat(receiver.exchanges()).hasSize(1);
  }

  @Test
  void should_giveUp_afterMaxAttempts_whenReceiverKeepsFailing() {
    Deliverer deliverer = new Deliverer(config(3, 1000, Duration.ofSeconds(1)), Clock.systemUTC());
    receiver.failNext(10, 500, null);

    DeliveryResult result =
        deliverer.deliver(TestNotifications.firing("fp-500", 1), channel(receiver));

    assertThat(result.outcome()).isEqualTo(DeliveryOutcome.GAVE_UP);
    assertThat(result.attempts()).isEqualTo(3);
    assertThat(receiver.exchanges()).hasSize(3);
  }

  @Test
  void should_openTheCircuitAfterRepeatedFailures_andCloseItWhenTheReceiverRecovers() {
    // open long enough that the checks below run while it is open, even on a loaded machine
    Deliverer deliverer = new Deliverer(config(2, 4, Duration.ofSeconds(3)), Clock.systemUTC());
    WebhookReceiver other = new WebhookReceiver(SECRET);
    toClose.add(other);
    receiver.failNext(1000, 503, null);

    assertThat(deliverer.deliver(TestNotifications.firing("fp-cb", 1), channel(receiver)).outcome())
        .isEqualTo(DeliveryOutcome.GAVE_UP);
    assertThat(deliverer.deliver(TestNotifications.firing("fp-cb", 2), channel(receiver)).outcome())
        .isEqualTo(DeliveryOutcome.GAVE_UP);
    assertThat(deliverer.circuitState(channel(receiver))).isEqualTo(CircuitBreaker.State.OPEN);
    int seen = receiver.exchanges().size();
    DeliveryResult skipped =
        deliverer.deliver(TestNotifications.firing("fp-cb", 3), channel(receiver));
    assertThat(skipped.outcome()).isEqualTo(DeliveryOutcome.CIRCUIT_OPEN);
    assertThat(skipped.attempts()).isZero();
    assertThat(receiver.exchanges()).hasSize(seen);
    assertThat(seen).isEqualTo(4);
    // another destination has its own breaker
    assertThat(deliverer.deliver(TestNotifications.firing("fp-cb", 3), channel(other)).delivered())
        .isTrue();

    receiver.clearFailures();
    Notification n = TestNotifications.firing("fp-cb", 4);
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> deliverer.deliver(n, channel(receiver)).delivered());
    assertThat(deliverer.circuitState(channel(receiver))).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(receiver.deliveryIds()).containsExactly(n.deliveryId());
  }
}
