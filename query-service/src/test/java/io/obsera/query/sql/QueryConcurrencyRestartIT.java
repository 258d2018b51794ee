package io.obsera.query.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.obsera.model.Json;
import io.obsera.query.quota.TenantQuotas;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-tenant limit of queries at once ({@code OBSERA_QUOTA_CONCURRENT_QUERIES}) over real HTTP
 * and a real ClickHouse (its own: tenant readers restart it): a tenant's calls past the limit are
 * 429 at once with {@code Retry-After}, naming the quota, panel runs included, while another
 * tenant's query runs as usual.
 */
class QueryConcurrencyRestartIT {
  static final int LIMIT = 2;
  static final String SLOW = "{\"sql\":\"SELECT sleep(2.5) AS slept\"}";

  @TempDir static Path dataDir;
  static OwnClickHouseFixture f;

  @BeforeAll
  static void start() throws Exception {
    f =
        OwnClickHouseFixture.start(
            dataDir,
            TenantQuotas.fromEnv(
                Map.of("OBSERA_QUOTA_CONCURRENT_QUERIES", Integer.toString(LIMIT))));
  }

  @AfterAll
  static void stop() {
    if (f != null) {
      f.close();
    }
  }

  @Test
  void should_answer429WithRetryAfter_pastTheTenantsConcurrentQueries_withoutHoldingUpOthers()
      throws Exception {
    assertThat(
            f.call(
                    "POST",
                    "/api/v1/dashboards",
                    f.keyA(),
                    "{\"id\":\"busy\",\"title\":\"Busy\",\"panels\":[{\"id\":\"one\",\"sql\":\"SELECT"
                        + " 1 AS one\"}]}")
                .statusCode())
        .isEqualTo(201);
    HttpClient http = HttpClient.newHttpClient();
    List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      calls.add(http.sendAsync(sql(f.keyA(), SLOW), HttpResponse.BodyHandlers.ofString()));
    }
    // the refused ones answer at once, while the admitted ones still sleep
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> refused(calls).size() == 6 - LIMIT);
    List<HttpResponse<String>> refused = refused(calls);
    long t0 = System.nanoTime();
    HttpResponse<String> other = f.sqlText(f.keyB(), "SELECT count() AS n FROM otel_logs");
    long otherMillis = (System.nanoTime() - t0) / 1_000_000;
    HttpResponse<String> panel =
        f.call("POST", "/api/v1/dashboards/busy/panels/one/run", f.keyA(), "{}");
    String usage = f.call("GET", "/api/v1/quotas", f.keyA(), null).body();
    boolean slowStillRunning = calls.stream().anyMatch(c -> !c.isDone());

    assertThat(refused).hasSize(6 - LIMIT);
    for (HttpResponse<String> r : refused) {
      assertThat(r.headers().firstValue("Retry-After")).contains("1");
      assertThat(OwnClickHouseFixture.json(r).get("error").asText()).isEqualTo("quota_exceeded");
      assertThat(OwnClickHouseFixture.json(r).get("message").asText())
          .contains("already runs " + LIMIT + " queries", "quota 'concurrentQueries'");
    }
    assertThat(slowStillRunning).as("the admitted queries were still running").isTrue();
    assertThat(other.statusCode()).as(other.body()).isEqualTo(200);
    assertThat(OwnClickHouseFixture.json(other).at("/data/0/n").asText()).isEqualTo("2");
    assertThat(otherMillis).as("another tenant's query is not held up").isLessThan(2_000);
    assertThat(panel.statusCode()).as("a panel run counts too: " + panel.body()).isEqualTo(429);
    assertThat(panel.headers().firstValue("Retry-After")).contains("1");
    assertThat(Json.MAPPER.readTree(usage).at("/concurrentQueries/used").asInt()).isEqualTo(LIMIT);

    int ok = 0;
    for (CompletableFuture<HttpResponse<String>> c : calls) {
      ok += c.get().statusCode() == 200 ? 1 : 0;
    }
    assertThat(ok).as("the admitted queries finish").isEqualTo(LIMIT);
    assertThat(
            f.call("POST", "/api/v1/dashboards/busy/panels/one/run", f.keyA(), "{}").statusCode())
        .as("places are freed when queries end")
        .isEqualTo(200);
  }

  private static List<HttpResponse<String>> refused(
      List<CompletableFuture<HttpResponse<String>>> calls) {
    return calls.stream()
        .filter(c -> c.isDone() && c.join().statusCode() == 429)
        .map(CompletableFuture::join)
        .toList();
  }

  private static HttpRequest sql(String key, String body) {
    return HttpRequest.newBuilder(URI.create(f.base + "/api/v1/sql"))
        .header("Authorization", "Bearer " + key)
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }
}
