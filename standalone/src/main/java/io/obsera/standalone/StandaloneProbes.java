package io.obsera.standalone;

import io.obsera.model.ConfigSupport;
import io.obsera.platform.net.TargetGuard;
import io.obsera.probe.ProbeAgent;
import io.obsera.probe.ProbeAgentConfig;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The probe agents standalone runs in its own JVM, one per region (eu-west, us-east and ap-south by
 * default), pointed at its own API and ingest bridge with a PROBE key.
 */
final class StandaloneProbes implements AutoCloseable {
  static final String ENV = "OBSERA_STANDALONE_PROBES";
  static final List<String> DEFAULT_REGIONS = List.of("eu-west", "us-east", "ap-south");
  private static final Pattern REGION = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

  /**
   * @param regions regions to run an agent for; empty: none ({@code OBSERA_STANDALONE_PROBES=none})
   * @param guard the SSRF rule of the agents ({@code OBSERA_TARGET_ALLOWLIST})
   * @param refreshMs how often the agents poll their assignments ({@code OBSERA_PROBE_REFRESH_MS})
   */
  record Config(List<String> regions, TargetGuard guard, long refreshMs) {
    Config {
      regions = List.copyOf(regions);
      if (refreshMs < 100 || refreshMs > 3_600_000) {
        throw new IllegalArgumentException(
            "OBSERA_PROBE_REFRESH_MS must be between 100 and 3600000, got " + refreshMs);
      }
      for (String r : regions) {
        if (!REGION.matcher(r).matches()) {
          throw new IllegalArgumentException(
              ENV + ": '" + r + "' is not a region name (a-z, 0-9 and '-'), or 'none'");
        }
      }
    }

    static Config fromEnv(Map<String, String> env) {
      String v = env.get(ENV);
      List<String> regions;
      if (v == null || v.isBlank()) {
        regions = DEFAULT_REGIONS;
      } else if (v.strip().equalsIgnoreCase("none")) {
        regions = List.of();
      } else {
        regions = List.copyOf(ConfigSupport.listVar(env, ENV));
      }
      return new Config(
          regions,
          TargetGuard.fromEnv(env),
          ConfigSupport.longVar(
              env, "OBSERA_PROBE_REFRESH_MS", ProbeAgentConfig.DEFAULT_REFRESH_MS));
    }
  }

  private final List<ProbeAgent> agents = new ArrayList<>();

  private StandaloneProbes() {}

  /**
   * Starts one agent per region of {@code config} against the API and OTLP/HTTP ports of this
   * runtime, reached on the address it binds (loopback when it binds every address); both serve TLS
   * when {@code tls} ({@code OBSERA_TLS_*}).
   */
  static StandaloneProbes start(
      Config config, String probeKey, String bindHost, int apiPort, int otlpHttpPort, boolean tls) {
    String host =
        bindHost.equals("0.0.0.0") || bindHost.equals("::")
            ? "127.0.0.1"
            : bindHost.contains(":") ? "[" + bindHost + "]" : bindHost;
    String scheme = tls ? "https" : "http";
    URI api = URI.create(scheme + "://" + host + ":" + apiPort);
    URI ingest = URI.create(scheme + "://" + host + ":" + otlpHttpPort);
    StandaloneProbes probes = new StandaloneProbes();
    for (String region : config.regions()) {
      ProbeAgentConfig c =
          ProbeAgentConfig.of(region, probeKey, api, ingest)
              .withGuard(config.guard())
              .withAgentName("standalone-" + region)
              .withTimings(config.refreshMs(), ProbeAgentConfig.DEFAULT_RETRY_MAX_MS);
      probes.agents.add(new ProbeAgent(c, Clock.systemUTC()).start());
    }
    return probes;
  }

  List<ProbeAgent> agents() {
    return List.copyOf(agents);
  }

  @Override
  public void close() {
    agents.forEach(ProbeAgent::close);
  }
}
