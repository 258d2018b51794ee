package io.obsera.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class StandaloneConfigTest {
  @Test
  void should_useDocumentedDefaults() {
    StandaloneConfig c = StandaloneConfig.fromEnv(Map.of());
    assertThat(c.bindHost()).isEqualTo("127.0.0.1");
    assertThat(c.otlpHttpPort()).isEqualTo(4318);
    assertThat(c.otlpGrpcPort()).isEqualTo(4317);
    assertThat(c.apiPort()).isEqualTo(8080);
    assertThat(c.clickHouseHttpPort()).isEqualTo(8123);
    assertThat(c.clickHouseTcpPort()).isEqualTo(9000);
    assertThat(c.kafkaPort()).isEqualTo(9092);
    assertThat(c.dataDir().toString()).endsWith("data");
    assertThat(c.externalClickHouseUrl()).isEmpty();
    assertThat(c.externalKafkaBootstrap()).isEmpty();
  }

  @Test
  void should_nameTheVariable_inEveryValidationError() {
    assertThatThrownBy(() -> StandaloneConfig.fromEnv(Map.of("OBSERA_API_PORT", "http")))
        .hasMessageContaining("OBSERA_API_PORT");
    assertThatThrownBy(() -> StandaloneConfig.fromEnv(Map.of("OBSERA_KAFKA_PORT", "-1")))
        .hasMessageContaining("OBSERA_KAFKA_PORT");
    assertThatThrownBy(() -> StandaloneConfig.fromEnv(Map.of("OBSERA_ADMIN_TOKEN", "short")))
        .hasMessageContaining("OBSERA_ADMIN_TOKEN");
    assertThatThrownBy(() -> StandaloneConfig.fromEnv(Map.of("OBSERA_ANALYST_PASSWORD", "x")))
        .hasMessageContaining("OBSERA_ANALYST_PASSWORD");
    assertThatThrownBy(
            () -> StandaloneConfig.fromEnv(Map.of("OBSERA_CLICKHOUSE_URL", "http://ch:8123")))
        .hasMessageContaining("OBSERA_CLICKHOUSE_USER");
    assertThatThrownBy(() -> StandaloneConfig.fromEnv(Map.of("OBSERA_KAFKA_PARTITIONS", "0")))
        .hasMessageContaining("OBSERA_KAFKA_PARTITIONS");
    assertThatThrownBy(() -> StandaloneConfig.fromEnv(Map.of("OBSERA_SECRET_KEY", "c2hvcnQ=")))
        .hasMessageContaining("OBSERA_SECRET_KEY must decode to 32 bytes");
  }

  @Test
  void should_takeExternalServers_fromTheEnvironment() {
    StandaloneConfig c =
        StandaloneConfig.fromEnv(
            Map.of(
                "OBSERA_CLICKHOUSE_URL", "http://ch:8123",
                "OBSERA_CLICKHOUSE_USER", "obsera",
                "OBSERA_KAFKA_BOOTSTRAP", "kafka:9092"));
    assertThat(c.externalClickHouseUrl()).contains("http://ch:8123");
    assertThat(c.externalKafkaBootstrap()).contains("kafka:9092");
  }
}
