package io.obsera.query.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.clickhouse.client.api.Client;
import com.fasterxml.jackson.databind.JsonNode;
import io.obsera.embedded.ChdbLibrary;
import io.obsera.embedded.EmbeddedClickHouse;
import io.obsera.embedded.EmbeddedTenantReaders;
import io.obsera.model.ClickHouseSettings;
import io.obsera.model.Json;
import io.obsera.model.Topics;
import io.obsera.model.access.ReaderLimits;
import io.obsera.platform.kafka.TopicProvisioner;
import io.obsera.query.QueryConfig;
import io.obsera.query.QueryServer;
import io.obsera.query.ResultCaps;
import io.obsera.query.quota.TenantQuotas;
import io.obsera.schema.ClickHouseClients;
import io.obsera.schema.SchemaMigrator;
import io.obsera.testing.SharedServers;
import io.obsera.testing.TestControlKeys;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * A query service on its OWN embedded ClickHouse (tenant readers restart it, so never the shared
 * one) and the shared Kafka, with two tenants, a query key each, and their rows in {@code
 * otel_logs}: tenant A has 3 rows, tenant B 2.
 */
public final class OwnClickHouseFixture implements AutoCloseable {
  public static final String ADMIN = "admin-token-" + UUID.randomUUID();

  /** The readers' limits: a quota high enough for every suite, 1 MB of result. */
  public static final ReaderLimits LIMITS =
      new ReaderLimits(10, 50_000_000, 10_000, 500_000_000, 1_000_000, 2, 8, 100_000);

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  final EmbeddedClickHouse clickHouse;
  final QueryServer service;
  final String base;
  final String tenantA;
  final String tenantB;
  final String keyA;
  final String keyB;

  private OwnClickHouseFixture(
      Path dataDir, ReaderLimits limits, ResultCaps caps, String serverConfig, TenantQuotas quotas)
      throws Exception {
    if (serverConfig != null) {
      // merged into the server's config.xml by ClickHouse (the embedded server's layout)
      Path configD = Files.createDirectories(dataDir.resolve("config").resolve("config.d"));
      Files.writeString(configD.resolve("test.xml"), serverConfig);
    }
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    tenantA = "sa-" + suffix;
    tenantB = "sb-" + suffix;
    clickHouse =
        EmbeddedClickHouse.start(
            new EmbeddedClickHouse.Config(
                dataDir,
                ChdbLibrary.ensure(ChdbLibrary.defaultCacheDir(System.getenv()), m -> {}),
                "127.0.0.1",
                0,
                0,
                "obsera_admin",
                UUID.randomUUID().toString(),
                null,
                null,
                1L << 30),
            m -> {});
    ClickHouseSettings ch =
        new ClickHouseSettings(
            clickHouse.httpUrl(), clickHouse.adminUser(), clickHouse.adminPassword(), "obsera");
    try (Client bootstrap =
        ClickHouseClients.create(
            new ClickHouseSettings(ch.url(), ch.user(), ch.password(), "default"))) {
      bootstrap.execute("CREATE DATABASE IF NOT EXISTS obsera").get().close();
    }
    try (Client admin = ClickHouseClients.create(ch)) {
      new SchemaMigrator(admin, "obsera").migrate();
      admin
          .execute(
              ("INSERT INTO obsera.otel_logs (TenantId, Timestamp, ServiceName, Body) VALUES"
                      + " ('%1$s', now64(9), 'cart', 'a1'), ('%1$s', now64(9), 'cart', 'a2'),"
                      + " ('%1$s', now64(9), 'web', 'a3'), ('%2$s', now64(9), 'cart', 'b-secret-1'),"
                      + " ('%2$s', now64(9), 'web', 'b-secret-2')")
                  .formatted(tenantA, tenantB))
          .get()
          .close();
    }
    String kafka = SharedServers.kafkaBootstrap();
    TopicProvisioner.ensure(kafka, Map.of(), Topics.all(2));
    service =
        new QueryServer(
                new QueryConfig(
                        "127.0.0.1",
                        0,
                        kafka,
                        ch,
                        ADMIN,
                        "obsera-streams",
                        Map.of(),
                        null,
                        null,
                        limits,
                        TestControlKeys.trust())
                    .withResultCaps(caps)
                    .withQuotas(quotas),
                new EmbeddedTenantReaders(clickHouse))
            .start();
    base = "http://127.0.0.1:" + service.port();
    keyA = tenantWithKey(tenantA);
    keyB = tenantWithKey(tenantB);
    if (serverConfig == null) {
      awaitReader(keyA);
      awaitReader(keyB);
    }
  }

  public static OwnClickHouseFixture start(Path dataDir) throws Exception {
    return start(dataDir, LIMITS, ResultCaps.defaults(), null);
  }

  /**
   * @param serverConfig a fragment merged into the server's config (null: none); with one, the
   *     readers are not awaited
   */
  public static OwnClickHouseFixture start(
      Path dataDir, ReaderLimits limits, ResultCaps caps, String serverConfig) throws Exception {
    return new OwnClickHouseFixture(dataDir, limits, caps, serverConfig, TenantQuotas.defaults());
  }

  /** With these quotas for every tenant. */
  public static OwnClickHouseFixture start(Path dataDir, TenantQuotas quotas) throws Exception {
    return new OwnClickHouseFixture(dataDir, LIMITS, ResultCaps.defaults(), null, quotas);
  }

  /** A new tenant with a query key; returns the key. */
  public String tenantWithKey(String tenant) throws Exception {
    assertThat(call("POST", "/api/v1/admin/tenants", ADMIN, "{\"id\":\"" + tenant + "\"}"))
        .extracting(HttpResponse::statusCode)
        .isEqualTo(201);
    return json(call(
            "POST", "/api/v1/admin/tenants/" + tenant + "/keys", ADMIN, "{\"scopes\":[\"query\"]}"))
        .get("key")
        .asText();
  }

  /** Waits until the tenant's reader answers {@code /sql} (the server restarts meanwhile). */
  public void awaitReader(String key) {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> sql(key, "{\"sql\":\"SELECT 1\"}").statusCode() == 200);
  }

  HttpResponse<String> sql(String key, String body) throws IOException, InterruptedException {
    return call("POST", "/api/v1/sql", key, body);
  }

  /** {@code /sql} with {@code sql} (JSON-escaped here), JSON format. */
  HttpResponse<String> sqlText(String key, String sql) throws IOException, InterruptedException {
    return sql(key, Json.MAPPER.writeValueAsString(Map.of("sql", sql)));
  }

  public HttpResponse<String> call(String method, String path, String token, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Authorization", "Bearer " + token)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  public static JsonNode json(HttpResponse<String> r) throws IOException {
    return Json.MAPPER.readTree(r.body());
  }

  public String keyA() {
    return keyA;
  }

  public String keyB() {
    return keyB;
  }

  public String tenantB() {
    return tenantB;
  }

  @Override
  public void close() {
    service.close();
    clickHouse.close();
  }
}
