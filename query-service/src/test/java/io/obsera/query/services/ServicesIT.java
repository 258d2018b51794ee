package io.obsera.query.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.obsera.model.facts.LatencyBuckets;
import io.obsera.query.ProbeDataFixture;
import io.obsera.testing.ObseraServersExtension;
import io.obsera.testing.TestApi;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code GET /api/v1/services} and {@code /api/v1/services/{name}} against RED rollup rows, an
 * alert and an endpoint stored in a real ClickHouse and Kafka: figures by region, by operation and
 * per step, tenant isolation, 404 and 400.
 */
@ExtendWith(ObseraServersExtension.class)
class ServicesIT {
  private static ProbeDataFixture fx;
  private static String tenant;
  private static String key;
  private static String otherKey;
  private static Instant base;

  @BeforeAll
  static void setUp() throws Exception {
    fx = new ProbeDataFixture("services");
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    tenant = "svc-a-" + suffix;
    String other = "svc-b-" + suffix;
    key = fx.tenantWithKey(tenant);
    otherKey = fx.tenantWithKey(other);
    base = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(2));
    red(tenant, "checkout", "POST /checkout", "eu-west", 0, 100, 5, 100);
    red(tenant, "checkout", "POST /checkout", "us-east", 1, 50, 0, 300);
    red(tenant, "checkout", "GET /cart", "eu-west", 2, 10, 10, 1000);
    red(tenant, "cart", "GET /items", "eu-west", 0, 20, 0, 10);
    red(other, "checkout", "POST /checkout", "eu-west", 0, 1000, 0, 5);
    red(other, "billing", "POST /pay", "eu-west", 0, 10, 0, 5);
    fx.endpoint(tenant, "checkout-health", "Checkout health", "checkout", List.of());
    fx.endpoint(tenant, "cart-health", "Cart health", "cart", List.of());
    fx.sql(
        "INSERT INTO "
            + fx.database
            + ".alerts (TenantId, Fingerprint, RuleId, Name, Source, Severity, State, Sequence,"
            + " Labels, Service, Summary, Value, Threshold, StartsAt, EndsAt, EventTime) VALUES ('"
            + tenant
            + "', 'fp1', 'r1', 'Checkout errors', 'THRESHOLD', 'PAGE', 'FIRING', 1, map(),"
            + " 'checkout', 'error rate 9%', 0.09, 0.05, fromUnixTimestamp64Milli("
            + base.plus(Duration.ofMinutes(5)).toEpochMilli()
            + "), NULL, fromUnixTimestamp64Milli("
            + base.plus(Duration.ofMinutes(5)).toEpochMilli()
            + "))");
  }

  @AfterAll
  static void tearDown() {
    fx.close();
  }

  /** One red_minute row whose requests all took {@code millis}. */
  private static void red(
      String tenant,
      String service,
      String op,
      String region,
      int minute,
      long n,
      long e,
      long millis) {
    List<String> buckets = new ArrayList<>();
    int at = LatencyBuckets.index(millis * 1_000_000L);
    for (int i = 0; i < LatencyBuckets.COUNT; i++) {
      buckets.add(i == at ? Long.toString(n) : "0");
    }
    fx.sql(
        "INSERT INTO "
            + fx.database
            + ".red_minute (TenantId, ServiceName, Operation, Region, Minute, Count, Errors,"
            + " DurationSumNanos, LatencyBuckets) VALUES ('"
            + tenant
            + "', '"
            + service
            + "', '"
            + op
            + "', '"
            + region
            + "', toDateTime("
            + base.plus(Duration.ofMinutes(minute)).getEpochSecond()
            + "), "
            + n
            + ", "
            + e
            + ", "
            + n * millis * 1_000_000L
            + ", ["
            + String.join(",", buckets)
            + "])");
  }

  private static String range() {
    return "from=" + base + "&to=" + base.plus(Duration.ofHours(1));
  }

  private static JsonNode get(String path, String token) throws Exception {
    HttpResponse<String> r = fx.call("GET", path, token, null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return TestApi.json(r);
  }

  @Test
  void should_listServicesWithRedFiguresByRegion_fromTheRollups() throws Exception {
    JsonNode body = get("/api/v1/services?" + range(), key);
    JsonNode services = body.get("services");
    assertThat(services).hasSize(2);
    JsonNode checkout = services.get(1);
    assertThat(services.get(0).get("name").asText()).isEqualTo("cart");
    assertThat(checkout.get("name").asText()).isEqualTo("checkout");
    assertThat(checkout.get("count").asLong()).isEqualTo(160);
    assertThat(checkout.get("requestRate").asDouble()).isCloseTo(160 / 3600.0, within(1e-9));
    assertThat(checkout.get("errorRate").asDouble()).isCloseTo(15 / 160.0, within(1e-9));
    // most requests took 100 ms: the median is within the buckets' 19 %
    assertThat(checkout.get("p50Ms").asDouble()).isBetween(100 / 1.19, 100 * 1.19);
    assertThat(checkout.get("p99Ms").asDouble()).isBetween(1000 / 1.19, 1000 * 1.19);
    JsonNode regions = checkout.get("regions");
    assertThat(regions).hasSize(2);
    assertThat(regions.get(0).get("name").asText()).isEqualTo("eu-west");
    assertThat(regions.get(0).get("count").asLong()).isEqualTo(110);
    assertThat(regions.get(1).get("name").asText()).isEqualTo("us-east");
    assertThat(regions.get(1).get("p50Ms").asDouble()).isBetween(300 / 1.19, 300 * 1.19);
    // default step: whole minutes giving about 30 points over an hour = 2 minutes
    assertThat(body.get("stepNanos").asText()).isEqualTo(Long.toString(120_000_000_000L));
    JsonNode series = checkout.get("series");
    assertThat(series).hasSize(2);
    assertThat(series.get(0).get("timeUnixNano").asText())
        .isEqualTo(Long.toString(base.getEpochSecond() * 1_000_000_000L));
    assertThat(series.get(0).get("count").asLong()).isEqualTo(150);
    assertThat(series.get(0).get("requestRate").asDouble()).isCloseTo(150 / 120.0, within(1e-9));
    assertThat(series.get(1).get("errorRate").asDouble()).isEqualTo(1.0);
    assertThat(checkout.get("links").get("traces").asText())
        .startsWith("/api/v1/traces?service=checkout&from=");
  }

  @Test
  void should_showOnlyTheKeysTenant() throws Exception {
    JsonNode services = get("/api/v1/services?" + range(), otherKey).get("services");
    assertThat(services)
        .extracting(s -> s.get("name").asText())
        .containsExactly("billing", "checkout");
    assertThat(services.get(1).get("count").asLong()).isEqualTo(1000);
  }

  @Test
  void should_detailOperationsRegionsEndpointsAndAlerts_ofOneService() throws Exception {
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(get("/api/v1/services/checkout?" + range(), key).get("endpoints"))
                    .hasSize(1));
    JsonNode s = get("/api/v1/services/checkout?step=1m&" + range(), key);
    assertThat(s.get("name").asText()).isEqualTo("checkout");
    assertThat(s.get("count").asLong()).isEqualTo(160);
    assertThat(s.get("stepNanos").asText()).isEqualTo(Long.toString(60_000_000_000L));
    assertThat(s.get("series")).hasSize(3);
    JsonNode ops = s.get("operations");
    assertThat(ops)
        .extracting(o -> o.get("name").asText())
        .containsExactly("GET /cart", "POST /checkout");
    assertThat(ops.get(0).get("errorRate").asDouble()).isEqualTo(1.0);
    assertThat(ops.get(1).get("count").asLong()).isEqualTo(150);
    JsonNode regions = s.get("regions");
    assertThat(regions)
        .extracting(r -> r.get("name").asText())
        .containsExactly("eu-west", "us-east");
    assertThat(regions.get(0).get("series")).hasSize(2);
    assertThat(regions.get(1).get("series").get(0).get("timeUnixNano").asText())
        .isEqualTo(
            Long.toString(base.plus(Duration.ofMinutes(1)).getEpochSecond() * 1_000_000_000L));
    JsonNode endpoint = s.get("endpoints").get(0);
    assertThat(endpoint.get("id").asText()).isEqualTo("checkout-health");
    assertThat(endpoint.get("regions")).hasSize(2);
    JsonNode alerts = s.get("alerts");
    assertThat(alerts).hasSize(1);
    assertThat(alerts.get(0).get("name").asText()).isEqualTo("Checkout errors");
    assertThat(alerts.get(0).get("state").asText()).isEqualTo("FIRING");
    assertThat(s.get("links").get("timeline").asText())
        .startsWith("/api/v1/timeline?service=checkout");
  }

  @Test
  void should_answer404_forAServiceThatNeverSentSpans() throws Exception {
    HttpResponse<String> r = fx.call("GET", "/api/v1/services/billing?" + range(), key, null);
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(TestApi.json(r).get("message").asText())
        .isEqualTo("no service named 'billing' has sent spans");
    // known but quiet in the range: 200 with zero figures
    JsonNode quiet =
        get(
            "/api/v1/services/cart?from="
                + base.minus(Duration.ofDays(1))
                + "&to="
                + base.minus(Duration.ofHours(20)),
            key);
    assertThat(quiet.get("count").asLong()).isZero();
    assertThat(quiet.get("operations")).isEmpty();
  }

  @Test
  void should_nameTheBadParameter_andRequireAKey() throws Exception {
    HttpResponse<String> step = fx.call("GET", "/api/v1/services?step=30s&" + range(), key, null);
    assertThat(step.statusCode()).isEqualTo(400);
    assertThat(TestApi.json(step).get("message").asText()).contains("step");
    HttpResponse<String> noKey = fx.call("GET", "/api/v1/services", null, null);
    assertThat(noKey.statusCode()).isEqualTo(401);
  }
}
