package io.obsera.ingest.limits;

import io.obsera.model.ConfigSupport;
import java.util.Map;

/**
 * How many bytes of request bodies one ingest instance holds at once, from reading a body until
 * Kafka acknowledged it ({@link InFlightBytes}).
 *
 * @param maxBytes all requests together ({@code OBSERA_INGEST_MAX_INFLIGHT_BYTES})
 * @param maxBytesPerKey the requests of one API key ({@code
 *     OBSERA_INGEST_MAX_INFLIGHT_BYTES_PER_KEY}), so one key cannot take the whole budget
 */
public record InFlightLimits(long maxBytes, long maxBytesPerKey) {

  public InFlightLimits {
    if (maxBytesPerKey < 1024) {
      throw new IllegalArgumentException(
          "OBSERA_INGEST_MAX_INFLIGHT_BYTES_PER_KEY must be at least 1024, got " + maxBytesPerKey);
    }
    if (maxBytes < maxBytesPerKey) {
      throw new IllegalArgumentException(
          "OBSERA_INGEST_MAX_INFLIGHT_BYTES ("
              + maxBytes
              + ") must be at least OBSERA_INGEST_MAX_INFLIGHT_BYTES_PER_KEY ("
              + maxBytesPerKey
              + ")");
    }
  }

  public static InFlightLimits defaults() {
    return fromEnv(Map.of());
  }

  public static InFlightLimits fromEnv(Map<String, String> env) {
    return new InFlightLimits(
        ConfigSupport.longVar(env, "OBSERA_INGEST_MAX_INFLIGHT_BYTES", 256L * 1024 * 1024),
        ConfigSupport.longVar(env, "OBSERA_INGEST_MAX_INFLIGHT_BYTES_PER_KEY", 64L * 1024 * 1024));
  }
}
