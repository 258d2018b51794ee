package io.obsera.model;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * How services reach ClickHouse.
 *
 * @param url HTTP endpoint ({@code OBSERA_CLICKHOUSE_URL}, e.g. http://127.0.0.1:8123)
 * @param user user the services use ({@code OBSERA_CLICKHOUSE_USER})
 * @param password its password ({@code OBSERA_CLICKHOUSE_PASSWORD})
 * @param database database holding Obsera's tables ({@code OBSERA_CLICKHOUSE_DATABASE})
 * @param maxExecutionSeconds ClickHouse's {@code max_execution_time} for every query the services
 *     send as this user: a query running longer is cancelled by ClickHouse ({@code
 *     OBSERA_CLICKHOUSE_MAX_EXECUTION_SECONDS})
 */
public record ClickHouseSettings(
    String url, String user, String password, String database, int maxExecutionSeconds) {
  private static final Pattern IDENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

  /** Default of {@code OBSERA_CLICKHOUSE_MAX_EXECUTION_SECONDS}. */
  public static final int DEFAULT_MAX_EXECUTION_SECONDS = 60;

  public ClickHouseSettings {
    ConfigSupport.requireNonBlank("OBSERA_CLICKHOUSE_URL", url);
    if (!url.startsWith("http://") && !url.startsWith("https://")) {
      throw new IllegalArgumentException(
          "OBSERA_CLICKHOUSE_URL must start with http:// or https://, got " + url);
    }
    ConfigSupport.requireNonBlank("OBSERA_CLICKHOUSE_USER", user);
    if (password == null) {
      password = "";
    }
    if (database == null || !IDENT.matcher(database).matches()) {
      throw new IllegalArgumentException(
          "OBSERA_CLICKHOUSE_DATABASE must be a plain identifier, got " + database);
    }
    ConfigSupport.requireRange(
        "OBSERA_CLICKHOUSE_MAX_EXECUTION_SECONDS", maxExecutionSeconds, 1, 86_400);
  }

  /** With the default time limit ({@link #DEFAULT_MAX_EXECUTION_SECONDS}). */
  public ClickHouseSettings(String url, String user, String password, String database) {
    this(url, user, password, database, DEFAULT_MAX_EXECUTION_SECONDS);
  }

  public static ClickHouseSettings fromEnv(Map<String, String> env) {
    return new ClickHouseSettings(
        ConfigSupport.required(env, "OBSERA_CLICKHOUSE_URL"),
        env.getOrDefault("OBSERA_CLICKHOUSE_USER", "default"),
        env.getOrDefault("OBSERA_CLICKHOUSE_PASSWORD", ""),
        env.getOrDefault("OBSERA_CLICKHOUSE_DATABASE", "obsera"),
        ConfigSupport.intVar(
            env, "OBSERA_CLICKHOUSE_MAX_EXECUTION_SECONDS", DEFAULT_MAX_EXECUTION_SECONDS));
  }

  /** The same server and user with another time limit. */
  public ClickHouseSettings withMaxExecutionSeconds(int seconds) {
    return new ClickHouseSettings(url, user, password, database, seconds);
  }

  @Override
  public String toString() {
    return "ClickHouseSettings[url="
        + url
        + ", user="
        + user
        + ", database="
        + database
        + ", maxExecutionSeconds="
        + maxExecutionSeconds
        + "]";
  }
}
