package io.obsera.query.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.obsera.model.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DashboardTest {

  /** A record as the previous version wrote it to obsera.control.dashboards: no kind, no layout. */
  static final String OLD_RECORD =
      """
      {"id":"checkout-overview","tenantId":"acme","title":"Checkout overview",
       "panels":[
        {"id":"spans-by-service","title":"Spans","sql":"SELECT count() FROM otel_traces WHERE Timestamp >= {from:DateTime64(9)}","params":{"from":"DateTime64(9)"}},
        {"id":"logs","title":"Logs","sql":"SELECT 1","params":{}},
        {"id":"third","title":"Third","sql":"SELECT 2","params":{}}],
       "updatedAt":"2026-12-01T10:00:00Z","actor":"api"}
      """;

  @Test
  void should_readARecordOfThePreviousVersion_asSqlTablesTwoPerRow() throws Exception {
    Dashboard d = Json.MAPPER.readValue(OLD_RECORD, Dashboard.class);

    assertThat(d.panels()).extracting(Panel::kind).containsOnly("sql");
    assertThat(d.panels()).extracting(Panel::display).containsOnly("table");
    assertThat(d.panels())
        .extracting(Panel::layout)
        .containsExactly(
            new PanelLayout(0, 0, 6, 4), new PanelLayout(6, 0, 6, 4), new PanelLayout(0, 4, 6, 4));
    assertThat(d.panels().get(0).params()).containsEntry("from", "DateTime64(9)");
    assertThat(d.variables()).isEmpty();
    // and it writes back and reads again unchanged
    assertThat(Json.MAPPER.readValue(Json.MAPPER.writeValueAsString(d), Dashboard.class))
        .isEqualTo(d);
  }

  @Test
  void should_keepEachKindsFields_andRefuseThoseOfAnotherKind_namingThem() throws Exception {
    Panel metric =
        Json.MAPPER.readValue(
            """
            {"id":"cpu","kind":"metric","layout":{"x":6,"y":2,"w":6,"h":5},
             "metric":{"name":"system.cpu.time","agg":"RATE","groupBy":["state"],"filters":["host=a"]}}
            """,
            Panel.class);

    assertThat(metric.metric().agg()).isEqualTo("rate");
    assertThat(metric.layout()).isEqualTo(new PanelLayout(6, 2, 6, 5));
    assertThat(metric.params()).isEmpty();
    assertThatThrownBy(
            () ->
                new Panel(
                    "p",
                    null,
                    "SELECT 1",
                    null,
                    "metric",
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null))
        .hasMessageContaining("'sql'");
    assertThatThrownBy(
            () ->
                new Panel(
                    "p", null, null, null, "metric", null, null, null, null, null, null, null))
        .hasMessageContaining("'metric' is required");
    assertThatThrownBy(
            () ->
                new Panel(
                    "p", null, "SELECT 1", null, "sql", "pie", null, null, null, null, null, null))
        .hasMessageContaining("'display'");
    assertThatThrownBy(
            () ->
                new Panel("p", null, null, null, "gauge", null, null, null, null, null, null, null))
        .hasMessageContaining("'kind'");
    assertThatThrownBy(
            () ->
                new Panel(
                    "p", null, null, null, "uptime", null, null, null, "slo-1", "api", null, null))
        .hasMessageContaining("'sloId'");
    assertThatThrownBy(() -> new MetricSpec("m", "median", null, null, null))
        .hasMessageContaining("'agg'");
    assertThatThrownBy(() -> new MetricSpec("m", "avg", null, null, List.of("nokey")))
        .hasMessageContaining("'filters'");
  }

  @Test
  void should_refuseALayoutOffTheGrid_namingTheField() {
    assertThatThrownBy(() -> new PanelLayout(8, 0, 6, 4)).hasMessageContaining("'x'");
    assertThatThrownBy(() -> new PanelLayout(0, 0, 13, 4)).hasMessageContaining("'w'");
    assertThatThrownBy(() -> new PanelLayout(0, -1, 6, 4)).hasMessageContaining("'y'");
    assertThatThrownBy(() -> new PanelLayout(0, 0, 6, 0)).hasMessageContaining("'h'");
  }

  @Test
  void should_bindVariablesAsTypedParameters_andRefuseAConflictingPlaceholder() {
    Panel byService =
        new Panel(
            "p",
            null,
            "SELECT count() FROM otel_traces WHERE ServiceName = {service:String}"
                + " AND Timestamp >= {from:DateTime64(9)} AND Timestamp < {to:DateTime64(9)}",
            null);
    List<Variable> vars =
        List.of(new Variable("service", "service", "cart"), new Variable(null, "timerange", "24h"));

    Dashboard d = new Dashboard("d", "acme", "D", List.of(byService), null, "api", vars);

    assertThat(d.variables().get(1).name()).isEqualTo("range");
    assertThat(d.variables().get(1).parameters())
        .isEqualTo(Map.of("from", "DateTime64(9)", "to", "DateTime64(9)"));
    Panel wrongType = new Panel("q", null, "SELECT {service:UInt8}", null);
    assertThatThrownBy(() -> new Dashboard("d", "acme", "D", List.of(wrongType), null, "api", vars))
        .hasMessageContaining("'service'")
        .hasMessageContaining("UInt8");
    assertThatThrownBy(() -> new Variable("x", "host", null)).hasMessageContaining("'type'");
    assertThatThrownBy(() -> new Variable("1x", "service", null)).hasMessageContaining("'name'");
    assertThatThrownBy(
            () ->
                new Dashboard(
                    "d",
                    "acme",
                    "D",
                    List.of(),
                    null,
                    "api",
                    List.of(new Variable("s", "service", null), new Variable("s", "region", null))))
        .hasMessageContaining("'s' is bound twice");
  }
}
