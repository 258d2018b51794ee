package io.obsera.query.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.obsera.query.ResultCaps;
import io.obsera.query.sql.OwnClickHouseFixture;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dashboards over real sockets: CRUD in the control-plane topic, panel runs with typed parameters
 * bound by ClickHouse as the tenant's reader (own embedded ClickHouse, hence RestartIT), and the
 * validation errors that name the field or parameter.
 */
class DashboardsRestartIT {
  static final long PANEL_MAX_BYTES = 16_384;
  @TempDir static Path dataDir;
  static OwnClickHouseFixture f;

  static final String DASHBOARD =
      """
      {"id":"logs","title":"Logs by service","panels":[
        {"id":"by-service","title":"Per service",
         "sql":"SELECT ServiceName, count() AS n FROM otel_logs WHERE ServiceName = {service:String} AND Timestamp >= {from:DateTime64(9)} GROUP BY ServiceName"},
        {"id":"sneaky","sql":"SELECT Body FROM otel_logs UNION ALL SELECT Body FROM otel_logs WHERE TenantId = {other:String}"},
        {"id":"system","sql":"SELECT name FROM system.users"}]}
      """;

  @BeforeAll
  static void start() throws Exception {
    f =
        OwnClickHouseFixture.start(
            dataDir,
            OwnClickHouseFixture.LIMITS,
            new ResultCaps(ResultCaps.defaults().traceMaxSpans(), PANEL_MAX_BYTES),
            null);
  }

  @AfterAll
  static void stop() {
    if (f != null) {
      f.close();
    }
  }

  @Test
  void should_createGetListUpdateDelete_perTenant() throws Exception {
    String body = DASHBOARD.replace("\"logs\"", "\"crud\"");
    HttpResponse<String> created = f.call("POST", "/api/v1/dashboards", f.keyA(), body);
    HttpResponse<String> duplicate = f.call("POST", "/api/v1/dashboards", f.keyA(), body);
    HttpResponse<String> got = f.call("GET", "/api/v1/dashboards/crud", f.keyA(), null);
    HttpResponse<String> otherTenant = f.call("GET", "/api/v1/dashboards/crud", f.keyB(), null);
    HttpResponse<String> updated =
        f.call(
            "PUT",
            "/api/v1/dashboards/crud",
            f.keyA(),
            "{\"title\":\"Renamed\",\"panels\":[{\"id\":\"one\",\"sql\":\"SELECT 1\"}]}");
    JsonNode list = OwnClickHouseFixture.json(f.call("GET", "/api/v1/dashboards", f.keyA(), null));
    JsonNode listB = OwnClickHouseFixture.json(f.call("GET", "/api/v1/dashboards", f.keyB(), null));
    HttpResponse<String> deleted = f.call("DELETE", "/api/v1/dashboards/crud", f.keyA(), null);
    HttpResponse<String> gone = f.call("GET", "/api/v1/dashboards/crud", f.keyA(), null);

    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(OwnClickHouseFixture.json(created).at("/panels/0/params/from").asText())
        .isEqualTo("DateTime64(9)");
    assertThat(duplicate.statusCode()).isEqualTo(409);
    assertThat(OwnClickHouseFixture.json(got).get("title").asText()).isEqualTo("Logs by service");
    assertThat(otherTenant.statusCode()).isEqualTo(404);
    assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
    assertThat(list.get("dashboards"))
        .anySatisfy(d -> assertThat(d.get("title").asText()).isEqualTo("Renamed"));
    assertThat(listB.get("dashboards")).isEmpty();
    assertThat(deleted.statusCode()).isEqualTo(204);
    assertThat(gone.statusCode()).isEqualTo(404);
  }

  @Test
  void should_runPanels_withTypedParametersBoundServerSide() throws Exception {
    assertThat(f.call("POST", "/api/v1/dashboards", f.keyA(), DASHBOARD).statusCode())
        .isEqualTo(201);
    String run = "/api/v1/dashboards/logs/panels/by-service/run";

    HttpResponse<String> rfc3339Response =
        f.call(
            "POST",
            run,
            f.keyA(),
            "{\"params\":{\"service\":\"cart\",\"from\":\"2020-01-01T00:00:00Z\"}}");
    JsonNode nanos =
        OwnClickHouseFixture.json(
            f.call(
                "POST",
                run,
                f.keyA(),
                "{\"params\":{\"service\":\"cart\",\"from\":\"4102444800000000000\"}}"));
    HttpResponse<String> injected =
        f.call(
            "POST",
            run,
            f.keyA(),
            "{\"params\":{\"service\":\"x' OR '1'='1\",\"from\":\"2020-01-01T00:00:00Z\"}}");
    HttpResponse<String> union =
        f.call(
            "POST",
            "/api/v1/dashboards/logs/panels/sneaky/run",
            f.keyA(),
            "{\"params\":{\"other\":\"" + f.tenantB() + "\"}}");
    HttpResponse<String> system =
        f.call("POST", "/api/v1/dashboards/logs/panels/system/run", f.keyA(), "{}");

    assertThat(rfc3339Response.statusCode()).as(rfc3339Response.body()).isEqualTo(200);
    JsonNode rfc3339 = OwnClickHouseFixture.json(rfc3339Response);
    assertThat(rfc3339.get("columns").toString())
        .isEqualTo(
            "[{\"name\":\"ServiceName\",\"type\":\"LowCardinality(String)\"},{\"name\":\"n\",\"type\":\"UInt64\"}]");
    assertThat(rfc3339.get("rows").toString()).isEqualTo("[[\"cart\",\"2\"]]");
    assertThat(nanos.get("rowCount").asLong()).as("2100-01-01 is after every row").isZero();
    assertThat(OwnClickHouseFixture.json(injected).get("rowCount").asLong()).isZero();
    assertThat(union.statusCode()).isEqualTo(200);
    assertThat(union.body()).doesNotContain("b-secret").contains("a1", "a2", "a3");
    assertThat(system.statusCode()).isEqualTo(403);
  }

  @Test
  void should_refuseAPanelResultOverTheCap_as422NamingIt() throws Exception {
    f.call(
        "POST",
        "/api/v1/dashboards",
        f.keyA(),
        "{\"id\":\"big\",\"title\":\"Big\",\"panels\":["
            + "{\"id\":\"wide\",\"sql\":\"SELECT number, repeat('x', 100) FROM numbers(1000)\"},"
            + "{\"id\":\"narrow\",\"sql\":\"SELECT number FROM numbers(100)\"}]}");

    HttpResponse<String> wide =
        f.call("POST", "/api/v1/dashboards/big/panels/wide/run", f.keyA(), "{}");
    HttpResponse<String> narrow =
        f.call("POST", "/api/v1/dashboards/big/panels/narrow/run", f.keyA(), "{}");

    assertThat(wide.statusCode()).as(wide.body()).isEqualTo(422);
    assertThat(OwnClickHouseFixture.json(wide).get("error").asText()).isEqualTo("limit_exceeded");
    assertThat(OwnClickHouseFixture.json(wide).get("message").asText())
        .contains("16384 bytes", "OBSERA_PANEL_MAX_RESULT_BYTES");
    assertThat(narrow.statusCode()).as(narrow.body()).isEqualTo(200);
    assertThat(OwnClickHouseFixture.json(narrow).get("rowCount").asLong()).isEqualTo(100);
  }

  @Test
  void should_refuseInvalidDashboardsAndParameters_namingThem() throws Exception {
    HttpResponse<String> undeclared =
        f.call(
            "POST",
            "/api/v1/dashboards",
            f.keyA(),
            "{\"id\":\"bad1\",\"title\":\"t\",\"panels\":[{\"id\":\"p\",\"sql\":\"SELECT {a:String}\",\"params\":{\"b\":\"String\"}}]}");
    HttpResponse<String> unsupportedType =
        f.call(
            "POST",
            "/api/v1/dashboards",
            f.keyA(),
            "{\"id\":\"bad2\",\"title\":\"t\",\"panels\":[{\"id\":\"p\",\"sql\":\"SELECT {a:Map(String, String)}\"}]}");
    HttpResponse<String> noTitle =
        f.call("POST", "/api/v1/dashboards", f.keyA(), "{\"id\":\"bad3\",\"panels\":[]}");
    f.call("POST", "/api/v1/dashboards", f.keyA(), DASHBOARD.replace("\"logs\"", "\"valid\""));
    String run = "/api/v1/dashboards/valid/panels/by-service/run";
    HttpResponse<String> missing =
        f.call("POST", run, f.keyA(), "{\"params\":{\"service\":\"cart\"}}");
    HttpResponse<String> wrongType =
        f.call("POST", run, f.keyA(), "{\"params\":{\"service\":\"cart\",\"from\":\"yesterday\"}}");
    HttpResponse<String> extra =
        f.call(
            "POST",
            run,
            f.keyA(),
            "{\"params\":{\"service\":\"cart\",\"from\":\"1\",\"limit\":\"5\"}}");
    HttpResponse<String> noPanel =
        f.call("POST", "/api/v1/dashboards/valid/panels/nope/run", f.keyA(), "{}");

    assertThat(undeclared.statusCode()).isEqualTo(400);
    assertThat(undeclared.body()).contains("placeholders");
    assertThat(unsupportedType.statusCode()).isEqualTo(400);
    assertThat(unsupportedType.body()).contains("'a'");
    assertThat(noTitle.statusCode()).isEqualTo(400);
    assertThat(noTitle.body()).contains("title");
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(missing.body()).contains("'from'");
    assertThat(wrongType.statusCode()).isEqualTo(400);
    assertThat(wrongType.body()).contains("'from'", "DateTime64(9)");
    assertThat(extra.statusCode()).isEqualTo(400);
    assertThat(extra.body()).contains("'limit'");
    assertThat(noPanel.statusCode()).isEqualTo(404);
  }

  @Test
  void should_keepPanelKindsLayoutsAndVariables_andNameTheFieldOfABadOne() throws Exception {
    String grid =
        """
        {"id":"grid","title":"Grid","variables":[{"name":"service","type":"service","defaultValue":"cart"},
          {"type":"timerange"}],
         "panels":[
          {"id":"count","title":"Logs","kind":"sql","display":"stat","layout":{"x":0,"y":0,"w":4,"h":3},
           "sql":"SELECT count() AS n FROM otel_logs WHERE ServiceName = {service:String} AND Timestamp >= {from:DateTime64(9)} AND Timestamp < {to:DateTime64(9)}"},
          {"id":"cpu","kind":"metric","layout":{"x":4,"y":0,"w":8,"h":5},
           "metric":{"name":"system.cpu.time","agg":"rate","groupBy":["state"],"filters":["host=a"]}},
          {"id":"budget","kind":"slo-budget","sloId":"checkout-availability"},
          {"id":"recent","kind":"logs","service":"$service","query":"timeout"}]}
        """;
    HttpResponse<String> created = f.call("POST", "/api/v1/dashboards", f.keyA(), grid);
    JsonNode got =
        OwnClickHouseFixture.json(f.call("GET", "/api/v1/dashboards/grid", f.keyA(), null));
    HttpResponse<String> moved =
        f.call(
            "PUT",
            "/api/v1/dashboards/grid",
            f.keyA(),
            grid.replace("\"x\":4,\"y\":0,\"w\":8,\"h\":5", "\"x\":0,\"y\":3,\"w\":12,\"h\":6"));
    JsonNode after =
        OwnClickHouseFixture.json(f.call("GET", "/api/v1/dashboards/grid", f.keyA(), null));
    HttpResponse<String> runMetric =
        f.call("POST", "/api/v1/dashboards/grid/panels/cpu/run", f.keyA(), "{}");
    HttpResponse<String> offGrid =
        f.call(
            "POST",
            "/api/v1/dashboards",
            f.keyA(),
            "{\"id\":\"off\",\"title\":\"t\",\"panels\":[{\"id\":\"p\",\"sql\":\"SELECT 1\","
                + "\"layout\":{\"x\":10,\"y\":0,\"w\":6,\"h\":4}}]}");
    HttpResponse<String> badKind =
        f.call(
            "POST",
            "/api/v1/dashboards",
            f.keyA(),
            "{\"id\":\"kind\",\"title\":\"t\",\"panels\":[{\"id\":\"p\",\"kind\":\"pie\"}]}");
    HttpResponse<String> badVariable =
        f.call(
            "POST",
            "/api/v1/dashboards",
            f.keyA(),
            "{\"id\":\"var\",\"title\":\"t\",\"variables\":[{\"name\":\"h\",\"type\":\"host\"}]}");

    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(got.at("/panels/0/display").asText()).isEqualTo("stat");
    assertThat(got.at("/panels/0/params/service").asText()).isEqualTo("String");
    assertThat(got.at("/panels/1/metric/groupBy/0").asText()).isEqualTo("state");
    assertThat(got.at("/panels/2/layout").toString())
        .as("a panel sent without a layout is placed by its index")
        .isEqualTo("{\"x\":0,\"y\":4,\"w\":6,\"h\":4}");
    assertThat(got.at("/panels/3/service").asText()).isEqualTo("$service");
    assertThat(got.at("/variables/1/name").asText()).isEqualTo("range");
    assertThat(moved.statusCode()).as(moved.body()).isEqualTo(200);
    assertThat(after.at("/panels/1/layout").toString())
        .isEqualTo("{\"x\":0,\"y\":3,\"w\":12,\"h\":6}");
    assertThat(runMetric.statusCode()).isEqualTo(400);
    assertThat(runMetric.body()).contains("metric panel");
    assertThat(offGrid.statusCode()).isEqualTo(400);
    assertThat(offGrid.body()).contains("panels[0].layout", "'x'");
    assertThat(badKind.statusCode()).isEqualTo(400);
    assertThat(badKind.body()).contains("panels[0]", "'kind'");
    assertThat(badVariable.statusCode()).isEqualTo(400);
    assertThat(badVariable.body()).contains("variables[0]", "'type'");
  }
}
