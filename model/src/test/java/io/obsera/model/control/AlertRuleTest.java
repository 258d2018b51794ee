package io.obsera.model.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.obsera.model.Json;
import io.obsera.model.alert.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertRuleTest {
  static final Instant T = Instant.parse("2026-11-27T07:00:00Z");

  static AlertRule burnRate(List<BurnCondition> conditions) {
    return new AlertRule(
        "acme",
        "checkout-burn",
        "Checkout burn",
        AlertRuleKind.BURN_RATE,
        null,
        "checkout-avail",
        conditions,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        Map.of("team", "payments"),
        null,
        T,
        T,
        "test");
  }

  /** A THRESHOLD rule on {@code signal} with everything it needs, before defaults. */
  static AlertRule threshold(AlertSignal signal) {
    return new AlertRule(
        "acme",
        "r1",
        "Rule",
        AlertRuleKind.THRESHOLD,
        null,
        null,
        null,
        signal,
        signal == AlertSignal.METRIC ? "system.cpu.utilization" : null,
        null,
        signal == AlertSignal.LATENCY ? 99.0 : null,
        signal == AlertSignal.METRIC ? null : "checkout",
        null,
        "eu-west",
        Map.of("http.route", "/pay"),
        List.of("region", "k8s.pod.name"),
        Comparison.ABOVE,
        signal == AlertSignal.ERROR_RATE ? 0.05 : 80.0,
        300_000L,
        120_000L,
        null,
        null,
        null,
        T,
        T,
        "test");
  }

  static AlertRule noData(AlertSignal signal, Long forMs) {
    return new AlertRule(
        "acme",
        "quiet",
        "Quiet",
        AlertRuleKind.NO_DATA,
        false,
        null,
        null,
        signal,
        signal == AlertSignal.METRIC ? "queue.depth" : null,
        null,
        null,
        signal == AlertSignal.METRIC ? null : "checkout",
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        forMs,
        Severity.PAGE,
        null,
        "No spans from checkout",
        T,
        T,
        "test");
  }

  @Test
  void should_acceptValidRules_ofEveryKind_afterDefaults() {
    assertThat(burnRate(null).validate()).isEmpty();
    assertThat(burnRate(AlertRule.defaultBurnConditions(28)).validate()).isEmpty();
    for (AlertSignal s : AlertSignal.values()) {
      assertThat(threshold(s).withDefaults().validate()).as("%s", s).isEmpty();
      assertThat(noData(s, 600_000L).withDefaults().validate()).as("%s", s).isEmpty();
    }
    assertThat(burnRate(null).requireValid().key()).isEqualTo("acme|checkout-burn");
  }

  @Test
  void should_fillDefaults_enabledSeverityForAndAggregation() {
    AlertRule metric = threshold(AlertSignal.METRIC).withDefaults();
    assertThat(metric.enabled()).isTrue();
    assertThat(metric.severity()).isEqualTo(Severity.TICKET);
    assertThat(metric.aggregation()).isEqualTo(MetricAggregation.AVG);
    assertThat(threshold(AlertSignal.ERROR_RATE).withDefaults().aggregation()).isNull();
    AlertRule quiet = noData(AlertSignal.REQUEST_RATE, 600_000L).withDefaults();
    assertThat(quiet.enabled()).isFalse();
    assertThat(quiet.severity()).isEqualTo(Severity.PAGE);
    AlertRule burn = burnRate(null).withDefaults();
    assertThat(burn.severity()).isNull();
    assertThat(burn.forMs()).isNull();
    // Without defaults, a threshold rule lacks its severity: named.
    assertThat(threshold(AlertSignal.LATENCY).validate())
        .containsExactly("field 'severity' is required (PAGE, TICKET or INFO)");
  }

  @Test
  void should_nameEveryProblem_ofABurnRateRule() {
    List<BurnCondition> bad =
        List.of(
            new BurnCondition(null, BurnWindow.H1, BurnWindow.M5, 14.4),
            new BurnCondition(Severity.PAGE, BurnWindow.M5, BurnWindow.H1, 14.4),
            new BurnCondition(Severity.TICKET, BurnWindow.H6, BurnWindow.H6, 1),
            new BurnCondition(Severity.INFO, BurnWindow.D1, BurnWindow.H2, 0),
            new BurnCondition(Severity.INFO, null, BurnWindow.H2, Double.NaN));
    AlertRule r = burnRate(bad);
    assertThat(r.validate())
        .containsExactly(
            "field 'burnConditions[0].severity' is required (PAGE, TICKET or INFO)",
            "field 'burnConditions[1].longWindow' (5m) must be longer than 'shortWindow' (1h)",
            "field 'burnConditions[2].longWindow' (6h) must be longer than 'shortWindow' (6h)",
            "field 'burnConditions[3].factor' must be a positive number, got: 0.0",
            "field 'burnConditions[4]' needs 'longWindow' and 'shortWindow' (5m, 30m, 1h, 2h, 6h,"
                + " 1d, 3d)",
            "field 'burnConditions[4].factor' must be a positive number, got: NaN");
    AlertRule noSlo = burnRate(null).stamped("acme", "x", T, T, "t");
    AlertRule withoutSlo =
        new AlertRule(
            "acme",
            "x",
            "X",
            AlertRuleKind.BURN_RATE,
            null,
            null,
            null,
            AlertSignal.LATENCY,
            null,
            null,
            null,
            "checkout",
            null,
            null,
            null,
            null,
            null,
            2.0,
            null,
            null,
            Severity.PAGE,
            null,
            null,
            T,
            T,
            "t");
    assertThat(noSlo.validate()).isEmpty();
    assertThat(withoutSlo.validate())
        .containsExactly(
            "field 'sloId' is required for BURN_RATE rules: the id of an SLO",
            "field 'signal' does not apply to BURN_RATE rules (the SLO and the conditions decide)",
            "field 'service' does not apply to BURN_RATE rules (the SLO and the conditions decide)",
            "field 'threshold' does not apply to BURN_RATE rules (the SLO and the conditions"
                + " decide)",
            "field 'severity' does not apply to BURN_RATE rules (the SLO and the conditions"
                + " decide)");
  }

  @Test
  void should_nameEveryProblem_ofAThresholdRule() {
    AlertRule ok = threshold(AlertSignal.LATENCY).withDefaults();
    AlertRule bad =
        new AlertRule(
            "acme",
            "r1",
            "Rule",
            AlertRuleKind.THRESHOLD,
            true,
            "slo-1",
            null,
            AlertSignal.LATENCY,
            "some.metric",
            MetricAggregation.MAX,
            100.0,
            null,
            null,
            null,
            null,
            null,
            null,
            -1.0,
            59_999L,
            86_400_001L,
            Severity.TICKET,
            null,
            null,
            T,
            T,
            "t");
    assertThat(bad.validate())
        .containsExactly(
            "field 'service' is required for LATENCY rules",
            "field 'metric' applies to METRIC rules only",
            "field 'comparison' is required for THRESHOLD rules (ABOVE or BELOW)",
            "field 'threshold' must not be negative for LATENCY, got: -1.0",
            "field 'windowMs' must be between 60000 and 86400000 ms, got: 59999",
            "field 'forMs' must be between 0 and 86400000 ms, got: 86400001",
            "field 'percentile' must be strictly between 0 and 100 for LATENCY (e.g. 99), got:"
                + " 100.0",
            "field 'aggregation' applies to METRIC rules only",
            "field 'sloId' applies to BURN_RATE rules only");
    assertThat(ok.validate()).isEmpty();
    AlertRule errorRate = threshold(AlertSignal.ERROR_RATE).withDefaults();
    assertThat(withThreshold(errorRate, 5.0).validate())
        .containsExactly(
            "field 'threshold' must be between 0 and 1 for ERROR_RATE (a share: 0.05 is 5%),"
                + " got: 5.0");
    assertThat(withThreshold(errorRate, Double.POSITIVE_INFINITY).validate())
        .containsExactly("field 'threshold' is required for THRESHOLD rules (a finite number)");
    AlertRule noSignal = withSignal(threshold(AlertSignal.METRIC).withDefaults(), null);
    assertThat(noSignal.validate())
        .contains(
            "field 'signal' is required for THRESHOLD rules (ERROR_RATE, LATENCY, REQUEST_RATE"
                + " or METRIC)");
    AlertRule metricWithoutName =
        withSignal(threshold(AlertSignal.REQUEST_RATE).withDefaults(), AlertSignal.METRIC);
    assertThat(metricWithoutName.validate())
        .containsExactly(
            "field 'metric' is required for METRIC rules: a metric name, got: null",
            "field 'aggregation' is required for METRIC rules (AVG, MIN, MAX or LAST)");
  }

  @Test
  void should_nameEveryProblem_ofANoDataRule() {
    assertThat(noData(AlertSignal.ERROR_RATE, 59_000L).withDefaults().validate())
        .containsExactly("field 'forMs' must be between 60000 and 604800000 ms, got: 59000");
    assertThat(noData(AlertSignal.ERROR_RATE, null).withDefaults().validate())
        .containsExactly("field 'forMs' is required (milliseconds, 60000-604800000)");
    AlertRule withThreshold = withThreshold(noData(AlertSignal.METRIC, 60_000L), 3.0);
    assertThat(withThreshold.validate())
        .containsExactly("field 'threshold' does not apply to NO_DATA rules");
    assertThat(withSignal(noData(AlertSignal.METRIC, 60_000L), null).validate())
        .containsExactly(
            "field 'signal' is required for NO_DATA rules (ERROR_RATE, LATENCY, REQUEST_RATE or"
                + " METRIC)");
  }

  @Test
  void should_checkIdsNamesLabelsGroupByAndAttributes() {
    AlertRule r = threshold(AlertSignal.ERROR_RATE).withDefaults();
    AlertRule bad =
        new AlertRule(
            "Bad Tenant",
            "Bad Id",
            " ",
            r.kind(),
            r.enabled(),
            null,
            null,
            r.signal(),
            null,
            null,
            null,
            r.service(),
            null,
            null,
            Map.of("bad key!", "v"),
            List.of("region", "region", "9lives"),
            r.comparison(),
            r.threshold(),
            r.windowMs(),
            r.forMs(),
            r.severity(),
            Map.of("severity", "page", "rule", "x", "team-name", "a"),
            "",
            null,
            T,
            "t");
    assertThat(bad.validate())
        .containsExactlyInAnyOrder(
            "field 'tenantId': tenant id must be 1-63 characters of a-z, 0-9 and '-', starting"
                + " with a letter or digit, got: Bad Tenant",
            "field 'id' must be 1-63 characters of a-z, 0-9, '-' and '_', starting with a letter"
                + " or digit, got: Bad Id",
            "field 'name' must not be blank",
            "field 'attributes' has an invalid key: bad key!",
            "field 'groupBy' repeats region",
            "field 'groupBy[2]' is not a valid name: 9lives",
            "field 'labels' has an invalid key: team-name",
            "field 'labels' may not set 'rule' (severity, source and rule are set by the"
                + " evaluator)",
            "field 'labels' may not set 'severity' (severity, source and rule are set by the"
                + " evaluator)",
            "field 'summary' must be 1-1024 characters",
            "field 'createdAt' is required");
    assertThatThrownBy(bad::requireValid)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("field 'groupBy' repeats region; ");
  }

  @Test
  void should_roundTripThroughJson_withTheContractFieldsOnly() throws Exception {
    AlertRule r = burnRate(AlertRule.defaultBurnConditions(30)).withDefaults();
    String json = Json.MAPPER.writeValueAsString(r);
    JsonNode node = Json.MAPPER.readTree(json);
    assertThat(node.has("valid")).isFalse();
    assertThat(node.get("burnConditions").get(0).get("longWindow").asText()).isEqualTo("1h");
    assertThat(Json.MAPPER.readValue(json, AlertRule.class)).isEqualTo(r);
    // Unset optional fields stay unset (isEnabled() is not a second "enabled").
    AlertRule bare = burnRate(null);
    assertThat(Json.MAPPER.readValue(Json.MAPPER.writeValueAsString(bare), AlertRule.class))
        .isEqualTo(bare);
  }

  @Test
  void should_scaleDefaultConditions_bySloPeriod_withACalendarMonthAsThirtyDays() {
    SloDefinition slo = SloDefinitionTest.availability();
    assertThat(AlertRule.nominalDays(SloPeriod.CALENDAR_MONTH)).isEqualTo(30);
    assertThat(AlertRule.nominalDays(SloPeriod.ROLLING_28D)).isEqualTo(28);
    assertThat(burnRate(null).effectiveBurnConditions(slo))
        .isEqualTo(AlertRule.defaultBurnConditions(30));
    List<BurnCondition> own =
        List.of(new BurnCondition(Severity.PAGE, BurnWindow.H1, BurnWindow.M5, 10));
    assertThat(burnRate(own).effectiveBurnConditions(slo)).isEqualTo(own);
  }

  private static AlertRule withThreshold(AlertRule r, Double threshold) {
    return with(r, "threshold", threshold);
  }

  private static AlertRule withSignal(AlertRule r, AlertSignal signal) {
    return with(r, "signal", signal);
  }

  /** {@code r} with one field changed, through its JSON form. */
  private static AlertRule with(AlertRule r, String field, Object value) {
    com.fasterxml.jackson.databind.node.ObjectNode node = Json.MAPPER.valueToTree(r);
    node.set(field, Json.MAPPER.valueToTree(value));
    try {
      return Json.MAPPER.treeToValue(node, AlertRule.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
