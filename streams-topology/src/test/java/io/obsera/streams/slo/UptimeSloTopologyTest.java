package io.obsera.streams.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.obsera.model.Json;
import io.obsera.model.Topics;
import io.obsera.model.control.EndpointDefinition;
import io.obsera.model.control.MaintenanceWindow;
import io.obsera.model.control.SloDefinition;
import io.obsera.model.control.SloKind;
import io.obsera.model.control.SloPeriod;
import io.obsera.model.facts.BurnRates;
import io.obsera.model.facts.SliDelta;
import io.obsera.model.probe.CheckOutcome;
import io.obsera.model.probe.HealthCheck;
import io.obsera.testing.TestControlKeys;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Uptime SLOs: health checks (one per check and region) are the events, against hand-computed burn
 * rates (see {@link SloDriverFixture} for the clock: the first emission is at 10:01, its 5m window
 * 09:56 to 10:00).
 */
class UptimeSloTopologyTest extends SloDriverFixture {
  static final List<String> REGIONS = List.of("ap-south", "eu-west", "us-east");

  static SloDefinition uptime(String id, String endpointId, double objective) {
    return new SloDefinition(
        TENANT,
        id,
        id,
        SloKind.UPTIME,
        null,
        null,
        null,
        null,
        endpointId,
        objective,
        SloPeriod.ROLLING_30D,
        T0.minusSeconds(3600),
        T0.minusSeconds(3600),
        "test");
  }

  void check(String tenant, String endpoint, String region, CheckOutcome outcome, Instant t) {
    checks.pipeInput(
        tenant + "|" + endpoint,
        new HealthCheck(
            tenant,
            endpoint,
            region,
            region + "-1",
            t,
            "https://" + endpoint + ".example.com/health",
            "GET",
            outcome,
            outcome == CheckOutcome.DOWN ? 503 : 200,
            null,
            null,
            null,
            null,
            null,
            120.0,
            null,
            null,
            ""),
        T0);
  }

  /** One check from every region in the minute {@code k} minutes before 10:00 (at :30). */
  void everyRegion(String endpoint, long k, CheckOutcome... outcomes) {
    for (int i = 0; i < REGIONS.size(); i++) {
      check(TENANT, endpoint, REGIONS.get(i), outcomes[i], minutesAgo(k).plusSeconds(30));
    }
  }

  @Test
  void should_burn_fromFailedChecks_ofTheSlosEndpointOnly() throws Exception {
    define(uptime("api-uptime", "api", 0.99));
    define(availability("checkout", 0.99));
    for (int k = 5; k < 60; k++) {
      everyRegion("api", k, CheckOutcome.UP, CheckOutcome.DEGRADED, CheckOutcome.UP);
    }
    for (int k = 0; k < 5; k++) { // the last 5 minutes: two of three regions fail
      everyRegion("api", k, CheckOutcome.DOWN, CheckOutcome.DOWN, CheckOutcome.UP);
    }
    for (int k = 0; k < 60; k++) { // not counted: another endpoint, another tenant
      everyRegion("web", k, CheckOutcome.DOWN, CheckOutcome.DOWN, CheckOutcome.DOWN);
      check("other", "api", "eu-west", CheckOutcome.DOWN, minutesAgo(k).plusSeconds(30));
    }
    traffic(0, 100, 0); // spans: counted by the availability SLO only

    List<BurnRates> out = flushAndEmit();

    List<SliDelta> deltas = sli.readValuesToList();
    List<SliDelta> uptime = deltas.stream().filter(d -> d.sloId().equals("api-uptime")).toList();
    assertThat(uptime).hasSize(60).allSatisfy(d -> assertThat(d.total()).isEqualTo(3));
    assertThat(uptime.stream().mapToLong(SliDelta::good).sum()).isEqualTo(180 - 10);
    assertThat(deltas)
        .filteredOn(d -> d.sloId().equals("checkout"))
        .singleElement()
        .satisfies(d -> assertThat(d.total()).isEqualTo(100));
    BurnRates b =
        out.stream().filter(r -> r.sloId().equals("api-uptime")).findFirst().orElseThrow();
    assertThat(b.burn5m()).isCloseTo(10.0 / 15 / 0.01, within(EPS)); // 66.7
    assertThat(b.burn30m()).isCloseTo(10.0 / 90 / 0.01, within(EPS)); // 11.1
    assertThat(b.burn1h()).isCloseTo(10.0 / 180 / 0.01, within(EPS)); // 5.56
    assertThat(b.burn3d()).isCloseTo(10.0 / 180 / 0.01, within(EPS));
    assertThat(b.periodTotal()).isEqualTo(180);
    assertThat(b.periodGood()).isEqualTo(170);
    assertThat(b.budgetRemaining()).isCloseTo(1 - 10 / (0.01 * 180), within(EPS)); // -4.56
  }

  @Test
  void should_notCount_checksInAMaintenanceWindow_norTooOldOnes() throws Exception {
    EndpointDefinition api =
        new EndpointDefinition(
                TENANT,
                "api",
                "API",
                null,
                "https://api.example.com/health",
                "GET",
                Map.of(),
                null,
                null,
                null,
                60_000L,
                1000L,
                REGIONS,
                2,
                2,
                500.0,
                null,
                List.of(new MaintenanceWindow(minutesAgo(20), minutesAgo(10), "upgrade")),
                true,
                T0.minusSeconds(3600),
                T0.minusSeconds(3600),
                "test")
            .withDefaults()
            .requireValid();
    endpoints.pipeInput(
        TestControlKeys.record(
            Topics.CONTROL_ENDPOINTS, api.key(), Json.MAPPER.writeValueAsBytes(api), T0));
    define(uptime("api-uptime", "api", 0.999));
    for (int k = 0; k < 30; k++) {
      CheckOutcome o = k >= 11 && k <= 20 ? CheckOutcome.DOWN : CheckOutcome.UP;
      everyRegion("api", k, o, o, o); // minutes 09:40-09:49 are in the window: DOWN, not counted
    }
    check(TENANT, "api", "eu-west", CheckOutcome.DOWN, T0.minusSeconds(40L * 86_400));

    BurnRates b = flushAndEmit().get(0);

    assertThat(b.periodTotal()).isEqualTo(20 * 3);
    assertThat(b.periodGood()).isEqualTo(20 * 3);
    assertThat(b.burn1h()).isZero();
    assertThat(b.budgetRemaining()).isEqualTo(1.0);
    assertThat(slo.ignoredSpans()).isEqualTo(10 * 3 + 1);
  }
}
