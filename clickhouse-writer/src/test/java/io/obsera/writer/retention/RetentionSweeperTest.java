package io.obsera.writer.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetentionSweeperTest {
  @Test
  void should_quoteArrayParameters_escapingQuotesAndBackslashes() {
    assertThat(RetentionSweeper.arrayLiteral(List.of())).isEqualTo("[]");
    assertThat(RetentionSweeper.arrayLiteral(List.of("a", "o'k", "b\\c")))
        .isEqualTo("['a','o\\'k','b\\\\c']");
  }

  @Test
  void should_nameTheVariable_whenRetentionConfigIsInvalid() {
    assertThatThrownBy(() -> RetentionConfig.fromEnv(Map.of("OBSERA_RETENTION_DAYS", "0")))
        .hasMessageContaining("OBSERA_RETENTION_DAYS");
    assertThatThrownBy(() -> RetentionConfig.fromEnv(Map.of("OBSERA_RETENTION_SWEEP_MS", "5")))
        .hasMessageContaining("OBSERA_RETENTION_SWEEP_MS");
    assertThat(RetentionConfig.defaults()).isEqualTo(new RetentionConfig(30, Duration.ofHours(1)));
  }
}
