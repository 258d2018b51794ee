package io.obsera.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ControlViewsStateTest {
  @Test
  void should_sayNothing_whenEveryViewReadsAndCaughtUp() {
    QueryServer.ControlViewsState state = new QueryServer.ControlViewsState();
    state.add("dashboards", true, Optional.empty());
    state.add("alerting", true, Optional.empty());

    assertThat(state.reason()).isNull();
  }

  @Test
  void should_nameStoppedViewsWithTheirReason_apartFromViewsStillCatchingUp() {
    QueryServer.ControlViewsState state = new QueryServer.ControlViewsState();
    state.add("tenants, keys, SLOs and endpoints", false, Optional.empty());
    state.add("dashboards", false, Optional.of("not authorized to read obsera.control.dashboards"));
    state.add("status pages", true, Optional.empty());
    state.add("alerting", false, Optional.empty());

    assertThat(state.reason())
        .isEqualTo(
            "stopped: dashboards (not authorized to read obsera.control.dashboards);"
                + " catching up: tenants, keys, SLOs and endpoints, alerting");
  }

  @Test
  void should_reportAStoppedView_evenIfItHadCaughtUpBefore() {
    QueryServer.ControlViewsState state = new QueryServer.ControlViewsState();
    state.add("status pages", true, Optional.of("cannot read the partitions of x: boom"));

    assertThat(state.reason())
        .isEqualTo("stopped: status pages (cannot read the partitions of x: boom)");
  }
}
