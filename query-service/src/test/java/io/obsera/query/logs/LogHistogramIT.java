package io.obsera.query.logs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.obsera.query.ProbeDataFixture;
import io.obsera.testing.ObseraServersExtension;
import io.obsera.testing.TestApi;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code GET /api/v1/logs/histogram} over log rows in a real ClickHouse: counts and errors per
 * step, the search's filters applied, other tenants' rows left out, a bad step named.
 */
@ExtendWith(ObseraServersExtension.class)
class LogHistogramIT {
  private static ProbeDataFixture fx;
  private static String key;
  private static Instant base;

  @BeforeAll
  static void setUp() throws Exception {
    fx = new ProbeDataFixture("loghist");
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String tenant = "logs-a-" + suffix;
    String other = "logs-b-" + suffix;
    key = fx.tenantWithKey(tenant);
    fx.tenantWithKey(other);
    base = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(2));
    // minute 0: 3 info + 1 error of checkout; minute 1: 2 fatal of checkout; minute 3: 1 info of
    // cart
    log(tenant, "checkout", 0, 9, "INFO", "order placed");
    log(tenant, "checkout", 10, 9, "INFO", "order placed");
    log(tenant, "checkout", 20, 9, "INFO", "payment timeout retried");
    log(tenant, "checkout", 30, 17, "ERROR", "payment timeout");
    log(tenant, "checkout", 65, 21, "FATAL", "crash");
    log(tenant, "checkout", 70, 21, "FATAL", "crash");
    log(tenant, "cart", 185, 9, "INFO", "cart read");
    log(other, "checkout", 5, 17, "ERROR", "other tenant");
  }

  @AfterAll
  static void tearDown() {
    fx.close();
  }

  private static void log(
      String tenant, String service, int second, int severity, String text, String body) {
    fx.sql(
        "INSERT INTO "
            + fx.database
            + ".otel_logs (TenantId, Timestamp, ServiceName, SeverityText, SeverityNumber, Body)"
            + " VALUES ('"
            + tenant
            + "', fromUnixTimestamp64Milli("
            + base.plusSeconds(second).toEpochMilli()
            + "), '"
            + service
            + "', '"
            + text
            + "', "
            + severity
            + ", '"
            + body
            + "')");
  }

  private static String range() {
    return "from=" + base + "&to=" + base.plus(Duration.ofMinutes(10));
  }

  private static JsonNode get(String query) throws Exception {
    HttpResponse<String> r = fx.call("GET", "/api/v1/logs/histogram?" + query, key, null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return TestApi.json(r);
  }

  private static long nanos(int second) {
    return base.plusSeconds(second).getEpochSecond() * 1_000_000_000L;
  }

  @Test
  void should_countLogsAndErrorsPerStep() throws Exception {
    JsonNode h = get("step=1m&" + range());
    assertThat(h.get("stepNanos").asText()).isEqualTo("60000000000");
    JsonNode b = h.get("buckets");
    assertThat(b).hasSize(3);
    assertThat(b.get(0).get("timeUnixNano").asText()).isEqualTo(Long.toString(nanos(0)));
    assertThat(b.get(0).get("count").asLong()).isEqualTo(4);
    assertThat(b.get(0).get("errors").asLong()).isEqualTo(1);
    assertThat(b.get(1).get("timeUnixNano").asText()).isEqualTo(Long.toString(nanos(60)));
    assertThat(b.get(1).get("errors").asLong()).isEqualTo(2);
    assertThat(b.get(2).get("timeUnixNano").asText()).isEqualTo(Long.toString(nanos(180)));
    assertThat(b.get(2).get("count").asLong()).isEqualTo(1);
  }

  @Test
  void should_applyTheSearchFilters_andAStepByDefault() throws Exception {
    JsonNode b = get("service=checkout&q=timeout&step=1m&" + range()).get("buckets");
    assertThat(b).hasSize(1);
    assertThat(b.get(0).get("count").asLong()).isEqualTo(2);
    JsonNode errors = get("severity=error&step=5m&" + range()).get("buckets");
    assertThat(errors).hasSize(1);
    assertThat(errors.get(0).get("count").asLong()).isEqualTo(3);
    // 10 minutes in about 60 buckets: 10 s each
    assertThat(get(range()).get("stepNanos").asText()).isEqualTo("10000000000");
  }

  @Test
  void should_nameABadStep() throws Exception {
    HttpResponse<String> r =
        fx.call("GET", "/api/v1/logs/histogram?step=500ms&" + range(), key, null);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(TestApi.json(r).get("message").asText()).contains("step");
  }
}
