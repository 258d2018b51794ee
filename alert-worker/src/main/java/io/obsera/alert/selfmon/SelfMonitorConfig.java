package io.obsera.alert.selfmon;

import io.obsera.model.ConfigSupport;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * Settings of self-monitoring (the built-in operator alerts); {@link #fromEnv} names the variable
 * in every error.
 *
 * @param enabled {@code OBSERA_SELFMON_ENABLED} (default true)
 * @param interval how often the health is sampled ({@code OBSERA_SELFMON_INTERVAL_MS}, default
 *     30000)
 * @param writerGroup the ClickHouse writer's consumer group ({@code OBSERA_WRITER_GROUP_ID},
 *     default {@code OBSERA_STREAMS_APPLICATION_ID} + {@code -clickhouse-writer}, as the writer's)
 * @param writerStallFor how long the writer may have lag without committing any progress before
 *     {@code writer-stalled} fires ({@code OBSERA_SELFMON_WRITER_STALL_MS}, default 300000)
 * @param writerLagRecords writer lag (records, all topics) at or above which {@code writer-lag}
 *     holds ({@code OBSERA_SELFMON_WRITER_LAG_RECORDS}, default 1000000)
 * @param writerLagFor how long that lag must hold before it fires ({@code
 *     OBSERA_SELFMON_WRITER_LAG_MS}, default 600000)
 * @param downFor how long Kafka or ClickHouse must be unreachable before it fires ({@code
 *     OBSERA_SELFMON_DOWN_MS}, default 60000)
 * @param minFreeDisk free share of a broker log dir below which {@code disk-low} fires ({@code
 *     OBSERA_SELFMON_MIN_FREE_DISK}, default twice {@code OBSERA_INGEST_MIN_FREE_DISK}, so 0.10:
 *     the operator hears before ingest starts refusing; 0 disables)
 * @param recentWindow how long a new dead letter or a failed delivery keeps its alert firing
 *     ({@code OBSERA_SELFMON_RECENT_MS}, default 900000)
 * @param clickHouseUrl where ClickHouse is pinged ({@code GET /ping}); {@code
 *     OBSERA_CLICKHOUSE_URL} as the writer's; null: ClickHouse is not watched from here
 */
public record SelfMonitorConfig(
    boolean enabled,
    Duration interval,
    String writerGroup,
    Duration writerStallFor,
    long writerLagRecords,
    Duration writerLagFor,
    Duration downFor,
    double minFreeDisk,
    Duration recentWindow,
    URI clickHouseUrl) {

  public SelfMonitorConfig {
    atLeast("OBSERA_SELFMON_INTERVAL_MS", interval, 100);
    ConfigSupport.requireNonBlank("OBSERA_WRITER_GROUP_ID", writerGroup);
    atLeast("OBSERA_SELFMON_WRITER_STALL_MS", writerStallFor, 0);
    if (writerLagRecords < 1) {
      throw new IllegalArgumentException(
          "OBSERA_SELFMON_WRITER_LAG_RECORDS must be at least 1, got " + writerLagRecords);
    }
    atLeast("OBSERA_SELFMON_WRITER_LAG_MS", writerLagFor, 0);
    atLeast("OBSERA_SELFMON_DOWN_MS", downFor, 0);
    if (!(minFreeDisk >= 0 && minFreeDisk < 1)) {
      throw new IllegalArgumentException(
          "OBSERA_SELFMON_MIN_FREE_DISK must be a fraction in [0, 1), got " + minFreeDisk);
    }
    atLeast("OBSERA_SELFMON_RECENT_MS", recentWindow, 1000);
  }

  public static SelfMonitorConfig fromEnv(Map<String, String> env) {
    String enabled = env.getOrDefault("OBSERA_SELFMON_ENABLED", "true").strip();
    if (!enabled.equals("true") && !enabled.equals("false")) {
      throw new IllegalArgumentException(
          "OBSERA_SELFMON_ENABLED must be true or false, got '" + enabled + "'");
    }
    double guard = ConfigSupport.doubleVar(env, "OBSERA_INGEST_MIN_FREE_DISK", 0.05);
    return new SelfMonitorConfig(
        enabled.equals("true"),
        millis(env, "OBSERA_SELFMON_INTERVAL_MS", 30_000),
        env.getOrDefault(
            "OBSERA_WRITER_GROUP_ID",
            env.getOrDefault("OBSERA_STREAMS_APPLICATION_ID", "obsera-streams")
                + "-clickhouse-writer"),
        millis(env, "OBSERA_SELFMON_WRITER_STALL_MS", 300_000),
        ConfigSupport.longVar(env, "OBSERA_SELFMON_WRITER_LAG_RECORDS", 1_000_000),
        millis(env, "OBSERA_SELFMON_WRITER_LAG_MS", 600_000),
        millis(env, "OBSERA_SELFMON_DOWN_MS", 60_000),
        ConfigSupport.doubleVar(env, "OBSERA_SELFMON_MIN_FREE_DISK", Math.min(0.5, guard * 2)),
        millis(env, "OBSERA_SELFMON_RECENT_MS", 900_000),
        clickHouseUrl(env.get("OBSERA_CLICKHOUSE_URL")));
  }

  /**
   * The same settings watching the writer group {@code group} and pinging ClickHouse at {@code
   * clickHouseUrl} (standalone learns both at start).
   */
  public SelfMonitorConfig withRuntime(String group, String clickHouse) {
    return new SelfMonitorConfig(
        enabled,
        interval,
        group,
        writerStallFor,
        writerLagRecords,
        writerLagFor,
        downFor,
        minFreeDisk,
        recentWindow,
        clickHouseUrl(clickHouse));
  }

  private static URI clickHouseUrl(String url) {
    if (url == null || url.isBlank()) {
      return null;
    }
    URI u;
    try {
      u = URI.create(url.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("OBSERA_CLICKHOUSE_URL is not a URL: '" + url + "'");
    }
    if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
      throw new IllegalArgumentException(
          "OBSERA_CLICKHOUSE_URL must be an http(s) URL with a host, got '" + url + "'");
    }
    return u;
  }

  private static Duration millis(Map<String, String> env, String name, long defaultValue) {
    return Duration.ofMillis(ConfigSupport.longVar(env, name, defaultValue));
  }

  private static void atLeast(String name, Duration d, long min) {
    if (d == null || d.toMillis() < min) {
      throw new IllegalArgumentException(name + " must be at least " + min + " ms, got " + d);
    }
  }
}
