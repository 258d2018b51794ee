package io.obsera.streams.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SloConfigTest {
  @Test
  void should_default_to5sFlush_and60sBurnInterval() {
    assertThat(SloConfig.fromEnv(Map.of()))
        .isEqualTo(new SloConfig(Duration.ofSeconds(5), Duration.ofSeconds(60)));
    assertThat(
            SloConfig.fromEnv(
                Map.of("OBSERA_SLO_FLUSH_MS", "250", "OBSERA_SLO_BURN_INTERVAL_MS", "1000")))
        .isEqualTo(new SloConfig(Duration.ofMillis(250), Duration.ofSeconds(1)));
  }

  @Test
  void should_nameTheVariable_whenAValueIsBad() {
    assertThatThrownBy(() -> SloConfig.fromEnv(Map.of("OBSERA_SLO_FLUSH_MS", "5")))
        .hasMessageContaining("OBSERA_SLO_FLUSH_MS");
    assertThatThrownBy(() -> SloConfig.fromEnv(Map.of("OBSERA_SLO_BURN_INTERVAL_MS", "soon")))
        .hasMessageContaining("OBSERA_SLO_BURN_INTERVAL_MS");
    assertThatThrownBy(() -> SloConfig.fromEnv(Map.of("OBSERA_SLO_BURN_INTERVAL_MS", "0")))
        .hasMessageContaining("OBSERA_SLO_BURN_INTERVAL_MS");
  }
}
