package io.obsera.query.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.obsera.model.access.ReaderLimits;
import io.obsera.query.ResultCaps;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The part of the SQL attack suite that needs tight reader limits (its own ClickHouse): each reader
 * has a quota of queries per minute and of queries at once, enforced by ClickHouse per reader, and
 * answered 429 naming the limit.
 */
class SqlQuotaRestartIT {
  static final int QUERIES_PER_MINUTE = 30;
  @TempDir static Path dataDir;
  static OwnClickHouseFixture f;

  @BeforeAll
  static void start() throws Exception {
    ReaderLimits l = OwnClickHouseFixture.LIMITS;
    f =
        OwnClickHouseFixture.start(
            dataDir,
            new ReaderLimits(
                l.maxExecutionSeconds(),
                l.maxRowsToRead(),
                l.maxResultRows(),
                l.maxMemoryBytes(),
                l.maxResultBytes(),
                l.maxThreads(),
                1,
                QUERIES_PER_MINUTE),
            ResultCaps.defaults(),
            null);
  }

  @AfterAll
  static void stop() {
    if (f != null) {
      f.close();
    }
  }

  @Test
  void should_refuseQueriesOverTheReadersQuota_as429_withoutTouchingOtherTenants()
      throws Exception {
    List<Integer> statuses = new ArrayList<>();
    HttpResponse<String> last = null;
    // a minute boundary may reset the count once: at most two quotas' worth pass
    while (statuses.size() <= 2 * QUERIES_PER_MINUTE + 1
        && (last == null || last.statusCode() == 200)) {
      last = f.sqlText(f.keyA, "SELECT count() FROM otel_logs");
      statuses.add(last.statusCode());
    }

    assertThat(last.statusCode()).as(last.body()).isEqualTo(429);
    assertThat(OwnClickHouseFixture.json(last).get("error").asText())
        .isEqualTo("too_many_requests");
    assertThat(OwnClickHouseFixture.json(last).get("message").asText())
        .contains("quota of queries per minute", "QUOTA_EXCEEDED");
    assertThat(statuses.subList(0, statuses.size() - 1)).allMatch(s -> s == 200);
    assertThat(statuses.size()).isGreaterThan(1);
    assertThat(f.sqlText(f.keyB, "SELECT count() FROM otel_logs").statusCode()).isEqualTo(200);
  }

  @Test
  void should_refuseMoreQueriesAtOnceThanTheLimit_as429() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        calls.add(
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return f.sqlText(f.keyB, "SELECT sleep(2)");
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                },
                pool));
      }
      List<HttpResponse<String>> answers = calls.stream().map(CompletableFuture::join).toList();

      assertThat(answers).anyMatch(r -> r.statusCode() == 200);
      assertThat(answers)
          .filteredOn(r -> r.statusCode() != 200)
          .isNotEmpty()
          .allSatisfy(
              r -> {
                assertThat(r.statusCode()).as(r.body()).isEqualTo(429);
                assertThat(r.body()).contains("max_concurrent_queries_for_user");
              });
    } finally {
      pool.shutdownNow();
    }
  }
}
