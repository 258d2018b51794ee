package io.obsera.writer.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class WriterConfigTest {
  static WriterConfig config(Map<String, String> kafka) {
    return new WriterConfig("localhost:9092", "w", 1000, 500, 30_000, 200, 10_000, kafka);
  }

  @Test
  void should_pollWithinAThirdOfTheMaxPollInterval() {
    assertThat(config(Map.of()).pollBudgetMillis()).isEqualTo(100_000);
    assertThat(config(Map.of("max.poll.interval.ms", "60000")).pollBudgetMillis())
        .isEqualTo(20_000);
  }

  @Test
  void should_refuseAMaxPollInterval_thatARetryingInsertWouldExceed() {
    assertThatThrownBy(() -> config(Map.of("max.poll.interval.ms", "40000")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("KAFKA_MAX_POLL_INTERVAL_MS");
    assertThatThrownBy(() -> config(Map.of("max.poll.interval.ms", "soon")))
        .hasMessageContaining("KAFKA_MAX_POLL_INTERVAL_MS");
  }
}
