package io.obsera.standalone;

import static io.obsera.standalone.ReadFixture.call;
import static io.obsera.standalone.ReadFixture.enc;
import static io.obsera.standalone.ReadFixture.get;
import static io.obsera.standalone.ReadFixture.keyA;
import static io.obsera.standalone.ReadFixture.keyB;
import static io.obsera.standalone.ReadFixture.range;
import static io.obsera.standalone.ReadFixture.scenario;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.obsera.testing.ObseraServersExtension;
import io.obsera.testing.TestApi;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Parameter validation (400 naming the parameter), tenant isolation and SQL injection through every
 * parameter of every read route.
 */
@ExtendWith({ObseraServersExtension.class, ReadFixture.Lifecycle.class})
class ReadApiGuardIT {
  static final List<String> ROUTES =
      List.of(
          "/api/v1/traces?service=checkout",
          "/api/v1/logs?service=checkout",
          "/api/v1/metrics/names?x=1",
          "/api/v1/metrics/query?name=" + ReadScenario.METRIC,
          "/api/v1/correlate?metric=" + ReadScenario.METRIC + "&service=checkout",
          "/api/v1/timeline?service=checkout",
          "/api/v1/latency/regions?service=checkout");
  static final List<String> INJECTIONS =
      List.of(
          "' OR 1=1 --",
          "checkout' OR TenantId != '",
          "x') UNION ALL SELECT * FROM system.tables --",
          "{tenant:String}",
          "1; DROP TABLE otel_traces");

  @Test
  void should_answer400NamingTheParameter_forEveryMalformedOne() throws Exception {
    Map<String, String> bad =
        Map.ofEntries(
            Map.entry("/api/v1/traces?from=yesterday", "'from'"),
            Map.entry("/api/v1/traces?to=2026-13-01T00:00:00Z", "'to'"),
            Map.entry("/api/v1/traces?from=2000&to=1000", "'from'"),
            Map.entry("/api/v1/traces?minDuration=fast", "'minDuration'"),
            Map.entry("/api/v1/traces?maxDuration=-1s", "'maxDuration'"),
            Map.entry("/api/v1/traces?status=broken", "'status'"),
            Map.entry("/api/v1/traces?limit=0", "'limit'"),
            Map.entry("/api/v1/traces?limit=1001", "'limit'"),
            Map.entry("/api/v1/traces?cursor=abc", "'cursor'"),
            Map.entry("/api/v1/traces/xyz", "'traceId'"),
            Map.entry("/api/v1/logs?severity=loud", "'severity'"),
            Map.entry("/api/v1/logs?severityMatch=near&severity=warn", "'severityMatch'"),
            Map.entry("/api/v1/logs?traceId=123", "'traceId'"),
            Map.entry("/api/v1/logs?attr.=x", "'attr.'"),
            Map.entry("/api/v1/metrics/query", "'name'"),
            Map.entry("/api/v1/metrics/query?name=m&agg=median", "'agg'"),
            Map.entry("/api/v1/metrics/query?name=m&step=1ns&from=0", "'step'"),
            Map.entry("/api/v1/correlate", "'metric'"),
            Map.entry("/api/v1/timeline", "'traceId'"),
            Map.entry("/api/v1/timeline?service=a&cursor=%25%25", "'cursor'"),
            Map.entry("/api/v1/latency/regions", "'service'"),
            Map.entry("/api/v1/latency/regions?service=a&step=90s", "'step'"),
            Map.entry("/api/v1/latency/regions?service=a&step=1x", "'step'"));
    for (Map.Entry<String, String> e : bad.entrySet()) {
      HttpResponse<String> r = call(e.getKey(), keyA);
      assertThat(r.statusCode()).as("%s -> %s", e.getKey(), r.body()).isEqualTo(400);
      JsonNode body = TestApi.json(r);
      assertThat(body.get("error").asText()).isEqualTo("bad_request");
      assertThat(body.get("message").asText()).as(e.getKey()).contains(e.getValue());
    }
  }

  @Test
  void should_neverShowTenantAsRowsToTenantB() throws Exception {
    for (String route : ROUTES) {
      HttpResponse<String> r = call(route + range, keyB);
      if (route.startsWith("/api/v1/metrics/query")) {
        assertThat(r.statusCode()).as(route).isEqualTo(404);
        continue;
      }
      assertThat(r.statusCode()).as("%s -> %s", route, r.body()).isEqualTo(200);
      assertNoRowsOfA(r.body(), route);
    }
    String trace = scenario.spikeTraces.get(0);
    assertThat(call("/api/v1/traces/" + trace, keyB).statusCode()).isEqualTo(404);
    assertNoRowsOfA(call("/api/v1/timeline?traceId=" + trace, keyB).body(), "timeline");
    assertNoRowsOfA(call("/api/v1/logs?traceId=" + trace, keyB).body(), "logs by trace");
    assertThat(call("/api/v1/traces?service=checkout" + range, null).statusCode()).isEqualTo(401);
  }

  @Test
  void should_answer400OrNothingOfAnotherTenant_forInjectionThroughEveryParameter()
      throws Exception {
    List<String> params =
        List.of(
            "service",
            "operation",
            "region",
            "status",
            "q",
            "severity",
            "traceId",
            "name",
            "metric",
            "groupBy",
            "agg",
            "step",
            "from",
            "to",
            "limit",
            "cursor",
            "minDuration",
            "attr.k",
            "attr.x' OR '1'='1");
    for (String route : ROUTES) {
      for (String param : params) {
        for (String attack : INJECTIONS) {
          String path = route + range + "&" + enc(param) + "=" + enc(attack);
          HttpResponse<String> r = call(path, keyB);
          assertThat(r.statusCode()).as("%s -> %s", path, r.body()).isIn(200, 400, 404);
          if (r.statusCode() == 200) {
            assertNoRowsOfA(r.body(), path);
          }
        }
      }
    }
    // Tenant A's own data stays intact after all that.
    assertThat(get("/api/v1/traces?service=checkout&limit=1000" + range, keyA).get("traces"))
        .hasSize(ReadScenario.CALM_TRACES + ReadScenario.SPIKE_TRACES);
  }

  static void assertNoRowsOfA(String body, String what) {
    for (String id : ReadFixture.concat(scenario.calmTraces, scenario.spikeTraces)) {
      assertThat(body).as(what).doesNotContain(id);
    }
    assertThat(body).as(what).doesNotContain("checkout ok", "gateway timeout");
  }
}
