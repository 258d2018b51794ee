package io.obsera.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.obsera.embedded.EmbeddedClickHouse;
import io.obsera.model.Json;
import io.obsera.testing.OtelSdkClient;
import io.opentelemetry.api.trace.Span;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Adding a tenant restarts the embedded ClickHouse (its readers live in the users file, which it
 * does not reload), at most once per 5 s: the new tenant can query within seconds, and spans sent
 * meanwhile still land (ingest buffers in Kafka, the writer retries). Starts its own servers.
 */
class TenantReadersRestartIT {
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final int BATCHES = 30;
  static final int SPANS_PER_BATCH = 5;
  static Standalone obsera;

  @BeforeAll
  static void start() throws Exception {
    Path dataDir = Files.createTempDirectory(Path.of("target"), "readers-it-");
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("OBSERA_DATA_DIR", dataDir.toString());
    for (String port : StandaloneConfig.PORT_VARIABLES) {
      env.put(port, "0");
    }
    env.remove("OBSERA_API_KEY");
    env.remove("OBSERA_ADMIN_TOKEN");
    env.remove("OBSERA_CLICKHOUSE_URL");
    env.remove("OBSERA_KAFKA_BOOTSTRAP");
    obsera = Standalone.start(StandaloneConfig.fromEnv(env), System.out);
  }

  @AfterAll
  static void stop() {
    if (obsera != null) {
      obsera.close();
    }
  }

  @Test
  void should_letANewTenantQueryWithinSeconds_whileSpansSentDuringTheRestartLand()
      throws Exception {
    CompletableFuture<Boolean> sending = CompletableFuture.supplyAsync(this::sendSpans);
    long t0 = System.nanoTime();
    assertThat(call("POST", "/api/v1/admin/tenants", obsera.adminToken(), "{\"id\":\"acme\"}"))
        .extracting(HttpResponse::statusCode)
        .isEqualTo(201);
    String acmeKey =
        Json.MAPPER
            .readTree(
                call(
                        "POST",
                        "/api/v1/admin/tenants/acme/keys",
                        obsera.adminToken(),
                        "{\"scopes\":[\"query\"]}")
                    .body())
            .get("key")
            .asText();
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> sql(acmeKey, "SELECT 1").statusCode() == 200);
    long readyMs = (System.nanoTime() - t0) / 1_000_000;
    System.out.println("[readers-it] tenant acme could query " + readyMs + " ms after creation");

    assertThat(sending.get()).as("every export accepted by ingest").isTrue();
    long expected = (long) BATCHES * SPANS_PER_BATCH;
    String count = "SELECT count() AS n FROM otel_traces WHERE ServiceName = 'during-restart'";
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(data(sql(obsera.apiKey(), count)).get(0).get("n").asLong())
                    .isEqualTo(expected));
    assertThat(data(sql(acmeKey, count)).get(0).get("n").asLong()).isZero();
    assertThat(analystDirect("SELECT DISTINCT TenantId FROM obsera.otel_traces FORMAT TSV"))
        .as("the analyst user is the default tenant's reader")
        .isEqualTo("default\n");
  }

  /**
   * The embedded server does not reload its users files (checked on the real server), so new
   * tenants restart it; those restarts are bounded: at most one per {@link
   * EmbeddedClickHouse#READERS_RESTART_INTERVAL}, however many tenants come, and every new tenant's
   * reader works.
   */
  @Test
  void should_restartAtMostOncePerInterval_whenTenantsAreCreatedInABurst() throws Exception {
    EmbeddedClickHouse clickHouse = obsera.embeddedClickHouse().orElseThrow();
    List<Long> pidChanges = new CopyOnWriteArrayList<>();
    AtomicBoolean watching = new AtomicBoolean(true);
    Thread watcher =
        new Thread(
            () -> {
              long pid = clickHouse.pid();
              while (watching.get()) {
                long now = clickHouse.pid();
                if (now != pid) {
                  pidChanges.add(System.nanoTime());
                  pid = now;
                }
                LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
              }
            });
    watcher.start();
    int restartsBefore = clickHouse.readersRestarts();
    List<String> keys = new ArrayList<>();
    try {
      for (String tenant : List.of("burst-a", "burst-b", "burst-c", "burst-d")) {
        keys.add(createTenantWithQueryKey(tenant));
      }
      for (String key : keys) {
        await()
            .atMost(Duration.ofSeconds(40))
            .pollInterval(Duration.ofMillis(100))
            .until(() -> sql(key, "SELECT 1").statusCode() == 200);
      }
    } finally {
      watching.set(false);
      watcher.join();
    }
    int restarts = clickHouse.readersRestarts() - restartsBefore;
    System.out.println("[readers-it] 4 tenants in a burst: " + restarts + " ClickHouse restarts");
    assertThat(restarts).isBetween(1, 3);
    for (int i = 1; i < pidChanges.size(); i++) {
      assertThat(Duration.ofNanos(pidChanges.get(i) - pidChanges.get(i - 1)))
          .as("time between two restarts")
          .isGreaterThanOrEqualTo(
              EmbeddedClickHouse.READERS_RESTART_INTERVAL.minus(Duration.ofMillis(100)));
    }
  }

  /**
   * A restart for new tenant readers holds API requests back instead of failing them: requests in
   * flight finish first, new ones wait until the server serves again.
   */
  @Test
  void should_failNoApiRequest_whileClickHouseRestartsForNewTenants() throws Exception {
    EmbeddedClickHouse clickHouse = obsera.embeddedClickHouse().orElseThrow();
    int restartsBefore = clickHouse.readersRestarts();
    AtomicBoolean calling = new AtomicBoolean(true);
    List<String> failures = new CopyOnWriteArrayList<>();
    List<Integer> answered = new CopyOnWriteArrayList<>();
    Runnable caller =
        () -> {
          while (calling.get()) {
            try {
              HttpResponse<String> sql =
                  sql(obsera.apiKey(), "SELECT count() AS n FROM otel_traces");
              HttpResponse<String> services =
                  call("GET", "/api/v1/services", obsera.apiKey(), null);
              for (HttpResponse<String> r : List.of(sql, services)) {
                answered.add(r.statusCode());
                if (r.statusCode() != 200) {
                  failures.add(r.uri().getPath() + " " + r.statusCode() + " " + r.body());
                }
              }
            } catch (Exception e) {
              failures.add(e.toString());
            }
          }
        };
    Thread a = new Thread(caller);
    Thread b = new Thread(caller);
    a.start();
    b.start();
    try {
      for (String tenant : List.of("held-a", "held-b")) {
        String key = createTenantWithQueryKey(tenant);
        await()
            .atMost(Duration.ofSeconds(40))
            .pollInterval(Duration.ofMillis(100))
            .until(() -> sql(key, "SELECT 1").statusCode() == 200);
      }
    } finally {
      calling.set(false);
      a.join();
      b.join();
    }
    System.out.println(
        "[readers-it] "
            + answered.size()
            + " API requests across "
            + (clickHouse.readersRestarts() - restartsBefore)
            + " ClickHouse restarts, failures: "
            + failures.size());
    assertThat(clickHouse.readersRestarts()).isGreaterThan(restartsBefore);
    assertThat(answered).hasSizeGreaterThan(10);
    assertThat(failures).isEmpty();
  }

  private static String createTenantWithQueryKey(String tenant) throws Exception {
    assertThat(
            call(
                    "POST",
                    "/api/v1/admin/tenants",
                    obsera.adminToken(),
                    "{\"id\":\"" + tenant + "\"}")
                .statusCode())
        .isEqualTo(201);
    return Json.MAPPER
        .readTree(
            call(
                    "POST",
                    "/api/v1/admin/tenants/" + tenant + "/keys",
                    obsera.adminToken(),
                    "{\"scopes\":[\"query\"]}")
                .body())
        .get("key")
        .asText();
  }

  private boolean sendSpans() {
    try (OtelSdkClient sdk =
        new OtelSdkClient(
            "http://127.0.0.1:" + obsera.otlpHttpPort(), obsera.apiKey(), "during-restart")) {
      boolean ok = true;
      for (int b = 0; b < BATCHES; b++) {
        for (int i = 0; i < SPANS_PER_BATCH; i++) {
          Span span = sdk.tracer().spanBuilder("op-" + b + "-" + i).startSpan();
          span.end();
        }
        ok &= sdk.flush();
        Thread.sleep(100);
      }
      return ok;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static JsonNode data(HttpResponse<String> r) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return Json.MAPPER.readTree(r.body()).get("data");
  }

  private static HttpResponse<String> sql(String key, String sql) throws Exception {
    return call("POST", "/api/v1/sql", key, Json.MAPPER.writeValueAsString(Map.of("sql", sql)));
  }

  private static String analystDirect(String sql) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(
                        obsera.clickHouse().url()
                            + "/?query="
                            + URLEncoder.encode(sql, StandardCharsets.UTF_8)))
                .header("X-ClickHouse-User", "analyst")
                .header("X-ClickHouse-Key", obsera.analystPassword())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r.body();
  }

  private static HttpResponse<String> call(String method, String path, String token, String body)
      throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + obsera.apiPort() + path))
            .header("Authorization", "Bearer " + token)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
