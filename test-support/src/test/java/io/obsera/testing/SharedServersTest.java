package io.obsera.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SharedServersTest {

  @Test
  void should_useExternalClickHouse_whenUrlIsSet() {
    SharedServers.ClickHouseEndpoint endpoint =
        SharedServers.external(
            Map.of(
                "OBSERA_CLICKHOUSE_URL", "http://ch:8123/",
                "OBSERA_CLICKHOUSE_USER", "svc",
                "OBSERA_CLICKHOUSE_PASSWORD", "pw"));

    assertThat(endpoint)
        .isEqualTo(
            new SharedServers.ClickHouseEndpoint("http://ch:8123", "svc", "pw", "svc", "pw"));
  }

  @Test
  void should_startEmbeddedClickHouse_whenNoUrlIsSet() {
    assertThat(SharedServers.external(Map.of("OBSERA_CLICKHOUSE_USER", "svc"))).isNull();
  }

  @Test
  void should_makeValidDistinctIdentifiers() {
    String name = UniqueNames.identifier("9-Lives.db");

    assertThat(name).matches("t_9_lives_db_[0-9a-f]{12}");
    assertThat(UniqueNames.identifier("x")).isNotEqualTo(UniqueNames.identifier("x"));
  }
}
