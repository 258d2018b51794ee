package io.obsera.streams.slo;

import io.obsera.model.ConfigSupport;
import java.time.Duration;
import java.util.Map;

/**
 * Timing of the SLO computation.
 *
 * @param flushInterval how often per-partition SLI counts are forwarded ({@code
 *     OBSERA_SLO_FLUSH_MS})
 * @param burnInterval how often burn rates are emitted, traffic or not ({@code
 *     OBSERA_SLO_BURN_INTERVAL_MS})
 */
public record SloConfig(Duration flushInterval, Duration burnInterval) {
  public SloConfig {
    if (flushInterval == null || flushInterval.toMillis() < 10) {
      throw new IllegalArgumentException("OBSERA_SLO_FLUSH_MS must be at least 10");
    }
    if (burnInterval == null || burnInterval.toMillis() < 100) {
      throw new IllegalArgumentException("OBSERA_SLO_BURN_INTERVAL_MS must be at least 100");
    }
  }

  public static SloConfig defaults() {
    return new SloConfig(Duration.ofSeconds(5), Duration.ofSeconds(60));
  }

  public static SloConfig fromEnv(Map<String, String> env) {
    return new SloConfig(
        Duration.ofMillis(ConfigSupport.intVar(env, "OBSERA_SLO_FLUSH_MS", 5_000)),
        Duration.ofMillis(ConfigSupport.intVar(env, "OBSERA_SLO_BURN_INTERVAL_MS", 60_000)));
  }
}
