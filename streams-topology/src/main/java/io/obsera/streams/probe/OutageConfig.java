package io.obsera.streams.probe;

import io.obsera.model.ConfigSupport;
import java.time.Duration;
import java.util.Map;

/**
 * Timing of the outage state machine.
 *
 * @param tickInterval how often (wall-clock) endpoints are looked at for NO_DATA, maintenance
 *     windows that started, and disabled or deleted endpoints ({@code OBSERA_OUTAGE_TICK_MS})
 */
public record OutageConfig(Duration tickInterval) {
  public OutageConfig {
    if (tickInterval == null || tickInterval.toMillis() < 100) {
      throw new IllegalArgumentException("OBSERA_OUTAGE_TICK_MS must be at least 100");
    }
  }

  public static OutageConfig defaults() {
    return new OutageConfig(Duration.ofSeconds(5));
  }

  public static OutageConfig fromEnv(Map<String, String> env) {
    return new OutageConfig(
        Duration.ofMillis(ConfigSupport.intVar(env, "OBSERA_OUTAGE_TICK_MS", 5_000)));
  }
}
