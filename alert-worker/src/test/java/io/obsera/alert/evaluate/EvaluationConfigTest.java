package io.obsera.alert.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvaluationConfigTest {
  @Test
  void should_useDefaults_andTheKafkaPartitions_whenUnset() {
    EvaluationConfig c = EvaluationConfig.fromEnv(Map.of("OBSERA_KAFKA_PARTITIONS", "6"));
    assertThat(c.interval()).isEqualTo(Duration.ofSeconds(15));
    assertThat(c.partitions()).isEqualTo(6);
    assertThat(c.resolvedRetention()).isEqualTo(Duration.ofDays(7));
    assertThat(EvaluationConfig.defaults().partitions()).isEqualTo(3);
  }

  @Test
  void should_nameTheVariable_whenAValueIsBad() {
    assertThatThrownBy(
            () -> EvaluationConfig.fromEnv(Map.of("OBSERA_ALERT_EVAL_INTERVAL_MS", "50")))
        .hasMessageContaining("OBSERA_ALERT_EVAL_INTERVAL_MS");
    assertThatThrownBy(
            () -> EvaluationConfig.fromEnv(Map.of("OBSERA_ALERT_EVAL_INTERVAL_MS", "soon")))
        .hasMessageContaining("OBSERA_ALERT_EVAL_INTERVAL_MS");
    assertThatThrownBy(() -> EvaluationConfig.fromEnv(Map.of("OBSERA_ALERT_EVAL_PARTITIONS", "0")))
        .hasMessageContaining("OBSERA_ALERT_EVAL_PARTITIONS");
    assertThatThrownBy(
            () -> EvaluationConfig.fromEnv(Map.of("OBSERA_ALERT_EVAL_RESOLVED_RETENTION_MS", "5")))
        .hasMessageContaining("OBSERA_ALERT_EVAL_RESOLVED_RETENTION_MS");
  }
}
