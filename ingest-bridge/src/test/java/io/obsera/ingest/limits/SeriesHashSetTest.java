package io.obsera.ingest.limits;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SeriesHashSetTest {
  @Test
  void should_holdDistinctHashesUpToItsCap_zeroIncluded() {
    SeriesHashSet s = new SeriesHashSet(1_000);
    for (long h = -500; h < 500; h++) {
      assertThat(s.add(h * 0x10000L)).isTrue();
    }
    assertThat(s.add(0)).isFalse();
    assertThat(s.add(12345)).as("over the cap").isFalse();
    assertThat(s.size()).isEqualTo(1_000);
    for (long h = -500; h < 500; h++) {
      assertThat(s.contains(h * 0x10000L)).isTrue();
    }
    assertThat(s.contains(12345)).isFalse();
    assertThat(s.tableBytes()).isEqualTo(8 * 2048);
  }
}
