package io.obsera.alert.route;

import io.obsera.alert.notify.Link;
import io.obsera.model.ConfigSupport;
import java.time.Duration;
import java.util.Map;

/**
 * Settings of the routing topology.
 *
 * @param tick wall-clock time between checks for groups due to be notified ({@code
 *     OBSERA_ALERT_TICK_MS}, default 1000)
 * @param publicUrl base of the deep links in notifications ({@code OBSERA_PUBLIC_URL}, default
 *     {@code http://127.0.0.1:8080})
 * @param resolvedRetention how long a resolved alert is remembered, so a replay of its events is
 *     still recognised as a repeat ({@code OBSERA_ALERT_RESOLVED_RETENTION_MS}, default 7 days)
 */
public record RoutingConfig(Duration tick, String publicUrl, Duration resolvedRetention) {
  public RoutingConfig {
    if (tick == null || tick.toMillis() < 10 || tick.toMillis() > 600_000) {
      throw new IllegalArgumentException(
          "OBSERA_ALERT_TICK_MS must be between 10 and 600000, got "
              + (tick == null ? null : tick.toMillis()));
    }
    if (publicUrl == null || !Link.isHttpUrl(publicUrl)) {
      throw new IllegalArgumentException(
          "OBSERA_PUBLIC_URL must be an absolute http(s) URL, got: " + publicUrl);
    }
    publicUrl = publicUrl.replaceAll("/+$", "");
    if (resolvedRetention == null || resolvedRetention.toMinutes() < 1) {
      throw new IllegalArgumentException(
          "OBSERA_ALERT_RESOLVED_RETENTION_MS must be at least one minute");
    }
  }

  public static RoutingConfig fromEnv(Map<String, String> env) {
    return new RoutingConfig(
        Duration.ofMillis(ConfigSupport.longVar(env, "OBSERA_ALERT_TICK_MS", 1000)),
        env.getOrDefault("OBSERA_PUBLIC_URL", "http://127.0.0.1:8080"),
        Duration.ofMillis(
            ConfigSupport.longVar(
                env, "OBSERA_ALERT_RESOLVED_RETENTION_MS", Duration.ofDays(7).toMillis())));
  }

  public static RoutingConfig defaults() {
    return fromEnv(Map.of());
  }
}
