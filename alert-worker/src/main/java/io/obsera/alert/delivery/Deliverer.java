package io.obsera.alert.delivery;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.core.functions.CheckedSupplier;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.obsera.alert.notify.Notification;
import io.obsera.alert.send.DeliveryException;
import io.obsera.alert.send.Senders;
import io.obsera.model.alert.channel.Channel;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers a notification to a channel: attempts through the destination's circuit breaker, retried
 * with exponential backoff and jitter (never sooner than a {@code Retry-After} asks) while the
 * failure is retryable (I/O, timeouts, 408, 429, 5xx, SMTP 4xx). Other rejections end the delivery
 * at once and are logged with the vendor's message. Blocks the calling thread while it waits;
 * thread-safe. One breaker per destination ({@code scheme://host:port}): it counts retryable
 * failures only, so a tenant's bad key does not cut off others at the same vendor.
 */
public final class Deliverer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Deliverer.class);

  private final Senders senders;
  private final DeliveryConfig config;
  private final RetryConfig retryConfig;
  private final CircuitBreakerRegistry breakers;

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
    this.config = config;
    this.senders = senders;
    IntervalFunction backoff =
        IntervalFunction.ofExponentialRandomBackoff(
            config.initialBackoff(),
            config.backoffMultiplier(),
            config.jitter(),
            config.maxBackoff());
    this.retryConfig =
        RetryConfig.custom()
            .maxAttempts(config.maxAttempts())
            .intervalBiFunction(
                (Integer attempt, Either<Throwable, Object> r) -> wait(backoff, attempt, r))
            .retryOnException(this::worthRetrying)
            .build();
    this.breakers =
        CircuitBreakerRegistry.of(
            CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(config.breakerWindow())
                .minimumNumberOfCalls(config.breakerMinCalls())
                .failureRateThreshold(config.breakerFailureRate())
                .waitDurationInOpenState(config.breakerOpenDuration())
                .permittedNumberOfCallsInHalfOpenState(config.breakerHalfOpenCalls())
                .recordException(e -> e instanceof DeliveryException d && d.retryable())
                .ignoreException(e -> e instanceof DeliveryException d && !d.retryable())
                .build());
  }

  private static long wait(IntervalFunction backoff, int attempt, Either<Throwable, Object> r) {
    long millis = backoff.apply(attempt);
    if (r.isLeft() && r.getLeft() instanceof DeliveryException d && d.retryAfter() != null) {
      millis = Math.max(millis, d.retryAfter().toMillis());
    }
    return millis;
  }

  private boolean worthRetrying(Throwable e) {
    if (!(e instanceof DeliveryException d) || !d.retryable()) {
      return false;
    }
    Duration after = d.retryAfter();
    return after == null || after.compareTo(config.maxRetryAfter()) <= 0;
  }

  /** Delivers {@code n} to {@code channel}, retrying as configured; never throws. */
  public DeliveryResult deliver(Notification n, Channel channel) {
    CircuitBreaker breaker = breakers.circuitBreaker(channel.destination());
    Retry retry = Retry.of(channel.destination(), retryConfig);
    AtomicInteger attempts = new AtomicInteger();
    AtomicReference<DeliveryException> last = new AtomicReference<>();
    CheckedSupplier<Object> attempt =
        () -> {
          attempts.incrementAndGet();
          try {
            senders.send(n, channel);
            return Boolean.TRUE;
          } catch (DeliveryException e) {
            if (e.kind() == DeliveryException.Kind.REFUSED) {
              attempts.decrementAndGet(); // nothing was sent
            }
            last.set(e);
            LOG.debug(
                "delivery {} to {} channel {} attempt {} failed: {}",
                n.deliveryId(),
                channel.type(),
                channel.id(),
                attempts.get(),
                e.getMessage());
            throw e;
          }
        };
    try {
      Retry.decorateCheckedSupplier(retry, CircuitBreaker.decorateCheckedSupplier(breaker, attempt))
          .get();
      return result(n, channel, DeliveryOutcome.DELIVERED, attempts.get(), null);
    } catch (CallNotPermittedException e) {
      LOG.warn(
          "delivery {} to {} channel {} skipped: circuit of {} is open",
          n.deliveryId(),
          channel.type(),
          channel.id(),
          channel.destination());
      return result(n, channel, DeliveryOutcome.CIRCUIT_OPEN, attempts.get(), last.get());
    } catch (DeliveryException e) {
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
          attempts.get(),
          e.getMessage());
      return result(n, channel, outcome, attempts.get(), e);
    } catch (Throwable t) {
      LOG.error("delivery {} to channel {} failed unexpectedly", n.deliveryId(), channel.id(), t);
      DeliveryException d = DeliveryException.retryable(t.toString(), t);
      return result(n, channel, DeliveryOutcome.GAVE_UP, attempts.get(), d);
    }
  }

  /** Releases the senders' connections; deliveries after this fail. */
  @Override
  public void close() {
    senders.close();
  }

  /** The state of the breaker of {@code channel}'s destination. */
  public CircuitBreaker.State circuitState(Channel channel) {
    return breakers.circuitBreaker(channel.destination()).getState();
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
