package io.obsera.alert.delivery;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.obsera.alert.notify.Notification;
import io.obsera.alert.send.Senders;
import io.obsera.model.alert.channel.Channel;
import io.obsera.platform.send.DeliveryException;
import io.obsera.platform.send.ResilientDelivery;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers a notification to a channel through {@link ResilientDelivery}: attempts through the
 * destination's circuit breaker, retried with exponential backoff and jitter (never sooner than a
 * {@code Retry-After} asks) while the failure is retryable (I/O, timeouts, 408, 429, 5xx, SMTP
 * 4xx). Other rejections end the delivery at once and are logged with the vendor's message. Blocks
 * the calling thread while it waits; thread-safe. One breaker per destination ({@code
 * scheme://host:port}): it counts retryable failures only, so a tenant's bad key does not cut off
 * others at the same vendor.
 */
public final class Deliverer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Deliverer.class);

  private final Senders senders;
  private final ResilientDelivery delivery;

  public Deliverer(DeliveryConfig config, Clock clock) {
    this(
        config,
        new Senders(
            config.targetGuard(),
            config.connectTimeout(),
            config.callTimeout(),
            clock,
            config.smsEnabled()));
  }

  public Deliverer(DeliveryConfig config, Senders senders) {
    this.senders = senders;
    this.delivery = new ResilientDelivery(config.policy());
  }

  /** Delivers {@code n} to {@code channel}, retrying as configured; never throws. */
  public DeliveryResult deliver(Notification n, Channel channel) {
    int[] attempt = {0};
    ResilientDelivery.Ended end =
        delivery.deliver(
            channel.destination(),
            () -> {
              attempt[0]++;
              senders.send(n, channel);
            },
            e ->
                LOG.debug(
                    "delivery {} to {} channel {} attempt {} failed: {}",
                    n.deliveryId(),
                    channel.type(),
                    channel.id(),
                    attempt[0],
                    e.getMessage()));
    if (end.delivered()) {
      return result(n, channel, DeliveryOutcome.DELIVERED, end.attempts(), null);
    }
    if (end.circuitOpen()) {
      LOG.warn(
          "delivery {} to {} channel {} skipped: circuit of {} is open",
          n.deliveryId(),
          channel.type(),
          channel.id(),
          channel.destination());
      return result(n, channel, DeliveryOutcome.CIRCUIT_OPEN, end.attempts(), end.last());
    }
    DeliveryException e = end.last();
    DeliveryOutcome outcome =
        switch (e.kind()) {
          case RETRYABLE -> DeliveryOutcome.GAVE_UP;
          case PERMANENT -> DeliveryOutcome.REJECTED;
          case REFUSED -> DeliveryOutcome.REFUSED;
        };
    LOG.warn(
        "delivery {} to {} channel {} ended {} after {} attempt(s): {}",
        n.deliveryId(),
        channel.type(),
        channel.id(),
        outcome,
        end.attempts(),
        e.getMessage());
    return result(n, channel, outcome, end.attempts(), e);
  }

  /** Releases the senders' connections; deliveries after this fail. */
  @Override
  public void close() {
    senders.close();
  }

  /** The state of the breaker of {@code channel}'s destination. */
  public CircuitBreaker.State circuitState(Channel channel) {
    return delivery.circuitState(channel.destination());
  }

  private static DeliveryResult result(
      Notification n, Channel c, DeliveryOutcome outcome, int attempts, DeliveryException e) {
    return new DeliveryResult(
        n.deliveryId(),
        c.id(),
        c.type(),
        c.destination(),
        outcome,
        attempts,
        e == null ? 0 : e.status(),
        e == null ? null : e.getMessage(),
        e == null ? null : e.retryAfter());
  }
}
