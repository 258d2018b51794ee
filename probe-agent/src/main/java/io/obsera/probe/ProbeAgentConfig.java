package io.obsera.probe;

import io.obsera.model.ConfigSupport;
import io.obsera.platform.net.TargetGuard;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Configuration of one probe agent. Built from the environment by {@link #fromEnv(Map)}; every
 * validation error names the variable.
 *
 * @param region the region this agent probes from ({@code OBSERA_PROBE_REGION})
 * @param probeKey a PROBE-scope API key ({@code OBSERA_PROBE_KEY})
 * @param apiUrl the query service base URL, where assignments come from ({@code OBSERA_API_URL})
 * @param ingestUrl the OTLP/HTTP base URL of the ingest bridge ({@code OBSERA_INGEST_URL})
 * @param agentName this instance's name in the results ({@code OBSERA_PROBE_AGENT_NAME})
 * @param refreshMs how often assignments are polled ({@code OBSERA_PROBE_REFRESH_MS})
 * @param bufferMax results kept per signal while the ingest bridge is unreachable, oldest dropped
 *     beyond ({@code OBSERA_PROBE_BUFFER_MAX})
 * @param batchMax results per OTLP request ({@code OBSERA_PROBE_BATCH_MAX})
 * @param retryMaxMs the longest wait between resends ({@code OBSERA_PROBE_RETRY_MAX_MS})
 * @param workers checks that may run at the same time ({@code OBSERA_PROBE_WORKERS})
 * @param guard the SSRF rule for probe targets ({@code OBSERA_TARGET_ALLOWLIST})
 */
public record ProbeAgentConfig(
    String region,
    String probeKey,
    URI apiUrl,
    URI ingestUrl,
    String agentName,
    long refreshMs,
    int bufferMax,
    int batchMax,
    long retryMaxMs,
    int workers,
    TargetGuard guard) {

  public static final long DEFAULT_REFRESH_MS = 15_000;
  public static final int DEFAULT_BUFFER_MAX = 100_000;
  public static final int DEFAULT_BATCH_MAX = 200;
  public static final long DEFAULT_RETRY_MAX_MS = 30_000;
  public static final int DEFAULT_WORKERS = 16;

  private static final Pattern REGION = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

  public ProbeAgentConfig {
    if (region == null || !REGION.matcher(region).matches()) {
      throw new IllegalArgumentException(
          "OBSERA_PROBE_REGION must be 1-32 characters of a-z, 0-9 and '-', got: " + region);
    }
    ConfigSupport.requireNonBlank("OBSERA_PROBE_KEY", probeKey);
    requireHttpUrl("OBSERA_API_URL", apiUrl);
    requireHttpUrl("OBSERA_INGEST_URL", ingestUrl);
    ConfigSupport.requireNonBlank("OBSERA_PROBE_AGENT_NAME", agentName);
    if (agentName.length() > 128) {
      throw new IllegalArgumentException("OBSERA_PROBE_AGENT_NAME must be at most 128 characters");
    }
    if (refreshMs < 100 || refreshMs > 3_600_000) {
      throw new IllegalArgumentException(
          "OBSERA_PROBE_REFRESH_MS must be between 100 and 3600000, got " + refreshMs);
    }
    if (bufferMax < 1) {
      throw new IllegalArgumentException(
          "OBSERA_PROBE_BUFFER_MAX must be at least 1, got " + bufferMax);
    }
    if (batchMax < 1 || batchMax > 10_000) {
      throw new IllegalArgumentException(
          "OBSERA_PROBE_BATCH_MAX must be between 1 and 10000, got " + batchMax);
    }
    if (retryMaxMs < 100) {
      throw new IllegalArgumentException(
          "OBSERA_PROBE_RETRY_MAX_MS must be at least 100, got " + retryMaxMs);
    }
    if (workers < 1 || workers > 1024) {
      throw new IllegalArgumentException(
          "OBSERA_PROBE_WORKERS must be between 1 and 1024, got " + workers);
    }
    if (guard == null) {
      throw new IllegalArgumentException(TargetGuard.ENV + ": no guard");
    }
  }

  /** An agent with every optional setting at its default and a strict SSRF guard. */
  public static ProbeAgentConfig of(String region, String probeKey, URI apiUrl, URI ingestUrl) {
    return new ProbeAgentConfig(
        region,
        probeKey,
        apiUrl,
        ingestUrl,
        defaultAgentName(region),
        DEFAULT_REFRESH_MS,
        DEFAULT_BUFFER_MAX,
        DEFAULT_BATCH_MAX,
        DEFAULT_RETRY_MAX_MS,
        DEFAULT_WORKERS,
        TargetGuard.strict());
  }

  public static ProbeAgentConfig fromEnv(Map<String, String> env) {
    String region = ConfigSupport.required(env, "OBSERA_PROBE_REGION").toLowerCase(Locale.ROOT);
    String name = env.get("OBSERA_PROBE_AGENT_NAME");
    return new ProbeAgentConfig(
        region,
        ConfigSupport.required(env, "OBSERA_PROBE_KEY"),
        url(env, "OBSERA_API_URL"),
        url(env, "OBSERA_INGEST_URL"),
        name == null || name.isBlank() ? defaultAgentName(region) : name.strip(),
        ConfigSupport.longVar(env, "OBSERA_PROBE_REFRESH_MS", DEFAULT_REFRESH_MS),
        ConfigSupport.intVar(env, "OBSERA_PROBE_BUFFER_MAX", DEFAULT_BUFFER_MAX),
        ConfigSupport.intVar(env, "OBSERA_PROBE_BATCH_MAX", DEFAULT_BATCH_MAX),
        ConfigSupport.longVar(env, "OBSERA_PROBE_RETRY_MAX_MS", DEFAULT_RETRY_MAX_MS),
        ConfigSupport.intVar(env, "OBSERA_PROBE_WORKERS", DEFAULT_WORKERS),
        TargetGuard.fromEnv(env));
  }

  public ProbeAgentConfig withGuard(TargetGuard newGuard) {
    return new ProbeAgentConfig(
        region,
        probeKey,
        apiUrl,
        ingestUrl,
        agentName,
        refreshMs,
        bufferMax,
        batchMax,
        retryMaxMs,
        workers,
        newGuard);
  }

  public ProbeAgentConfig withAgentName(String newAgentName) {
    return new ProbeAgentConfig(
        region,
        probeKey,
        apiUrl,
        ingestUrl,
        newAgentName,
        refreshMs,
        bufferMax,
        batchMax,
        retryMaxMs,
        workers,
        guard);
  }

  public ProbeAgentConfig withTimings(long newRefreshMs, long newRetryMaxMs) {
    return new ProbeAgentConfig(
        region,
        probeKey,
        apiUrl,
        ingestUrl,
        agentName,
        newRefreshMs,
        bufferMax,
        batchMax,
        newRetryMaxMs,
        workers,
        guard);
  }

  /** {@code <hostname>-<region>}, or {@code probe-<region>} when the host name is unknown. */
  static String defaultAgentName(String region) {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "probe";
    }
    return host + "-" + region;
  }

  private static URI url(Map<String, String> env, String name) {
    String v = ConfigSupport.required(env, name);
    try {
      URI u = new URI(v.endsWith("/") ? v.substring(0, v.length() - 1) : v);
      requireHttpUrl(name, u);
      return u;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(name + " is not a URL: " + v);
    }
  }

  private static void requireHttpUrl(String name, URI u) {
    if (u == null
        || u.getScheme() == null
        || !(u.getScheme().equalsIgnoreCase("http") || u.getScheme().equalsIgnoreCase("https"))
        || u.getHost() == null) {
      throw new IllegalArgumentException(
          name + " must be an http or https URL such as http://host:8080, got: " + u);
    }
  }

  @Override
  public String toString() {
    return "ProbeAgentConfig[region="
        + region
        + ", agent="
        + agentName
        + ", api="
        + apiUrl
        + ", ingest="
        + ingestUrl
        + "]";
  }
}
