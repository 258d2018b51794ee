package io.obsera.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.clickhouse.client.api.Client;
import com.fasterxml.jackson.databind.JsonNode;
import io.obsera.schema.ClickHouseClients;
import io.obsera.testing.ObseraServersExtension;
import io.obsera.testing.TestApi;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An UPTIME SLO end to end: an endpoint and its SLO through the API, the standalone runtime's three
 * probe agents checking a local service that fails for one region, the checks counted by the
 * topology, burn rates written by the writer, and the error budget API agreeing with the checks in
 * {@code health_checks} (every check counts: the endpoint is enabled only once the topology knows
 * the SLO, and disabled before the comparison).
 */
@ExtendWith(ObseraServersExtension.class)
class UptimeBudgetEndToEndIT {

  @Test
  void should_spendTheBudget_ofAnUptimeSlo_onTheFailedChecks() throws Exception {
    Map<String, String> env = StandaloneTestEnv.of("uptime-budget");
    env.put("OBSERA_TARGET_ALLOWLIST", "127.0.0.0/8");
    env.put("OBSERA_PROBE_REFRESH_MS", "1000");
    env.put("OBSERA_SLO_FLUSH_MS", "300");
    env.put("OBSERA_SLO_BURN_INTERVAL_MS", "1000");
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String id = "budget-" + suffix;
    String slo = "uptime-" + suffix;
    try (ProbeOutagesEndToEndIT.RegionalService service =
            new ProbeOutagesEndToEndIT.RegionalService();
        Standalone obsera = Standalone.start(StandaloneConfig.fromEnv(env), System.out);
        Client ch = ClickHouseClients.create(obsera.clickHouse())) {
      String api = "http://127.0.0.1:" + obsera.apiPort();
      String key = obsera.apiKey();
      Instant start = Instant.now();
      service.failing.add("eu-west");
      String endpoint =
          "{\"name\":\"Budget\",\"service\":\"shop-"
              + suffix
              + "\",\"url\":\""
              + service.url()
              + "\",\"intervalMs\":1000,\"timeoutMs\":1000,"
              + "\"regions\":[\"eu-west\",\"us-east\",\"ap-south\"],\"enabled\":%s}";
      assertThat(put(api + "/api/v1/endpoints/" + id, key, String.format(endpoint, false)))
          .isEqualTo(201);
      HttpResponse<String> created =
          TestApi.call(
              "POST",
              api + "/api/v1/slos",
              key,
              "{\"id\":\""
                  + slo
                  + "\",\"name\":\"Budget uptime\",\"kind\":\"UPTIME\",\"endpointId\":\""
                  + id
                  + "\",\"objective\":0.5,\"period\":\"ROLLING_30D\"}");
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      assertThat(TestApi.json(created).get("service").asText()).isEqualTo("shop-" + suffix);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> obsera.streams().slo("default", slo).isPresent());
      JsonNode before = budget(api, key, slo);
      assertThat(before.get("budget").get("remainingShare").asDouble()).isEqualTo(1.0);
      assertThat(before.get("timeToExhaustion").get("1h").isNull()).isTrue();

      assertThat(put(api + "/api/v1/endpoints/" + id, key, String.format(endpoint, true)))
          .isEqualTo(200);
      await().atMost(Duration.ofSeconds(90)).until(() -> checks(ch, id, "DOWN") >= 6);
      assertThat(put(api + "/api/v1/endpoints/" + id, key, String.format(endpoint, false)))
          .isEqualTo(200);
      // The agents stop after their next assignment poll; wait for the last checks to land.
      long[] seen = {-1};
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofSeconds(4))
          .until(
              () -> {
                long n = checks(ch, id, null);
                boolean still = n == seen[0];
                seen[0] = n;
                return still;
              });
      long total = checks(ch, id, null);
      long bad = checks(ch, id, "DOWN");
      assertThat(bad).isGreaterThanOrEqualTo(6).isLessThan(total);

      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> {
                JsonNode b = budget(api, key, slo);
                assertThat(b.get("events").get("total").asLong()).as(b.toString()).isEqualTo(total);
                assertThat(b.get("events").get("bad").asLong()).isEqualTo(bad);
              });
      JsonNode b = budget(api, key, slo);
      double allowed = 0.5 * total;
      double share = 1 - bad / allowed;
      double burn1h = (double) bad / total / 0.5;
      assertThat(b.get("kind").asText()).isEqualTo("UPTIME");
      assertThat(b.get("budget").get("total").asDouble()).isCloseTo(allowed, within(1e-9));
      assertThat(b.get("budget").get("consumed").asDouble()).isEqualTo((double) bad);
      assertThat(b.get("budget").get("remaining").asDouble())
          .isCloseTo(allowed - bad, within(1e-9));
      assertThat(b.get("budget").get("remainingShare").asDouble()).isCloseTo(share, within(1e-9));
      assertThat(b.get("burnRates").get("1h").asDouble()).isCloseTo(burn1h, within(1e-9));
      assertThat(b.get("burnRates").get("1d").asDouble()).isCloseTo(burn1h, within(1e-9));
      assertThat(b.get("budgetMinutes").get("total").asDouble())
          .isCloseTo(0.5 * 30 * 1440, within(1e-9));
      JsonNode hour = b.get("timeToExhaustion").get("1h");
      if (share <= 0) {
        assertThat(hour.asText()).isEqualTo("exhausted");
      } else {
        assertThat(hour.get("seconds").asDouble())
            .isCloseTo(share * Duration.ofDays(30).toSeconds() / burn1h, within(1.0));
      }
      assertThat(b.get("links").get("endpoint").asText()).isEqualTo("/api/v1/endpoints/" + id);

      // The series: the last step holds the same emission figures.
      JsonNode series =
          get(
              api,
              key,
              "/api/v1/slos/"
                  + slo
                  + "/budget/series?step=1m&from="
                  + start.minusSeconds(120).toEpochMilli() * 1_000_000L);
      JsonNode steps = series.get("steps");
      assertThat(steps.size()).as(series.toString()).isPositive();
      JsonNode last = steps.get(steps.size() - 1);
      assertThat(last.get("total").asLong()).isEqualTo(total);
      assertThat(last.get("bad").asLong()).isEqualTo(bad);
      assertThat(last.get("remainingShare").asDouble()).isCloseTo(share, within(1e-9));
      assertThat(last.get("burnRates").get("1h").asDouble()).isCloseTo(burn1h, within(1e-9));
      for (String badStep : new String[] {"0s", "500ms", "soon"}) {
        HttpResponse<String> r =
            TestApi.call(
                "GET", api + "/api/v1/slos/" + slo + "/budget/series?step=" + badStep, key, null);
        assertThat(r.statusCode()).as(badStep).isEqualTo(400);
        assertThat(r.body()).contains("parameter 'step'");
      }
      assertThat(
              TestApi.call("GET", api + "/api/v1/slos/nope-" + suffix + "/budget", key, null)
                  .statusCode())
          .isEqualTo(404);
    }
  }

  static int put(String url, String key, String body) throws Exception {
    HttpResponse<String> r = TestApi.call("PUT", url, key, body);
    assertThat(r.statusCode()).as(r.body()).isIn(200, 201);
    return r.statusCode();
  }

  static JsonNode budget(String api, String key, String slo) throws Exception {
    return get(api, key, "/api/v1/slos/" + slo + "/budget");
  }

  static JsonNode get(String api, String key, String path) throws Exception {
    HttpResponse<String> r = TestApi.call("GET", api + path, key, null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return TestApi.json(r);
  }

  /** Checks of the endpoint in {@code health_checks}, of one outcome or (null) all. */
  static long checks(Client ch, String endpoint, String outcome) {
    return ch.queryAll(
            "SELECT count() AS n FROM health_checks WHERE TenantId = 'default'"
                + " AND EndpointId = {e:String}"
                + (outcome == null ? "" : " AND Outcome = {o:String}"),
            outcome == null ? Map.of("e", endpoint) : Map.of("e", endpoint, "o", outcome))
        .get(0)
        .getLong("n");
  }
}
