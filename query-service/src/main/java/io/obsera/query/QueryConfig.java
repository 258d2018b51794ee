package io.obsera.query;

import io.obsera.model.ClickHouseSettings;
import io.obsera.model.ConfigSupport;
import io.obsera.model.access.ReaderLimits;
import io.obsera.platform.control.ControlTrust;
import io.obsera.platform.crypto.SecretBox;
import io.obsera.platform.net.TargetGuard;
import io.obsera.platform.tls.TlsFiles;
import io.obsera.query.quota.TenantQuotas;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Configuration of the query service.
 *
 * @param bindHost {@code OBSERA_BIND}
 * @param apiPort {@code OBSERA_API_PORT} (0 = any free port)
 * @param kafkaBootstrap {@code OBSERA_KAFKA_BOOTSTRAP}
 * @param clickHouse {@code OBSERA_CLICKHOUSE_*}
 * @param adminToken bearer token of the admin API ({@code OBSERA_ADMIN_TOKEN}, 24+ characters)
 * @param streamsApplicationId the topology's application id, whose lag {@code /health} reports
 *     ({@code OBSERA_STREAMS_APPLICATION_ID})
 * @param kafkaOverrides {@code KAFKA_*}
 * @param analystSecret secret the tenants' analyst passwords are derived from ({@code
 *     OBSERA_ANALYST_SECRET}, 24+ characters; by default derived from the admin token)
 * @param defaultTenantAnalystPassword password of tenant {@code default}'s user {@code analyst}
 *     until its first rotation ({@code OBSERA_ANALYST_PASSWORD}; null: derived like the others)
 * @param sqlLimits limits of the tenant readers ({@code OBSERA_SQL_*})
 * @param targetGuard the SSRF rule for URLs tenants configure ({@code OBSERA_TARGET_ALLOWLIST}:
 *     CIDR blocks of non-public addresses that are allowed anyway; default none)
 * @param secretKey seals the secrets of notification channels ({@code OBSERA_SECRET_KEY}: 32 bytes
 *     in base64, required by {@link #fromEnv}; the alert worker needs the same key). The shorter
 *     constructors, for tests and embedding, use a random key of this process: channels sealed
 *     under it do not open after a restart.
 * @param resultCaps how much of one answer the service holds ({@code OBSERA_TRACE_MAX_SPANS},
 *     {@code OBSERA_PANEL_MAX_RESULT_BYTES}; null: defaults)
 * @param quotas every tenant's quotas ({@code OBSERA_QUOTA_*}; null: the defaults)
 * @param previousAdminTokens tokens the admin API still accepts during a rotation ({@code
 *     OBSERA_ADMIN_TOKEN_PREVIOUS}, comma-separated, each 24+ characters; empty outside one)
 * @param tls certificate and key the API port serves TLS with, the same as the OTLP listeners'
 *     ({@code OBSERA_TLS_CERT}, {@code OBSERA_TLS_KEY}); empty = plaintext
 */
public record QueryConfig(
    String bindHost,
    int apiPort,
    String kafkaBootstrap,
    ClickHouseSettings clickHouse,
    String adminToken,
    String streamsApplicationId,
    Map<String, String> kafkaOverrides,
    String analystSecret,
    String defaultTenantAnalystPassword,
    ReaderLimits sqlLimits,
    TargetGuard targetGuard,
    SecretBox secretKey,
    ResultCaps resultCaps,
    TenantQuotas quotas,
    ControlTrust controlTrust,
    List<String> previousAdminTokens,
    Optional<TlsFiles> tls) {

  /** The environment variable holding {@link #secretKey}. */
  public static final String SECRET_KEY_ENV = "OBSERA_SECRET_KEY";

  /** Keys {@link #secretKey} still opens with during a rotation (comma-separated). */
  public static final String SECRET_KEY_PREVIOUS_ENV = "OBSERA_SECRET_KEY_PREVIOUS";

  /** The environment variable holding {@link #previousAdminTokens}. */
  public static final String ADMIN_TOKEN_PREVIOUS_ENV = "OBSERA_ADMIN_TOKEN_PREVIOUS";

  public QueryConfig {
    ConfigSupport.requireNonBlank("OBSERA_BIND", bindHost);
    ConfigSupport.requirePort("OBSERA_API_PORT", apiPort);
    ConfigSupport.requireNonBlank("OBSERA_KAFKA_BOOTSTRAP", kafkaBootstrap);
    if (adminToken == null || adminToken.length() < 24) {
      throw new IllegalArgumentException("OBSERA_ADMIN_TOKEN must be at least 24 characters");
    }
    kafkaOverrides = Map.copyOf(kafkaOverrides);
    if (analystSecret == null || analystSecret.isBlank()) {
      analystSecret = "derived-from-admin-token:" + adminToken;
    } else if (analystSecret.length() < 24) {
      throw new IllegalArgumentException("OBSERA_ANALYST_SECRET must be at least 24 characters");
    }
    if (defaultTenantAnalystPassword != null && defaultTenantAnalystPassword.length() < 8) {
      throw new IllegalArgumentException("OBSERA_ANALYST_PASSWORD must be at least 8 characters");
    }
    if (sqlLimits == null) {
      sqlLimits = ReaderLimits.defaults();
    }
    if (targetGuard == null) {
      targetGuard = TargetGuard.strict();
    }
    if (secretKey == null) {
      secretKey = SecretBox.fromBase64(SECRET_KEY_ENV, SecretBox.newKeyBase64());
    }
    if (controlTrust == null) {
      throw new IllegalArgumentException("controlTrust is required (control-record keys)");
    }
    controlTrust.requireSigner();
    if (resultCaps == null) {
      resultCaps = ResultCaps.defaults();
    }
    if (quotas == null) {
      quotas = TenantQuotas.defaults();
    }
    previousAdminTokens =
        previousAdminTokens == null ? List.of() : List.copyOf(previousAdminTokens);
    for (String t : previousAdminTokens) {
      if (t.length() < 24) {
        throw new IllegalArgumentException(
            ADMIN_TOKEN_PREVIOUS_ENV + " must hold tokens of at least 24 characters");
      }
    }
    tls = tls == null ? Optional.empty() : tls;
  }

  /** Without previous admin tokens (outside a rotation). */
  public QueryConfig(
      String bindHost,
      int apiPort,
      String kafkaBootstrap,
      ClickHouseSettings clickHouse,
      String adminToken,
      String streamsApplicationId,
      Map<String, String> kafkaOverrides,
      String analystSecret,
      String defaultTenantAnalystPassword,
      ReaderLimits sqlLimits,
      TargetGuard targetGuard,
      SecretBox secretKey,
      ResultCaps resultCaps,
      TenantQuotas quotas,
      ControlTrust controlTrust) {
    this(
        bindHost,
        apiPort,
        kafkaBootstrap,
        clickHouse,
        adminToken,
        streamsApplicationId,
        kafkaOverrides,
        analystSecret,
        defaultTenantAnalystPassword,
        sqlLimits,
        targetGuard,
        secretKey,
        resultCaps,
        quotas,
        controlTrust,
        List.of(),
        Optional.empty());
  }

  /** The same configuration, also accepting {@code tokens} on the admin API (a rotation). */
  public QueryConfig withPreviousAdminTokens(List<String> tokens) {
    return new QueryConfig(
        bindHost,
        apiPort,
        kafkaBootstrap,
        clickHouse,
        adminToken,
        streamsApplicationId,
        kafkaOverrides,
        analystSecret,
        defaultTenantAnalystPassword,
        sqlLimits,
        targetGuard,
        secretKey,
        resultCaps,
        quotas,
        controlTrust,
        tokens,
        tls);
  }

  /** The same configuration serving the API port over TLS with these files (empty: plaintext). */
  public QueryConfig withTls(Optional<TlsFiles> newTls) {
    return new QueryConfig(
        bindHost,
        apiPort,
        kafkaBootstrap,
        clickHouse,
        adminToken,
        streamsApplicationId,
        kafkaOverrides,
        analystSecret,
        defaultTenantAnalystPassword,
        sqlLimits,
        targetGuard,
        secretKey,
        resultCaps,
        quotas,
        controlTrust,
        previousAdminTokens,
        newTls);
  }

  /** With the default result caps and quotas. */
  public QueryConfig(
      String bindHost,
      int apiPort,
      String kafkaBootstrap,
      ClickHouseSettings clickHouse,
      String adminToken,
      String streamsApplicationId,
      Map<String, String> kafkaOverrides,
      String analystSecret,
      String defaultTenantAnalystPassword,
      ReaderLimits sqlLimits,
      TargetGuard targetGuard,
      SecretBox secretKey,
      ControlTrust controlTrust) {
    this(
        bindHost,
        apiPort,
        kafkaBootstrap,
        clickHouse,
        adminToken,
        streamsApplicationId,
        kafkaOverrides,
        analystSecret,
        defaultTenantAnalystPassword,
        sqlLimits,
        targetGuard,
        secretKey,
        null,
        null,
        controlTrust);
  }

  /** The same configuration with other result caps. */
  public QueryConfig withResultCaps(ResultCaps caps) {
    return new QueryConfig(
        bindHost,
        apiPort,
        kafkaBootstrap,
        clickHouse,
        adminToken,
        streamsApplicationId,
        kafkaOverrides,
        analystSecret,
        defaultTenantAnalystPassword,
        sqlLimits,
        targetGuard,
        secretKey,
        caps,
        quotas,
        controlTrust,
        previousAdminTokens,
        tls);
  }

  /** The same configuration with other quotas. */
  public QueryConfig withQuotas(TenantQuotas newQuotas) {
    return new QueryConfig(
        bindHost,
        apiPort,
        kafkaBootstrap,
        clickHouse,
        adminToken,
        streamsApplicationId,
        kafkaOverrides,
        analystSecret,
        defaultTenantAnalystPassword,
        sqlLimits,
        targetGuard,
        secretKey,
        resultCaps,
        newQuotas,
        controlTrust,
        previousAdminTokens,
        tls);
  }

  /** With a random secret key of this process (see {@link #secretKey}). */
  public QueryConfig(
      String bindHost,
      int apiPort,
      String kafkaBootstrap,
      ClickHouseSettings clickHouse,
      String adminToken,
      String streamsApplicationId,
      Map<String, String> kafkaOverrides,
      String analystSecret,
      String defaultTenantAnalystPassword,
      ReaderLimits sqlLimits,
      TargetGuard targetGuard,
      ControlTrust controlTrust) {
    this(
        bindHost,
        apiPort,
        kafkaBootstrap,
        clickHouse,
        adminToken,
        streamsApplicationId,
        kafkaOverrides,
        analystSecret,
        defaultTenantAnalystPassword,
        sqlLimits,
        targetGuard,
        null,
        controlTrust);
  }

  /** Without an allowlist: every non-public target is refused. */
  public QueryConfig(
      String bindHost,
      int apiPort,
      String kafkaBootstrap,
      ClickHouseSettings clickHouse,
      String adminToken,
      String streamsApplicationId,
      Map<String, String> kafkaOverrides,
      String analystSecret,
      String defaultTenantAnalystPassword,
      ReaderLimits sqlLimits,
      ControlTrust controlTrust) {
    this(
        bindHost,
        apiPort,
        kafkaBootstrap,
        clickHouse,
        adminToken,
        streamsApplicationId,
        kafkaOverrides,
        analystSecret,
        defaultTenantAnalystPassword,
        sqlLimits,
        null,
        controlTrust);
  }

  /** Defaults for the SQL settings (derived analyst secret, default limits). */
  public QueryConfig(
      String bindHost,
      int apiPort,
      String kafkaBootstrap,
      ClickHouseSettings clickHouse,
      String adminToken,
      String streamsApplicationId,
      Map<String, String> kafkaOverrides,
      ControlTrust controlTrust) {
    this(
        bindHost,
        apiPort,
        kafkaBootstrap,
        clickHouse,
        adminToken,
        streamsApplicationId,
        kafkaOverrides,
        null,
        null,
        null,
        null,
        controlTrust);
  }

  public static QueryConfig fromEnv(Map<String, String> env) {
    return new QueryConfig(
        env.getOrDefault("OBSERA_BIND", "127.0.0.1"),
        ConfigSupport.intVar(env, "OBSERA_API_PORT", 8080),
        ConfigSupport.required(env, "OBSERA_KAFKA_BOOTSTRAP"),
        ClickHouseSettings.fromEnv(env),
        ConfigSupport.required(env, "OBSERA_ADMIN_TOKEN"),
        env.getOrDefault("OBSERA_STREAMS_APPLICATION_ID", "obsera-streams"),
        ConfigSupport.kafkaOverrides(env),
        env.get("OBSERA_ANALYST_SECRET"),
        env.get("OBSERA_ANALYST_PASSWORD"),
        ReaderLimits.fromEnv(env),
        TargetGuard.fromEnv(env),
        SecretBox.fromBase64(SECRET_KEY_ENV, env.get(SECRET_KEY_ENV))
            .withPrevious(SECRET_KEY_PREVIOUS_ENV, env.get(SECRET_KEY_PREVIOUS_ENV)),
        ResultCaps.fromEnv(env),
        TenantQuotas.fromEnv(env),
        ControlTrust.fromEnv(env),
        List.copyOf(ConfigSupport.listVar(env, ADMIN_TOKEN_PREVIOUS_ENV)),
        TlsFiles.fromEnv(env));
  }

  @Override
  public String toString() {
    return "QueryConfig[bind="
        + bindHost
        + ", apiPort="
        + apiPort
        + (tls.isPresent() ? " (TLS)" : "")
        + ", kafka="
        + kafkaBootstrap
        + ", "
        + clickHouse
        + "]";
  }
}
