package io.obsera.query.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.obsera.model.Json;
import io.obsera.model.Topics;
import io.obsera.model.control.AlertRule;
import io.obsera.platform.net.TargetGuard;
import io.obsera.query.alerts.AlertItServer.Tenant;
import io.obsera.testing.ObseraServersExtension;
import io.obsera.testing.TestControlKeys;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The alert-rule CRUD API against the real query service and Kafka control plane: every kind,
 * effective burn conditions per SLO period, 400s naming fields (an SLO of another tenant is
 * unknown), and tenant isolation.
 */
@ExtendWith(ObseraServersExtension.class)
class AlertRuleRoutesIT {
  static final String RULES = "/api/v1/alert-rules";
  static final String THRESHOLD =
      "{\"id\":\"checkout-errors\",\"name\":\"Checkout errors\",\"kind\":\"threshold\","
          + "\"signal\":\"ERROR_RATE\",\"service\":\"checkout\",\"region\":\"eu-west\","
          + "\"groupBy\":[\"region\",\"http.route\"],\"comparison\":\"above\",\"threshold\":0.05,"
          + "\"windowMs\":300000,\"forMs\":120000,\"severity\":\"page\","
          + "\"labels\":{\"team\":\"payments\"}}";
  static AlertItServer server;
  static Tenant a;
  static Tenant b;

  @BeforeAll
  static void start() throws Exception {
    server = new AlertItServer(TargetGuard.strict());
    a = AlertItServer.tenant("rules-a", server);
    b = AlertItServer.tenant("rules-b", server);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static String slo(String id, String period) {
    return "{\"id\":\""
        + id
        + "\",\"name\":\"Checkout\",\"kind\":\"AVAILABILITY\",\"service\":\"checkout\","
        + "\"objective\":0.999,\"period\":\""
        + period
        + "\"}";
  }

  @Test
  void should_createReadReplaceAndDelete_aThresholdRule() throws Exception {
    Tenant a = AlertItServer.tenant("rules-crud", server);
    JsonNode c = server.expect(201, "POST", RULES, a, THRESHOLD);
    assertThat(c.get("tenantId").asText()).isEqualTo(a.id());
    assertThat(c.get("kind").asText()).isEqualTo("THRESHOLD");
    assertThat(c.get("severity").asText()).isEqualTo("PAGE");
    assertThat(c.get("enabled").asBoolean()).isTrue();
    assertThat(c.get("createdAt").asText()).isEqualTo(AlertItServer.START.toString());
    assertThat(c.get("actor").asText()).startsWith("key:");
    assertThat(c.has("effectiveBurnConditions")).isFalse();
    server.expect(409, "POST", RULES, a, THRESHOLD);
    assertThat(server.expect(200, "GET", RULES + "/checkout-errors", a, null)).isEqualTo(c);
    assertThat(server.expect(200, "GET", RULES, a, null)).containsExactly(c);

    server.clock.advance(java.time.Duration.ofMinutes(5));
    String metric =
        "{\"name\":\"CPU\",\"kind\":\"THRESHOLD\",\"signal\":\"METRIC\","
            + "\"metric\":\"system.cpu.utilization\",\"attributes\":{\"host.name\":\"db-1\"},"
            + "\"comparison\":\"ABOVE\",\"threshold\":0.9,\"windowMs\":600000}";
    JsonNode r = server.expect(200, "PUT", RULES + "/checkout-errors", a, metric);
    assertThat(r.get("aggregation").asText()).isEqualTo("AVG");
    assertThat(r.get("severity").asText()).isEqualTo("TICKET");
    assertThat(r.get("forMs").asLong()).isZero();
    assertThat(r.get("createdAt")).isEqualTo(c.get("createdAt"));
    assertThat(r.get("updatedAt").asText())
        .isEqualTo(AlertItServer.START.plusSeconds(300).toString());

    server.expect(204, "DELETE", RULES + "/checkout-errors", a, null);
    server.expect(404, "GET", RULES + "/checkout-errors", a, null);
    server.expect(404, "DELETE", RULES + "/checkout-errors", a, null);
    List<ConsumerRecord<String, byte[]>> records =
        AlertItServer.records(Topics.CONTROL_ALERT_RULES, a.id() + "|checkout-errors");
    for (ConsumerRecord<String, byte[]> rec : records.subList(0, records.size() - 1)) {
      assertThat(Json.MAPPER.readValue(rec.value(), AlertRule.class).validate()).isEmpty();
    }
    assertThat(
            TestControlKeys.isSignedDeletion(
                Topics.CONTROL_ALERT_RULES, records.get(records.size() - 1)))
        .isTrue();
  }

  @Test
  void should_answerABurnRateRule_withTheConditionsInForce_forItsSlosPeriod() throws Exception {
    server.expect(201, "POST", "/api/v1/slos", a, slo("avail-28", "ROLLING_28D"));
    server.expect(201, "POST", "/api/v1/slos", a, slo("avail-month", "CALENDAR_MONTH"));
    JsonNode d =
        server.expect(
            201,
            "POST",
            RULES,
            a,
            "{\"id\":\"burn-28\",\"name\":\"Burn\",\"kind\":\"BURN_RATE\",\"sloId\":\"avail-28\"}");
    assertThat(d.get("burnConditions").isNull()).isTrue();
    assertThat(d.get("periodDays").asInt()).isEqualTo(28);
    JsonNode eff = d.get("effectiveBurnConditions");
    assertThat(eff).hasSize(4);
    assertThat(eff.get(0).get("severity").asText()).isEqualTo("PAGE");
    assertThat(eff.get(0).get("longWindow").asText()).isEqualTo("1h");
    assertThat(eff.get(0).get("shortWindow").asText()).isEqualTo("5m");
    assertThat(eff.get(0).get("factor").asDouble()).isCloseTo(13.44, within(1e-9));
    assertThat(eff.get(3).get("factor").asDouble()).isCloseTo(0.9333333333, within(1e-9));

    JsonNode own =
        server.expect(
            201,
            "POST",
            RULES,
            a,
            "{\"id\":\"burn-month\",\"name\":\"Burn\",\"kind\":\"BURN_RATE\","
                + "\"sloId\":\"avail-month\",\"burnConditions\":[{\"severity\":\"page\","
                + "\"longWindow\":\"1h\",\"shortWindow\":\"5m\",\"factor\":10}]}");
    assertThat(own.get("effectiveBurnConditions")).isEqualTo(own.get("burnConditions"));
    assertThat(own.get("periodDays").asInt()).isEqualTo(30);
    assertThat(own.get("periodNote").asText()).contains("calendar month counted as 30 days");
    JsonNode month =
        server.expect(
            200,
            "PUT",
            RULES + "/burn-month",
            a,
            "{\"name\":\"Burn\",\"kind\":\"BURN_RATE\",\"sloId\":\"avail-month\"}");
    assertThat(month.get("effectiveBurnConditions").get(0).get("factor").asDouble())
        .isCloseTo(14.4, within(1e-9));
    // Tenant B names A's SLO: unknown to B.
    String msg =
        server.badRequest(
            "POST", RULES, b, "{\"name\":\"Burn\",\"kind\":\"BURN_RATE\",\"sloId\":\"avail-28\"}");
    assertThat(msg).isEqualTo("field 'sloId': this tenant has no SLO avail-28");
    // The SLO goes away: the rule says it cannot fire.
    server.expect(204, "DELETE", "/api/v1/slos/avail-28", a, null);
    JsonNode orphan = server.expect(200, "GET", RULES + "/burn-28", a, null);
    assertThat(orphan.get("effectiveBurnConditions").isNull()).isTrue();
    assertThat(orphan.get("periodNote").asText()).contains("avail-28 no longer exists");
  }

  @Test
  void should_answer400_namingEveryBadField() throws Exception {
    assertBad(THRESHOLD.replace("\"threshold\":0.05", "\"threshold\":5"), "field 'threshold'");
    assertBad(THRESHOLD.replace("\"windowMs\":300000", "\"windowMs\":1000"), "field 'windowMs'");
    assertBad(THRESHOLD.replace("120000", "-1"), "field 'forMs'");
    assertBad(THRESHOLD.replace("ERROR_RATE", "LATENCY"), "field 'percentile'");
    assertBad(THRESHOLD.replace("\"service\":\"checkout\",", ""), "field 'service' is required");
    assertBad(THRESHOLD.replace("ERROR_RATE", "METRIC"), "field 'metric' is required");
    assertBad(THRESHOLD.replace("\"above\"", "\"sideways\""), "field 'comparison'");
    assertBad(THRESHOLD.replace("\"threshold\"", "\"x\""), "unknown field 'x'");
    assertBad(THRESHOLD.replace("\"team\"", "\"severity\""), "field 'labels' may not set");
    assertBad(THRESHOLD.replace("\"http.route\"", "\"region\""), "field 'groupBy' repeats");
    assertBad(THRESHOLD.replace("checkout-errors", "Bad Id"), "field 'id'");
    assertBad(THRESHOLD.replace("\"windowMs\":300000", "\"windowMs\":\"5m\""), "field 'windowMs'");
    assertBad(
        "{\"name\":\"x\",\"kind\":\"NO_DATA\",\"signal\":\"REQUEST_RATE\","
            + "\"service\":\"a\",\"forMs\":1000}",
        "field 'forMs'");
    assertBad("{\"name\":\"x\",\"kind\":\"BURN_RATE\"}", "field 'sloId' is required");
    assertBad(
        "{\"name\":\"x\",\"kind\":\"BURN_RATE\",\"sloId\":\"s\",\"burnConditions\":"
            + "[{\"severity\":\"PAGE\",\"longWindow\":\"7m\",\"shortWindow\":\"5m\","
            + "\"factor\":1}]}",
        "field 'burnConditions[0].longWindow'");
    assertBad(
        "{\"name\":\"x\",\"kind\":\"BURN_RATE\",\"sloId\":\"s\",\"burnConditions\":"
            + "[{\"severity\":\"PAGE\",\"longWindow\":\"5m\",\"shortWindow\":\"1h\","
            + "\"factor\":1}]}",
        "field 'burnConditions[0].longWindow' (5m) must be longer than 'shortWindow' (1h)");
    assertBad("{nope", "not valid JSON");
    String many =
        server.badRequest(
            "POST",
            RULES,
            a,
            "{\"kind\":\"THRESHOLD\",\"signal\":\"LATENCY\",\"windowMs\":10,\"percentile\":100}");
    for (String f :
        List.of("name", "service", "comparison", "threshold", "windowMs", "percentile")) {
      assertThat(many).contains("field '" + f + "'");
    }
    assertThat(server.badRequest("PUT", RULES + "/one", a, THRESHOLD)).contains("field 'id'");
    assertThat(server.expect(200, "GET", RULES, a, null).toString())
        .doesNotContain("checkout-errors\"");
  }

  private static void assertBad(String body, String expected) throws Exception {
    assertThat(server.badRequest("POST", RULES, a, body)).as(body).contains(expected);
  }

  @Test
  void should_keepTenantsApart_andRequireAQueryKey() throws Exception {
    String body = THRESHOLD.replace("checkout-errors", "isolated");
    server.expect(201, "POST", RULES, a, body);
    server.expect(404, "GET", RULES + "/isolated", b, null);
    server.expect(404, "PUT", RULES + "/isolated", b, body);
    server.expect(404, "DELETE", RULES + "/isolated", b, null);
    assertThat(server.expect(200, "GET", RULES, b, null).toString()).doesNotContain("isolated");
    server.expect(201, "POST", RULES, b, body.replace("Checkout errors", "B's"));
    assertThat(server.expect(200, "GET", RULES + "/isolated", a, null).get("name").asText())
        .isEqualTo("Checkout errors");
    server.expect(401, "GET", RULES, null, null);
    server.expect(401, "POST", RULES, null, body);
    server.expect(204, "DELETE", RULES + "/isolated", a, null);
    server.expect(200, "GET", RULES + "/isolated", b, null);
  }
}
