package io.obsera.streams.probe;

import static io.obsera.model.probe.CheckOutcome.DEGRADED;
import static io.obsera.model.probe.CheckOutcome.DOWN;
import static io.obsera.model.probe.CheckOutcome.UP;
import static org.assertj.core.api.Assertions.assertThat;

import io.obsera.model.Topics;
import io.obsera.model.control.EndpointDefinition;
import io.obsera.model.control.MaintenanceWindow;
import io.obsera.model.probe.CheckOutcome;
import io.obsera.model.probe.OutageEvent;
import io.obsera.model.probe.OutageEvent.Kind;
import io.obsera.model.probe.OutageEvent.State;
import io.obsera.testing.TestControlKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The outage state machine through the topology (see {@link ProbeDriverFixture}): regions {@code
 * ap-south, eu-west, us-east}; times are seconds after {@link #T0}.
 */
class OutageTopologyTest extends ProbeDriverFixture {
  static final long INTERVAL = 10_000;

  /** One round of checks at {@code sec}, in the given order. */
  void round(long sec, String endpoint, Map<String, CheckOutcome> outcomes) {
    outcomes.forEach((region, o) -> check(endpoint, region, o, at(sec)));
  }

  static Map<String, CheckOutcome> outcomes(CheckOutcome eu, CheckOutcome us, CheckOutcome ap) {
    Map<String, CheckOutcome> m = new LinkedHashMap<>();
    m.put("eu-west", eu);
    m.put("us-east", us);
    m.put("ap-south", ap);
    return m;
  }

  static OutageEvent event(
      String endpoint,
      Kind kind,
      State state,
      long startSec,
      Long endSec,
      List<String> regions,
      String cause,
      long timeSec) {
    return new OutageEvent(
        TENANT,
        endpoint,
        OutageEvent.outageId(TENANT, endpoint, kind, at(startSec)),
        kind,
        state,
        at(startSec),
        endSec == null ? null : at(endSec),
        regions,
        cause,
        at(timeSec));
  }

  static final String EU_503 = "eu-west: DOWN (expected 200-299, got 503)";
  static final String US_503 = "us-east: DOWN (expected 200-299, got 503)";

  @Test
  void should_openOneOutage_onlyWhenAQuorumOfRegionsFailedKTimes_andResolveOnRecovery()
      throws Exception {
    define(endpoint("api", 2, 2, INTERVAL, List.of()));
    round(0, "api", outcomes(UP, UP, UP));
    round(10, "api", outcomes(UP, UP, UP));
    // One region failing, many times: not an outage with a quorum of 2.
    for (long s = 20; s <= 40; s += 10) {
      round(s, "api", outcomes(DOWN, UP, UP));
    }
    assertThat(outages.isEmpty()).isTrue();
    round(50, "api", outcomes(DOWN, DOWN, UP)); // us-east's first failure: K not reached yet
    assertThat(outages.isEmpty()).isTrue();
    round(60, "api", outcomes(DOWN, DOWN, UP)); // us-east's second: quorum of failing regions
    round(70, "api", outcomes(DOWN, DOWN, UP)); // unchanged: no event
    round(80, "api", outcomes(DOWN, UP, UP)); // us-east recovers: fewer than 2 failing
    round(90, "api", outcomes(DOWN, UP, UP));

    List<OutageEvent> events = outages.readValuesToList();
    List<String> both = List.of("eu-west", "us-east");
    String cause = EU_503 + "; " + US_503;
    // Started at us-east's first failed check (50 s): from then on two regions were failing.
    assertThat(events)
        .containsExactly(
            event("api", Kind.DOWN, State.OPEN, 50, null, both, cause, 60),
            event("api", Kind.DOWN, State.RESOLVED, 50, 80L, both, cause, 80));
    OutageEvent resolved = events.get(1);
    assertThat(Duration.between(resolved.startedAt(), resolved.endedAt()))
        .isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void should_reemitOpen_withTheSameId_whenTheFailingRegionsChange() throws Exception {
    define(endpoint("api", 2, 1, INTERVAL, List.of()));
    round(0, "api", outcomes(DOWN, DOWN, UP));
    round(10, "api", outcomes(DOWN, DOWN, DOWN));
    round(20, "api", outcomes(UP, DOWN, DOWN));
    round(30, "api", outcomes(UP, UP, DOWN));

    List<OutageEvent> events = outages.readValuesToList();
    assertThat(events)
        .extracting(OutageEvent::state, OutageEvent::regions, e -> e.time().getEpochSecond() % 60)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(State.OPEN, List.of("eu-west", "us-east"), 0L),
            org.assertj.core.groups.Tuple.tuple(
                State.OPEN, List.of("ap-south", "eu-west", "us-east"), 10L),
            org.assertj.core.groups.Tuple.tuple(State.OPEN, List.of("ap-south", "us-east"), 20L),
            org.assertj.core.groups.Tuple.tuple(
                State.RESOLVED, List.of("ap-south", "us-east"), 30L));
    assertThat(events).extracting(OutageEvent::outageId).containsOnly(events.get(0).outageId());
    assertThat(events.get(3).endedAt()).isEqualTo(at(30));
  }

  @Test
  void should_openDegraded_forAQuorumOfSlowRegions_andGiveWayToDown() throws Exception {
    define(endpoint("api", 2, 1, INTERVAL, List.of()));
    round(0, "api", outcomes(UP, UP, UP));
    round(10, "api", outcomes(DEGRADED, UP, UP)); // one slow region: nothing
    assertThat(outages.isEmpty()).isTrue();
    round(20, "api", outcomes(DEGRADED, DEGRADED, UP));
    round(30, "api", outcomes(UP, DEGRADED, UP));
    round(40, "api", outcomes(DEGRADED, DEGRADED, UP));
    round(50, "api", outcomes(DOWN, DOWN, UP));
    round(60, "api", outcomes(UP, UP, UP));

    List<String> both = List.of("eu-west", "us-east");
    String slow = "eu-west: DEGRADED (slower than 500 ms); us-east: DEGRADED (slower than 500 ms)";
    String cause = EU_503 + "; " + US_503;
    assertThat(outages.readValuesToList())
        .containsExactly(
            // eu-west has been slow since 10 s, us-east since 20 s: a quorum from 20 s.
            event("api", Kind.DEGRADED, State.OPEN, 20, null, both, slow, 20),
            event("api", Kind.DEGRADED, State.RESOLVED, 20, 30L, both, slow, 30),
            event("api", Kind.DEGRADED, State.OPEN, 40, null, both, slow, 40),
            // eu-west's DOWN check leaves one slow region: DEGRADED ends, then DOWN opens.
            event("api", Kind.DEGRADED, State.RESOLVED, 40, 50L, both, slow, 50),
            event("api", Kind.DOWN, State.OPEN, 50, null, both, cause, 50),
            event("api", Kind.DOWN, State.RESOLVED, 50, 60L, both, cause, 60));
  }

  @Test
  void should_openNoData_onTheWallClock_whenNoRegionReportsFor3Intervals() throws Exception {
    define(endpoint("api", 2, 2, 2_000, List.of()));
    checkAll("api", REGIONS, UP, T0);
    driver.advanceWallClockTime(Duration.ofSeconds(5));
    assertThat(outages.isEmpty()).isTrue();
    driver.advanceWallClockTime(Duration.ofSeconds(2));
    String cause = "no check from any region since " + T0;
    OutageEvent open = event("api", Kind.NO_DATA, State.OPEN, 6, null, REGIONS, cause, 6);
    assertThat(outages.readValuesToList()).containsExactly(open);
    driver.advanceWallClockTime(Duration.ofSeconds(5));
    assertThat(outages.isEmpty()).isTrue();

    check("api", "us-east", UP, at(12));
    assertThat(outages.readValuesToList())
        .containsExactly(event("api", Kind.NO_DATA, State.RESOLVED, 6, 12L, REGIONS, cause, 12));

    // A gap found only in event time (a replay, or the topology was down): the same outage the
    // tick would have opened, opened and resolved at once.
    check("api", "us-east", UP, at(40));
    String gap = "no check from any region since " + at(12);
    assertThat(outages.readValuesToList())
        .containsExactly(
            event("api", Kind.NO_DATA, State.OPEN, 18, null, REGIONS, gap, 18),
            event("api", Kind.NO_DATA, State.RESOLVED, 18, 40L, REGIONS, gap, 40));
  }

  @Test
  void should_openNothing_duringMaintenance_andResolveOpenOutages_atTheWindowsStart()
      throws Exception {
    List<MaintenanceWindow> windows =
        List.of(
            new MaintenanceWindow(at(100), at(200), "upgrade"),
            new MaintenanceWindow(at(300), at(400), "migration"));
    define(endpoint("api", 2, 2, INTERVAL, windows));
    round(90, "api", outcomes(UP, UP, UP));
    for (long s = 100; s < 200; s += 10) {
      round(s, "api", outcomes(DOWN, DOWN, UP));
    }
    assertThat(outages.isEmpty()).as("failures in a window open nothing").isTrue();
    // The runs were forgotten: after the window, K failures again before an outage opens.
    round(200, "api", outcomes(DOWN, DOWN, UP));
    assertThat(outages.isEmpty()).isTrue();
    for (long s = 210; s < 300; s += 10) {
      round(s, "api", outcomes(DOWN, DOWN, UP));
    }
    round(305, "api", outcomes(DOWN, DOWN, UP));

    List<String> both = List.of("eu-west", "us-east");
    String cause = EU_503 + "; " + US_503;
    assertThat(outages.readValuesToList())
        .containsExactly(
            event("api", Kind.DOWN, State.OPEN, 200, null, both, cause, 210),
            event("api", Kind.DOWN, State.RESOLVED, 200, 300L, both, cause, 305));
  }

  @Test
  void should_resolveOpenOutages_whenTheEndpointIsDisabledOrDeleted() throws Exception {
    EndpointDefinition api = endpoint("api", 1, 1, INTERVAL, List.of());
    EndpointDefinition web = endpoint("web", 1, 1, INTERVAL, List.of());
    define(api);
    define(web);
    check("api", "eu-west", DOWN, at(0));
    check("web", "eu-west", DOWN, at(0));
    assertThat(outages.readValuesToList())
        .extracting(OutageEvent::endpointId, OutageEvent::state)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("api", State.OPEN),
            org.assertj.core.groups.Tuple.tuple("web", State.OPEN));

    Instant disabledAt = at(5);
    define(
        new EndpointDefinition(
            api.tenantId(),
            api.id(),
            api.name(),
            api.service(),
            api.url(),
            api.method(),
            api.headers(),
            api.body(),
            api.expectedStatus(),
            api.bodyMatch(),
            api.intervalMs(),
            api.timeoutMs(),
            api.regions(),
            api.quorum(),
            api.failureThreshold(),
            api.degradedLatencyMs(),
            api.certExpiryWarnDays(),
            api.maintenanceWindows(),
            false,
            api.createdAt(),
            disabledAt,
            "test"));
    endpoints.pipeInput(TestControlKeys.record(Topics.CONTROL_ENDPOINTS, web.key(), null, T0));
    driver.advanceWallClockTime(TICK);

    List<OutageEvent> events = outages.readValuesToList();
    assertThat(events)
        .extracting(OutageEvent::endpointId, OutageEvent::state, OutageEvent::endedAt)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("api", State.RESOLVED, disabledAt),
            org.assertj.core.groups.Tuple.tuple("web", State.RESOLVED, T0.plus(TICK)));
    assertThat(ProbeChecksTopologyTest.keys(driver.getKeyValueStore(ProbeTopology.STATE_STORE)))
        .isEmpty();
    check("api", "eu-west", DOWN, at(10));
    driver.advanceWallClockTime(Duration.ofSeconds(60));
    assertThat(outages.isEmpty()).as("a disabled endpoint has no outages").isTrue();
  }
}
