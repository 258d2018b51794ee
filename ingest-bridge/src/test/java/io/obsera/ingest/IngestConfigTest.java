package io.obsera.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class IngestConfigTest {
  @Test
  void should_useDefaults_andPassKafkaOverrides() {
    IngestConfig c =
        IngestConfig.fromEnv(Map.of("OBSERA_KAFKA_BOOTSTRAP", "k:9092", "KAFKA_LINGER_MS", "20"));
    assertThat(c.otlpHttpPort()).isEqualTo(4318);
    assertThat(c.bindHost()).isEqualTo("127.0.0.1");
    assertThat(c.kafkaOverrides()).containsEntry("linger.ms", "20");
    assertThat(c.groupCommitMillis()).isEqualTo(2);
    assertThat(c.limits().maxAttributesPerItem()).isEqualTo(128);
  }

  @Test
  void should_nameTheVariable_whenValueInvalid() {
    assertThatThrownBy(() -> IngestConfig.fromEnv(Map.of()))
        .hasMessageContaining("OBSERA_KAFKA_BOOTSTRAP");
    assertThatThrownBy(
            () ->
                IngestConfig.fromEnv(
                    Map.of("OBSERA_KAFKA_BOOTSTRAP", "k:9092", "OBSERA_OTLP_HTTP_PORT", "abc")))
        .hasMessageContaining("OBSERA_OTLP_HTTP_PORT");
    assertThatThrownBy(
            () ->
                IngestConfig.fromEnv(
                    Map.of("OBSERA_KAFKA_BOOTSTRAP", "k:9092", "OBSERA_OTLP_HTTP_PORT", "70000")))
        .hasMessageContaining("OBSERA_OTLP_HTTP_PORT");
    assertThatThrownBy(
            () ->
                IngestConfig.fromEnv(
                    Map.of("OBSERA_KAFKA_BOOTSTRAP", "k:9092", "OBSERA_INGEST_RATE", "0")))
        .hasMessageContaining("OBSERA_INGEST_RATE");
    assertThatThrownBy(
            () ->
                IngestConfig.fromEnv(
                    Map.of("OBSERA_KAFKA_BOOTSTRAP", "k:9092", "OBSERA_INGEST_INSTANCE_ID", "a b")))
        .hasMessageContaining("OBSERA_INGEST_INSTANCE_ID");
  }
}
