package io.obsera.query.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code POST /api/v1/alert-rules/preview} against a day of metric points, RED minutes and burn
 * rates stored in a real ClickHouse: the exact firing intervals of a 20-minute breach, a spike
 * shorter than forMs that does not fire, a NO_DATA rule over a gap, a burn-rate rule, tenant
 * isolation and 400s naming the field.
 */
@ExtendWith(ObseraServersExtension.class)
class RulePreviewIT {
  static final String PREVIEW = "/api/v1/alert-rules/preview";
  private static ProbeDataFixture fx;
  private static String tenant;
  private static String other;
  private static String key;
  private static String otherKey;
  private static Instant base;

  @BeforeAll
  static void setUp() throws Exception {
    fx = new ProbeDataFixture("preview");
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    tenant = "pre-a-" + suffix;
    other = "pre-b-" + suffix;
    key = fx.tenantWithKey(tenant);
    otherKey = fx.tenantWithKey(other);
    base = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(30));
    // host a: 500 for the 20 minutes 100..119, 10 otherwise; host b: one minute of 900 at 300
    gauge(tenant, "a", "if(number >= 100 AND number < 120, 500, 10)");
    gauge(tenant, "b", "if(number = 300, 900, 10)");
    // another tenant's points of the same metric and host never count
    gauge(other, "a", "1000");
    gauge(other, "c", "1000");
    // checkout: RED minutes from 10 minutes before the range, none in minutes 200..229
    fx.sql(
        "INSERT INTO "
            + fx.database
            + ".red_minute (TenantId, ServiceName, Operation, Region, Minute, Count, Errors,"
            + " DurationSumNanos, LatencyBuckets) SELECT '"
            + tenant
            + "', 'checkout', 'POST /pay', 'eu-west', toDateTime("
            + base.getEpochSecond()
            + " + (toInt64(number) - 10) * 60), 100, 1, 0, [] FROM numbers(1450)"
            + " WHERE NOT (number >= 210 AND number < 240)");
  }

  @AfterAll
  static void tearDown() {
    fx.close();
  }

  /** One point per minute (at second 30) of {@code queue.depth} for a day from {@code base}. */
  private static void gauge(String tenant, String host, String value) {
    fx.sql(
        "INSERT INTO "
            + fx.database
            + ".otel_metrics_gauge (TenantId, ResourceAttributes, ServiceName, MetricName,"
            + " Attributes, TimeUnix, Value) SELECT '"
            + tenant
            + "', map('service.name', 'queue'), 'queue', 'queue.depth', map('host.name', '"
            + host
            + "'), fromUnixTimestamp64Milli(toInt64("
            + base.toEpochMilli()
            + " + number * 60000 + 30000)), "
            + value
            + " FROM numbers(1440)");
  }

  private static String day() {
    return "?from=" + base + "&to=" + base.plus(Duration.ofDays(1));
  }

  private static Instant at(int minutes) {
    return base.plus(Duration.ofMinutes(minutes));
  }

  private static JsonNode preview(String token, String query, String rule) throws Exception {
    HttpResponse<String> r = fx.call("POST", PREVIEW + query, token, rule);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return TestApi.json(r);
  }

  private static String badRequest(String query, String rule) throws Exception {
    HttpResponse<String> r = fx.call("POST", PREVIEW + query, key, rule);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    return TestApi.json(r).get("message").asText();
  }

  private static final String QUEUE =
      "{\"name\":\"Queue depth\",\"kind\":\"THRESHOLD\",\"signal\":\"METRIC\","
          + "\"metric\":\"queue.depth\",\"service\":\"queue\",\"groupBy\":[\"host.name\"],"
          + "\"comparison\":\"ABOVE\",\"threshold\":100,\"windowMs\":60000,\"forMs\":300000}";

  private static JsonNode group(JsonNode answer, String host) {
    for (JsonNode g : answer.get("groups")) {
      if (host.equals(g.get("labels").path("host.name").asText())) {
        return g;
      }
    }
    throw new AssertionError("no group " + host + " in " + answer);
  }

  @Test
  void should_fireForTheBreachThatLastedLongerThanFor_andNotForTheShortSpike() throws Exception {
    JsonNode p = preview(key, day(), QUEUE);
    assertThat(p.get("evaluated").asBoolean()).isTrue();
    assertThat(p.get("stepMs").asLong()).isEqualTo(60_000);
    assertThat(p.get("threshold").asDouble()).isEqualTo(100);
    assertThat(p.get("times")).hasSize(1441);
    assertThat(p.get("times").get(0).asLong()).isEqualTo(base.toEpochMilli());

    // minute m's point is in the window of the evaluation at m + 1: breaching at 101..120
    JsonNode a = group(p, "a");
    assertThat(a.get("intervals")).hasSize(1);
    JsonNode i = a.get("intervals").get(0);
    assertThat(i.get("start").asText()).isEqualTo(at(101).toString());
    assertThat(i.get("firedAt").asText()).isEqualTo(at(106).toString());
    assertThat(i.get("end").asText()).isEqualTo(at(121).toString());
    assertThat(i.get("peak").asDouble()).isEqualTo(500);
    assertThat(a.get("values").get(50).asDouble()).as("own points only").isEqualTo(10);
    assertThat(a.get("values").get(110).asDouble()).isEqualTo(500);

    JsonNode b = group(p, "b");
    assertThat(b.get("values").get(301).asDouble()).as("the spike is in the series").isEqualTo(900);
    assertThat(b.get("intervals")).as("one minute is shorter than forMs").isEmpty();
    assertThat(p.get("groups")).hasSize(2);
    assertThat(p.get("groups").get(0).get("labels").get("host.name").asText())
        .as("groups that fired first")
        .isEqualTo("a");
  }

  @Test
  void should_showTheFiringInterval_stillOpenAtTo() throws Exception {
    JsonNode p = preview(key, "?from=" + at(60) + "&to=" + at(110), QUEUE);
    JsonNode i = group(p, "a").get("intervals").get(0);
    assertThat(i.get("start").asText()).isEqualTo(at(101).toString());
    assertThat(i.get("end").isNull()).isTrue();
  }

  @Test
  void should_giveABreachThatBeganBeforeFrom_theStartTheWorkerWouldGiveIt() throws Exception {
    // pending since 101, before the range: fires at 106 with start 101, as the worker would
    JsonNode p = preview(key, "?from=" + at(103) + "&to=" + at(130), QUEUE);
    JsonNode i = group(p, "a").get("intervals").get(0);
    assertThat(i.get("start").asText()).isEqualTo(at(101).toString());
    assertThat(i.get("firedAt").asText()).isEqualTo(at(106).toString());
    assertThat(i.get("end").asText()).isEqualTo(at(121).toString());
    assertThat(p.get("times").get(0).asLong()).isEqualTo(at(103).toEpochMilli());
    assertThat(group(p, "a").get("values")).hasSize(28);

    // an interval over before the range is not answered
    assertThat(
            group(preview(key, "?from=" + at(125) + "&to=" + at(130), QUEUE), "a").get("intervals"))
        .isEmpty();
  }

  @Test
  void should_neverShowAnotherTenantsData() throws Exception {
    JsonNode mine = preview(key, day(), QUEUE);
    List<String> hosts = new ArrayList<>();
    mine.get("groups").forEach(g -> hosts.add(g.get("labels").get("host.name").asText()));
    assertThat(hosts).containsExactlyInAnyOrder("a", "b");

    JsonNode theirs = preview(otherKey, day(), QUEUE);
    List<String> theirHosts = new ArrayList<>();
    theirs.get("groups").forEach(g -> theirHosts.add(g.get("labels").get("host.name").asText()));
    assertThat(theirHosts).containsExactlyInAnyOrder("a", "c");
    JsonNode a = group(theirs, "a");
    assertThat(a.get("intervals").get(0).get("start").asText()).isEqualTo(at(1).toString());
    assertThat(a.get("intervals").get(0).get("end").isNull()).isTrue();
    assertThat(a.get("intervals").get(0).get("peak").asDouble()).isEqualTo(1000);
  }

  @Test
  void should_fireANoDataRule_overTheGap_andResolveWhenDataIsBack() throws Exception {
    String rule =
        "{\"name\":\"Checkout silent\",\"kind\":\"NO_DATA\",\"signal\":\"REQUEST_RATE\","
            + "\"service\":\"checkout\",\"forMs\":600000}";
    JsonNode p = preview(key, day(), rule);
    assertThat(p.get("evaluated").asBoolean()).isTrue();
    assertThat(p.get("groups")).hasSize(1);
    JsonNode g = p.get("groups").get(0);
    assertThat(g.get("labels").size()).isZero();
    // minute 199 is the last before the gap, seen when it closed (200); minute 230 closes at 231
    assertThat(g.get("intervals")).hasSize(1);
    JsonNode i = g.get("intervals").get(0);
    assertThat(i.get("start").asText()).isEqualTo(at(210).toString());
    assertThat(i.get("end").asText()).isEqualTo(at(231).toString());
    assertThat(i.get("peak").asDouble()).isEqualTo(30 * 60);

    JsonNode theirs = preview(otherKey, day(), rule);
    JsonNode whole = theirs.get("groups").get(0).get("intervals").get(0);
    assertThat(whole.get("start").asText()).as("no data at all").isEqualTo(at(0).toString());
    assertThat(whole.get("end").isNull()).isTrue();
  }

  @Test
  void should_previewABurnRateRule_fromTheStoredBurnRates() throws Exception {
    HttpResponse<String> slo =
        fx.call(
            "POST",
            "/api/v1/slos",
            key,
            "{\"id\":\"pay-avail\",\"name\":\"Pay\",\"kind\":\"AVAILABILITY\","
                + "\"service\":\"checkout\",\"objective\":0.999,\"period\":\"ROLLING_30D\"}");
    assertThat(slo.statusCode()).as(slo.body()).isEqualTo(201);
    // an emission every minute (second 10); 1h and 5m burn 20 in minutes 60..89, else 0.5
    fx.sql(
        "INSERT INTO "
            + fx.database
            + ".slo_burn_rates (TenantId, SloId, Time, Objective, Burn5m, Burn30m, Burn1h,"
            + " Burn2h, Burn6h, Burn1d, Burn3d, BudgetRemaining, PeriodGood, PeriodTotal)"
            + " SELECT '"
            + tenant
            + "', 'pay-avail', fromUnixTimestamp64Milli(toInt64("
            + base.toEpochMilli()
            + " + number * 60000 + 10000)), 0.999, if(number >= 60 AND number < 90, 20, 0.5),"
            + " 0.5, if(number >= 60 AND number < 90, 20, 0.5), 0.5, 0.5, 0.5, 0.5, 0.9, 0, 0"
            + " FROM numbers(1440)");
    JsonNode p =
        preview(
            key, day(), "{\"name\":\"Pay burn\",\"kind\":\"BURN_RATE\",\"sloId\":\"pay-avail\"}");
    assertThat(p.get("evaluated").asBoolean()).isTrue();
    JsonNode page = p.get("groups").get(0);
    assertThat(page.get("labels").get("severity").asText()).isEqualTo("PAGE");
    assertThat(page.get("intervals")).hasSize(1);
    JsonNode i = page.get("intervals").get(0);
    assertThat(i.get("start").asText()).isEqualTo(at(60).plusSeconds(10).toString());
    assertThat(i.get("end").asText()).isEqualTo(at(90).plusSeconds(10).toString());
    assertThat(p.get("groups").get(1).get("intervals")).isEmpty();
  }

  @Test
  void should_reject_anInvalidRuleOrRange_namingTheField() throws Exception {
    assertThat(
            badRequest(
                day(),
                "{\"name\":\"x\",\"kind\":\"THRESHOLD\",\"signal\":\"METRIC\","
                    + "\"metric\":\"queue.depth\",\"comparison\":\"ABOVE\",\"windowMs\":60000}"))
        .contains("field 'threshold'");
    assertThat(badRequest(day(), "{\"name\":\"x\",\"kind\":\"NO_DATA\",\"signal\":\"METRIC\"}"))
        .contains("field 'metric'", "field 'forMs'");
    assertThat(badRequest(day(), "{\"name\":\"x\",\"kind\":\"BURN_RATE\",\"sloId\":\"nope\"}"))
        .contains("field 'sloId'");
    assertThat(badRequest(day(), "{\"name\":\"x\",\"nonsense\":1}")).contains("nonsense");
    assertThat(badRequest("?from=" + base.minus(Duration.ofDays(8)) + "&to=" + base, QUEUE))
        .contains("parameter 'from'", "7 days");
    assertThat(badRequest("?from=yesterday", QUEUE)).contains("parameter 'from'");
  }
}
