package io.obsera.query.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.obsera.model.control.EndpointDefinition;
import io.obsera.model.control.MaintenanceWindow;
import io.obsera.model.probe.OutageEvent.Kind;
import io.obsera.query.ProbeDataFixture;
import io.obsera.query.sla.Outage;
import io.obsera.query.sla.SlaCalculator;
import io.obsera.query.sla.SlaCalculator.Coverage;
import io.obsera.query.status.StatusPage.Status;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Status page rules that need no server: unchecked hours, current status, day colours, SVG. */
class StatusPagesTest {
  static final Instant FROM = Instant.parse("2026-11-01T00:00:00Z");
  static final Instant NOW = Instant.parse("2026-11-03T00:00:00Z");

  static EndpointDefinition endpoint(String id, String service, List<MaintenanceWindow> w) {
    return ProbeDataFixture.definition("t", id, id, service, w);
  }

  static List<Long> hours(String from, int count) {
    long start = Instant.parse(from).toEpochMilli();
    return java.util.stream.LongStream.range(0, count)
        .map(i -> start + i * 3_600_000L)
        .boxed()
        .toList();
  }

  @Test
  void should_countHoursWithoutChecks_asNoData_butNotDownOrMaintenance() {
    // Checked only on 2 Nov; down 10:00-11:00 on 1 Nov (no checks then, still down); maintenance
    // 00:00-02:00 on 1 Nov. The first day: 24 h - 1 h down - 2 h maintenance = 21 h no data.
    EndpointDefinition e =
        endpoint(
            "api",
            "shop",
            List.of(
                new MaintenanceWindow(
                    Instant.parse("2026-11-01T00:00:00Z"),
                    Instant.parse("2026-11-01T02:00:00Z"),
                    "x")));
    Outage down =
        new Outage(
            "o",
            "api",
            Kind.DOWN,
            Instant.parse("2026-11-01T10:00:00Z"),
            Instant.parse("2026-11-01T11:00:00Z"),
            List.of(),
            "");
    Coverage c =
        StatusPages.coverage(e, List.of(down), hours("2026-11-02T00:00:00Z", 24), FROM, NOW);
    assertThat(c.noData().minutes()).isEqualTo(21 * 60.0);
    assertThat(c.down().minutes()).isEqualTo(60.0);
    List<SlaCalculator.DayUptime> days = SlaCalculator.daily(c, FROM, NOW, NOW, ZoneOffset.UTC);
    // Day 1: 1 h down of 1 measured hour; day 2: fully checked, up.
    assertThat(days.get(0).uptimePercent()).isEqualTo(0.0);
    assertThat(days.get(1).uptimePercent()).isEqualTo(100.0);
    assertThat(StatusPages.dayStatus(days.get(1).uptimePercent())).isEqualTo(Status.OPERATIONAL);
    assertThat(StatusPages.dayStatus(99.5)).isEqualTo(Status.DEGRADED);
    assertThat(StatusPages.dayStatus(null)).isEqualTo(Status.NO_DATA);
  }

  @Test
  void should_takeTheWorstOpenOutage_andNoDataWithoutChecks() {
    EndpointDefinition e = endpoint("api", "shop", List.of());
    Outage openDegraded =
        new Outage("d", "api", Kind.DEGRADED, FROM, null, List.of("eu-west"), "slow");
    Outage openDown = new Outage("x", "api", Kind.DOWN, FROM, null, List.of("eu-west"), "503");
    CheckRepository.RegionLatency seen =
        new CheckRepository.RegionLatency("api", "eu-west", 10, 0, 0, 40.0, 60.0, NOW);
    assertThat(StatusPages.current(e, List.of(), List.of(seen))).isEqualTo(Status.OPERATIONAL);
    assertThat(StatusPages.current(e, List.of(), List.of())).isEqualTo(Status.NO_DATA);
    assertThat(StatusPages.current(e, List.of(openDegraded), List.of(seen)))
        .isEqualTo(Status.DEGRADED);
    assertThat(StatusPages.current(e, List.of(openDegraded, openDown), List.of(seen)))
        .isEqualTo(Status.OUTAGE);
  }

  @Test
  void should_resolveAnEndpointIdFirst_thenAServiceName() {
    Map<String, EndpointDefinition> all =
        Map.of(
            "api", endpoint("api", "shop", List.of()),
            "web", endpoint("web", "shop", List.of()),
            "shop", endpoint("shop", "legacy", List.of()));
    assertThat(StatusPages.members("shop", all))
        .extracting(EndpointDefinition::id)
        .containsExactly("shop");
    assertThat(StatusPages.members("legacy", all))
        .extracting(EndpointDefinition::id)
        .containsExactly("shop");
    assertThat(StatusPages.members("nothing", all)).isEmpty();
  }

  @Test
  void should_drawTheBadge_inTheStatusColour_andEscapeHtml() {
    assertThat(StatusBadge.svg(Status.OPERATIONAL))
        .startsWith("<svg")
        .contains(">operational<")
        .contains(Status.OPERATIONAL.colour);
    assertThat(StatusBadge.svg(Status.NO_DATA)).contains(">no data<");
    assertThat(StatusPageHtml.esc("<a href=\"x\">'&'</a>"))
        .isEqualTo("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  }
}
