package io.obsera.platform.send;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.core.functions.CheckedSupplier;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery path's retries: attempts through the destination's circuit breaker, retried with
 * exponential backoff and jitter (never sooner than a {@code Retry-After} asks) while the failure
 * is retryable (I/O, timeouts, 408, 429, 5xx, SMTP 4xx). Other failures end at once. One breaker
 * per destination ({@code scheme://host:port}); it counts retryable failures only. Blocks the
 * calling thread while it waits; thread-safe. Alert notifications and the operator's mails
 * (invites, password resets) both go through it.
 */
public final class ResilientDelivery {
  private static final Logger LOG = LoggerFactory.getLogger(ResilientDelivery.class);

  /**
   * How attempts are retried and breakers open: attempts (the first included), the first wait, its
   * growth per attempt, its random share (0 to below 1), the longest wait, the longest {@code
   * Retry-After} honoured (a longer one ends the delivery), and the breaker's failure percentage,
   * window, minimum attempts, open time and trial attempts. The alert worker reads them from {@code
   * OBSERA_ALERT_RETRY_*} and {@code OBSERA_ALERT_BREAKER_*} ({@code DeliveryConfig}).
   */
  public record Policy(
      int maxAttempts,
      Duration initialBackoff,
      double backoffMultiplier,
      double jitter,
      Duration maxBackoff,
      Duration maxRetryAfter,
      int breakerFailureRate,
      int breakerWindow,
      int breakerMinCalls,
      Duration breakerOpenDuration,
      int breakerHalfOpenCalls) {

    /** The alert worker's defaults: 6 attempts from 1 s doubling (jitter 0.5) to 60 s. */
    public static Policy defaults() {
      return new Policy(
          6,
          Duration.ofSeconds(1),
          2.0,
          0.5,
          Duration.ofSeconds(60),
          Duration.ofSeconds(120),
          50,
          20,
          10,
          Duration.ofSeconds(60),
          2);
    }
  }

  /** One attempt; returns when the receiver accepted. */
  @FunctionalInterface
  public interface Attempt {
    void run() throws DeliveryException;
  }

  /**
   * How a delivery ended.
   *
   * @param delivered whether the receiver accepted
   * @param circuitOpen whether the destination's breaker refused (further) attempts
   * @param attempts attempts that reached out to the receiver (a refused destination is none)
   * @param last the last failure; null when delivered at the first attempt
   */
  public record Ended(
      boolean delivered, boolean circuitOpen, int attempts, DeliveryException last) {}

  private final Policy policy;
  private final RetryConfig retryConfig;
  private final CircuitBreakerRegistry breakers;

  public ResilientDelivery(Policy policy) {
    this.policy = policy;
    IntervalFunction backoff =
        IntervalFunction.ofExponentialRandomBackoff(
            policy.initialBackoff(),
            policy.backoffMultiplier(),
            policy.jitter(),
            policy.maxBackoff());
    this.retryConfig =
        RetryConfig.custom()
            .maxAttempts(policy.maxAttempts())
            .intervalBiFunction(
                (Integer attempt, Either<Throwable, Object> r) -> wait(backoff, attempt, r))
            .retryOnException(this::worthRetrying)
            .build();
    this.breakers =
        CircuitBreakerRegistry.of(
            CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(policy.breakerWindow())
                .minimumNumberOfCalls(policy.breakerMinCalls())
                .failureRateThreshold(policy.breakerFailureRate())
                .waitDurationInOpenState(policy.breakerOpenDuration())
                .permittedNumberOfCallsInHalfOpenState(policy.breakerHalfOpenCalls())
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
    return after == null || after.compareTo(policy.maxRetryAfter()) <= 0;
  }

  /**
   * Runs {@code attempt} against {@code destination} until it succeeds, fails for good, runs out of
   * attempts or the destination's breaker opens; never throws. {@code failed} hears of each failed
   * attempt (for logging).
   */
  public Ended deliver(String destination, Attempt attempt, Consumer<DeliveryException> failed) {
    CircuitBreaker breaker = breakers.circuitBreaker(destination);
    Retry retry = Retry.of(destination, retryConfig);
    AtomicInteger attempts = new AtomicInteger();
    AtomicReference<DeliveryException> last = new AtomicReference<>();
    CheckedSupplier<Object> once =
        () -> {
          attempts.incrementAndGet();
          try {
            attempt.run();
            return Boolean.TRUE;
          } catch (DeliveryException e) {
            if (e.kind() == DeliveryException.Kind.REFUSED) {
              attempts.decrementAndGet(); // nothing was sent
            }
            last.set(e);
            failed.accept(e);
            throw e;
          }
        };
    try {
      Retry.decorateCheckedSupplier(retry, CircuitBreaker.decorateCheckedSupplier(breaker, once))
          .get();
      return new Ended(true, false, attempts.get(), last.get());
    } catch (CallNotPermittedException e) {
      return new Ended(false, true, attempts.get(), last.get());
    } catch (DeliveryException e) {
      return new Ended(false, false, attempts.get(), e);
    } catch (Throwable t) {
      LOG.error("delivery to {} failed unexpectedly", destination, t);
      return new Ended(false, false, attempts.get(), DeliveryException.retryable(t.toString(), t));
    }
  }

  /** The state of the breaker of {@code destination}. */
  public CircuitBreaker.State circuitState(String destination) {
    return breakers.circuitBreaker(destination).getState();
  }
}
