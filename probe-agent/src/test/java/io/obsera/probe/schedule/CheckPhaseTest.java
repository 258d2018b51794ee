package io.obsera.probe.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CheckPhaseTest {

  @Test
  void should_keepOffsetStable_andWithinInterval() {
    long a = CheckPhase.offset("acme|home", 30_000);
    assertThat(CheckPhase.offset("acme|home", 30_000)).isEqualTo(a);
    assertThat(a).isBetween(0L, 29_999L);
    assertThat(CheckPhase.offset("acme|other", 30_000)).isNotEqualTo(a);
  }

  @Test
  void should_spreadEndpoints_overTheInterval() {
    Set<Long> seconds = new HashSet<>();
    for (int i = 0; i < 300; i++) {
      seconds.add(CheckPhase.offset("tenant-" + (i % 7) + "|endpoint-" + i, 30_000) / 1_000);
    }
    assertThat(seconds)
        .as("300 endpoints fall into most of the 30 one-second slots")
        .hasSizeGreaterThan(25);
  }

  @Test
  void should_giveNextRun_strictlyAfterNow_atThePhase() {
    long interval = 30_000;
    long offset = 12_345;
    long now = 1_800_000_000_000L + 7;
    long next = CheckPhase.nextRun(now, offset, interval);
    assertThat(next).isGreaterThan(now).isLessThanOrEqualTo(now + interval);
    assertThat(Math.floorMod(next - offset, interval)).isZero();

    long aligned = next;
    assertThat(CheckPhase.nextRun(aligned, offset, interval)).isEqualTo(aligned + interval);
    assertThat(CheckPhase.nextRun(aligned - 1, offset, interval)).isEqualTo(aligned);
  }
}
