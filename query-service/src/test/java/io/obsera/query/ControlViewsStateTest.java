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
  void should_reportAStoppedView_evenIfItHadCaughtUpBefore_withoutItsExceptionText() {
    QueryServer.ControlViewsState state = new QueryServer.ControlViewsState();
    state.add(
        "status pages",
        true,
        Optional.of(
            "failed on obsera.control.status-pages-0@7: com.fasterxml.jackson.core.JsonParseException:"
                + " Unrecognized token 'hunter2'"));

    assertThat(state.reason())
        .isEqualTo(
            "stopped: status pages (failed on obsera.control.status-pages-0@7; details logged)");
  }
}
