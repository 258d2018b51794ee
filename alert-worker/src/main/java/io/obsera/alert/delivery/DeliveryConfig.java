package io.obsera.alert.delivery;

import io.obsera.alert.send.Senders;
import io.obsera.model.ConfigSupport;
import io.obsera.platform.net.TargetGuard;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * How notifications are delivered: retries, circuit breakers, timeouts, the SSRF allowlist and the
 * SMS switch. Every bound is checked here; {@link #fromEnv} names the variable in each error.
 *
 * @param maxAttempts attempts per delivery, the first included ({@code
 *     OBSERA_ALERT_RETRY_MAX_ATTEMPTS})
 * @param initialBackoff wait after the first failure ({@code OBSERA_ALERT_RETRY_INITIAL_MS})
 * @param backoffMultiplier growth of the wait per attempt ({@code OBSERA_ALERT_RETRY_MULTIPLIER})
 * @param jitter random share of each wait, 0 to below 1 ({@code OBSERA_ALERT_RETRY_JITTER})
 * @param maxBackoff longest computed wait ({@code OBSERA_ALERT_RETRY_MAX_BACKOFF_MS})
 * @param maxRetryAfter longest {@code Retry-After} honoured within one delivery; a longer one ends
 *     the delivery as {@link DeliveryOutcome#GAVE_UP} with the wait in the result ({@code
 *     OBSERA_ALERT_RETRY_AFTER_MAX_MS})
 * @param breakerFailureRate failure percentage that opens a destination's breaker ({@code
 *     OBSERA_ALERT_BREAKER_FAILURE_RATE})
 * @param breakerWindow attempts the failure rate is computed over ({@code
 *     OBSERA_ALERT_BREAKER_WINDOW})
 * @param breakerMinCalls attempts before the rate counts ({@code OBSERA_ALERT_BREAKER_MIN_CALLS})
 * @param breakerOpenDuration how long an open breaker refuses ({@code
 *     OBSERA_ALERT_BREAKER_OPEN_MS})
 * @param breakerHalfOpenCalls trial attempts after that ({@code
 *     OBSERA_ALERT_BREAKER_HALF_OPEN_CALLS})
 * @param connectTimeout ({@code OBSERA_ALERT_CONNECT_TIMEOUT_MS})
 * @param callTimeout one whole attempt ({@code OBSERA_ALERT_CALL_TIMEOUT_MS})
 * @param smsEnabled whether Twilio channels send ({@code OBSERA_ALERT_SMS_ENABLED})
 * @param targetGuard the SSRF rule ({@code OBSERA_TARGET_ALLOWLIST})
 */
public record DeliveryConfig(
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
    int breakerHalfOpenCalls,
    Duration connectTimeout,
    Duration callTimeout,
    boolean smsEnabled,
    TargetGuard targetGuard) {

  public DeliveryConfig {
    ConfigSupport.requireRange("OBSERA_ALERT_RETRY_MAX_ATTEMPTS", maxAttempts, 1, 100);
    ConfigSupport.requirePositive("OBSERA_ALERT_RETRY_INITIAL_MS", initialBackoff);
    if (!(backoffMultiplier >= 1.0 && backoffMultiplier <= 10.0)) {
      throw new IllegalArgumentException(
          "OBSERA_ALERT_RETRY_MULTIPLIER must be between 1 and 10, got " + backoffMultiplier);
    }
    if (!(jitter >= 0.0 && jitter < 1.0)) {
      throw new IllegalArgumentException(
          "OBSERA_ALERT_RETRY_JITTER must be at least 0 and below 1, got " + jitter);
    }
    ConfigSupport.requirePositive("OBSERA_ALERT_RETRY_MAX_BACKOFF_MS", maxBackoff);
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException(
          "OBSERA_ALERT_RETRY_MAX_BACKOFF_MS must not be below OBSERA_ALERT_RETRY_INITIAL_MS");
    }
    ConfigSupport.requirePositive("OBSERA_ALERT_RETRY_AFTER_MAX_MS", maxRetryAfter);
    ConfigSupport.requireRange("OBSERA_ALERT_BREAKER_FAILURE_RATE", breakerFailureRate, 1, 100);
    ConfigSupport.requireRange("OBSERA_ALERT_BREAKER_WINDOW", breakerWindow, 1, 10_000);
    ConfigSupport.requireRange("OBSERA_ALERT_BREAKER_MIN_CALLS", breakerMinCalls, 1, 10_000);
    ConfigSupport.requirePositive("OBSERA_ALERT_BREAKER_OPEN_MS", breakerOpenDuration);
    ConfigSupport.requireRange(
        "OBSERA_ALERT_BREAKER_HALF_OPEN_CALLS", breakerHalfOpenCalls, 1, 1000);
    ConfigSupport.requirePositive("OBSERA_ALERT_CONNECT_TIMEOUT_MS", connectTimeout);
    ConfigSupport.requirePositive("OBSERA_ALERT_CALL_TIMEOUT_MS", callTimeout);
    if (targetGuard == null) {
      throw new IllegalArgumentException(TargetGuard.ENV + ": guard is required");
    }
  }

  public static DeliveryConfig fromEnv(Map<String, String> env) {
    return new DeliveryConfig(
        ConfigSupport.intVar(env, "OBSERA_ALERT_RETRY_MAX_ATTEMPTS", 6),
        millis(env, "OBSERA_ALERT_RETRY_INITIAL_MS", 1_000),
        ConfigSupport.doubleVar(env, "OBSERA_ALERT_RETRY_MULTIPLIER", 2.0),
        ConfigSupport.doubleVar(env, "OBSERA_ALERT_RETRY_JITTER", 0.5),
        millis(env, "OBSERA_ALERT_RETRY_MAX_BACKOFF_MS", 60_000),
        millis(env, "OBSERA_ALERT_RETRY_AFTER_MAX_MS", 120_000),
        ConfigSupport.intVar(env, "OBSERA_ALERT_BREAKER_FAILURE_RATE", 50),
        ConfigSupport.intVar(env, "OBSERA_ALERT_BREAKER_WINDOW", 20),
        ConfigSupport.intVar(env, "OBSERA_ALERT_BREAKER_MIN_CALLS", 10),
        millis(env, "OBSERA_ALERT_BREAKER_OPEN_MS", 60_000),
        ConfigSupport.intVar(env, "OBSERA_ALERT_BREAKER_HALF_OPEN_CALLS", 2),
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
