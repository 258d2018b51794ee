package io.obsera.ingest.limits;

import io.obsera.model.ConfigSupport;
import java.util.Map;

/**
 * Smaller limits for browser keys (scope {@code browser} only): such a key ships inside a web page,
 * so anyone can copy it and send with a forged Origin. Its requests count against the key's own
 * rate, never the tenant's, and their bodies have a lower size limit.
 *
 * @param maxRequestBytes largest request body of a browser key, compressed or not ({@code
 *     OBSERA_INGEST_BROWSER_MAX_REQUEST_BYTES}); larger is 413 naming the limit
 * @param itemsPerSecond sustained items per second per browser key ({@code
 *     OBSERA_INGEST_BROWSER_RATE}); over it is 429 with Retry-After
 */
public record BrowserLimits(int maxRequestBytes, int itemsPerSecond) {

  public BrowserLimits {
    if (maxRequestBytes < 1024) {
      throw new IllegalArgumentException(
          "OBSERA_INGEST_BROWSER_MAX_REQUEST_BYTES must be at least 1024, got " + maxRequestBytes);
    }
    if (itemsPerSecond < 1) {
      throw new IllegalArgumentException(
          "OBSERA_INGEST_BROWSER_RATE must be at least 1, got " + itemsPerSecond);
    }
  }

  public static BrowserLimits defaults() {
    return fromEnv(Map.of());
  }

  public static BrowserLimits fromEnv(Map<String, String> env) {
    return new BrowserLimits(
        ConfigSupport.intVar(env, "OBSERA_INGEST_BROWSER_MAX_REQUEST_BYTES", 1024 * 1024),
        ConfigSupport.intVar(env, "OBSERA_INGEST_BROWSER_RATE", 1_000));
  }
}
