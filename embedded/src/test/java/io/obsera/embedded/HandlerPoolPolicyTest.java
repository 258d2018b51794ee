package io.obsera.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HandlerPoolPolicyTest {
  private static final long SECOND = 1_000_000_000L;
  private static final long MS = 1_000_000L;

  private final HandlerPoolPolicy policy = new HandlerPoolPolicy(1, 8, 30 * SECOND);

  @Test
  void should_growToFullSize_whenTheIdlePoolIsBusyHalfASample() {
    assertThat(policy.next(1, 510 * MS, SECOND)).isEqualTo(1);
    assertThat(policy.next(1, 500 * MS, SECOND)).isEqualTo(8);
  }

  @Test
  void should_notGrow_whenASampleMissedTheIdleTimeOfAWaitStillRunning() {
    // One thread, nothing to do: its 300 ms waits end three times in this second, not four.
    assertThat(policy.next(1, 900 * MS, SECOND)).isEqualTo(1);
  }

  @Test
  void should_shrinkToOneThread_afterAWindowWithLessThanAQuarterOfAThreadsWork() {
    for (int s = 1; s < 30; s++) {
      assertThat(policy.next(8, 990 * MS, SECOND)).isEqualTo(8);
    }
    // 1% of 8 threads is 0.08 of one thread's time.
    assertThat(policy.next(8, 990 * MS, SECOND)).isEqualTo(1);
  }

  @Test
  void should_judgeTheWholeWindow_notItsNoisySamples() {
    for (int s = 0; s < 29; s++) {
      // Samples that alternately miss and catch up the idle time of waits still running.
      long idle = s % 2 == 0 ? 700 * MS : 1300 * MS;
      assertThat(policy.next(8, idle, SECOND)).isEqualTo(8);
    }
    assertThat(policy.next(8, 1000 * MS, SECOND)).isEqualTo(1);
  }

  @Test
  void should_startANewWindow_whenTheWindowHadWork() {
    for (int s = 0; s < 29; s++) {
      policy.next(8, SECOND, SECOND);
    }
    // A last second fully busy: 1/30 of the window, times 8 threads: 0.27 of one thread.
    assertThat(policy.next(8, 0, SECOND)).isEqualTo(8);
    for (int s = 1; s < 30; s++) {
      assertThat(policy.next(8, SECOND, SECOND)).isEqualTo(8);
    }
    assertThat(policy.next(8, SECOND, SECOND)).isEqualTo(1);
  }

  @Test
  void should_notFlap_whenTheWorkThatAllowedShrinkingRunsOnOneThread() {
    for (int s = 0; s < 30; s++) {
      policy.next(8, 970 * MS, SECOND);
    }
    // The same work (0.24 of one thread) on the one thread left: below the growth mark.
    for (int s = 0; s < 60; s++) {
      assertThat(policy.next(1, 760 * MS, SECOND)).isEqualTo(1);
    }
  }

  @Test
  void should_refuseSizesOutOfOrder() {
    assertThatThrownBy(() -> new HandlerPoolPolicy(0, 8, SECOND))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 <= idle <= full");
    assertThatThrownBy(() -> new HandlerPoolPolicy(4, 2, SECOND))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
