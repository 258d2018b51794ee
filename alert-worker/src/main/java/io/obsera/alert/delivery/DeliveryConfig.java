package io.obsera.alert.delivery;

import io.obsera.alert.send.Senders;
import io.obsera.model.ConfigSupport;
import io.obsera.platform.net.TargetGuard;
import io.obsera.platform.send.ResilientDelivery;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * How notifications are delivered: retries, circuit breakers, timeouts, the SSRF allowlist and the
 * SMS switch. Every bound is checked here; {@link #fromEnv} names the variable in each error.
 *
 * @param policy retries and breakers ({@link ResilientDelivery}): attempts per delivery, the first
 *     included ({@code OBSERA_ALERT_RETRY_MAX_ATTEMPTS}); wait after the first failure ({@code
 *     OBSERA_ALERT_RETRY_INITIAL_MS}), its growth per attempt ({@code
 *     OBSERA_ALERT_RETRY_MULTIPLIER}), its random share, 0 to below 1 ({@code
 *     OBSERA_ALERT_RETRY_JITTER}), the longest computed wait ({@code
 *     OBSERA_ALERT_RETRY_MAX_BACKOFF_MS}); the longest {@code Retry-After} honoured within one
 *     delivery, a longer one ending it as {@link DeliveryOutcome#GAVE_UP} with the wait in the
 *     result ({@code OBSERA_ALERT_RETRY_AFTER_MAX_MS}); the failure percentage that opens a
 *     destination's breaker ({@code OBSERA_ALERT_BREAKER_FAILURE_RATE}), the attempts it is
 *     computed over ({@code OBSERA_ALERT_BREAKER_WINDOW}), attempts before it counts ({@code
 *     OBSERA_ALERT_BREAKER_MIN_CALLS}), how long an open breaker refuses ({@code
 *     OBSERA_ALERT_BREAKER_OPEN_MS}) and the trial attempts after that ({@code
 *     OBSERA_ALERT_BREAKER_HALF_OPEN_CALLS})
 * @param connectTimeout ({@code OBSERA_ALERT_CONNECT_TIMEOUT_MS})
 * @param callTimeout one whole attempt ({@code OBSERA_ALERT_CALL_TIMEOUT_MS})
 * @param smsEnabled whether Twilio channels send ({@code OBSERA_ALERT_SMS_ENABLED})
 * @param targetGuard the SSRF rule ({@code OBSERA_TARGET_ALLOWLIST})
 */
public record DeliveryConfig(
    ResilientDelivery.Policy policy,
    Duration connectTimeout,
    Duration callTimeout,
    boolean smsEnabled,
    TargetGuard targetGuard) {

  public DeliveryConfig {
    ResilientDelivery.Policy p = policy;
    ConfigSupport.requireRange("OBSERA_ALERT_RETRY_MAX_ATTEMPTS", p.maxAttempts(), 1, 100);
    ConfigSupport.requirePositive("OBSERA_ALERT_RETRY_INITIAL_MS", p.initialBackoff());
    if (!(p.backoffMultiplier() >= 1.0 && p.backoffMultiplier() <= 10.0)) {
      throw new IllegalArgumentException(
          "OBSERA_ALERT_RETRY_MULTIPLIER must be between 1 and 10, got " + p.backoffMultiplier());
    }
    if (!(p.jitter() >= 0.0 && p.jitter() < 1.0)) {
      throw new IllegalArgumentException(
          "OBSERA_ALERT_RETRY_JITTER must be at least 0 and below 1, got " + p.jitter());
    }
    ConfigSupport.requirePositive("OBSERA_ALERT_RETRY_MAX_BACKOFF_MS", p.maxBackoff());
    if (p.maxBackoff().compareTo(p.initialBackoff()) < 0) {
      throw new IllegalArgumentException(
          "OBSERA_ALERT_RETRY_MAX_BACKOFF_MS must not be below OBSERA_ALERT_RETRY_INITIAL_MS");
    }
    ConfigSupport.requirePositive("OBSERA_ALERT_RETRY_AFTER_MAX_MS", p.maxRetryAfter());
    ConfigSupport.requireRange("OBSERA_ALERT_BREAKER_FAILURE_RATE", p.breakerFailureRate(), 1, 100);
    ConfigSupport.requireRange("OBSERA_ALERT_BREAKER_WINDOW", p.breakerWindow(), 1, 10_000);
    ConfigSupport.requireRange("OBSERA_ALERT_BREAKER_MIN_CALLS", p.breakerMinCalls(), 1, 10_000);
    ConfigSupport.requirePositive("OBSERA_ALERT_BREAKER_OPEN_MS", p.breakerOpenDuration());
    ConfigSupport.requireRange(
        "OBSERA_ALERT_BREAKER_HALF_OPEN_CALLS", p.breakerHalfOpenCalls(), 1, 1000);
    ConfigSupport.requirePositive("OBSERA_ALERT_CONNECT_TIMEOUT_MS", connectTimeout);
    ConfigSupport.requirePositive("OBSERA_ALERT_CALL_TIMEOUT_MS", callTimeout);
    if (targetGuard == null) {
      throw new IllegalArgumentException(TargetGuard.ENV + ": guard is required");
    }
  }

  public static DeliveryConfig fromEnv(Map<String, String> env) {
    ResilientDelivery.Policy d = ResilientDelivery.Policy.defaults();
    return new DeliveryConfig(
        new ResilientDelivery.Policy(
            ConfigSupport.intVar(env, "OBSERA_ALERT_RETRY_MAX_ATTEMPTS", d.maxAttempts()),
            millis(env, "OBSERA_ALERT_RETRY_INITIAL_MS", d.initialBackoff()),
            ConfigSupport.doubleVar(env, "OBSERA_ALERT_RETRY_MULTIPLIER", d.backoffMultiplier()),
            ConfigSupport.doubleVar(env, "OBSERA_ALERT_RETRY_JITTER", d.jitter()),
            millis(env, "OBSERA_ALERT_RETRY_MAX_BACKOFF_MS", d.maxBackoff()),
            millis(env, "OBSERA_ALERT_RETRY_AFTER_MAX_MS", d.maxRetryAfter()),
            ConfigSupport.intVar(env, "OBSERA_ALERT_BREAKER_FAILURE_RATE", d.breakerFailureRate()),
            ConfigSupport.intVar(env, "OBSERA_ALERT_BREAKER_WINDOW", d.breakerWindow()),
            ConfigSupport.intVar(env, "OBSERA_ALERT_BREAKER_MIN_CALLS", d.breakerMinCalls()),
            millis(env, "OBSERA_ALERT_BREAKER_OPEN_MS", d.breakerOpenDuration()),
            ConfigSupport.intVar(
                env, "OBSERA_ALERT_BREAKER_HALF_OPEN_CALLS", d.breakerHalfOpenCalls())),
        millis(env, "OBSERA_ALERT_CONNECT_TIMEOUT_MS", 5_000),
        millis(env, "OBSERA_ALERT_CALL_TIMEOUT_MS", 15_000),
        bool(env, Senders.SMS_ENV, false),
        TargetGuard.fromEnv(env));
  }

  public static DeliveryConfig defaults() {
    return fromEnv(Map.of());
  }

  private static Duration millis(Map<String, String> env, String name, int defaultMillis) {
    return Duration.ofMillis(ConfigSupport.intVar(env, name, defaultMillis));
  }

  private static Duration millis(Map<String, String> env, String name, Duration defaultValue) {
    return millis(env, name, Math.toIntExact(defaultValue.toMillis()));
  }

  private static boolean bool(Map<String, String> env, String name, boolean defaultValue) {
    String v = env.get(name);
    if (v == null || v.isBlank()) {
      return defaultValue;
    }
    return switch (v.strip().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw new IllegalArgumentException(name + " must be true or false, got '" + v + "'");
    };
  }
}
