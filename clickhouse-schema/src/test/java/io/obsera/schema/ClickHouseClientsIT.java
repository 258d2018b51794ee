package io.obsera.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.clickhouse.client.api.Client;
import io.obsera.model.ClickHouseSettings;
import io.obsera.testing.ObseraServersExtension;
import io.obsera.testing.SharedServers;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The services' own ClickHouse client (query service and writer) against the real server: every
 * query runs under {@code max_execution_time} from {@code OBSERA_CLICKHOUSE_MAX_EXECUTION_SECONDS},
 * so ClickHouse cancels a runaway one.
 */
@ExtendWith(ObseraServersExtension.class)
class ClickHouseClientsIT {

  static ClickHouseSettings settings(Map<String, String> env) {
    SharedServers.ClickHouseEndpoint e = SharedServers.clickHouse();
    Map<String, String> all = new java.util.HashMap<>(env);
    all.put("OBSERA_CLICKHOUSE_URL", e.httpUrl());
    all.put("OBSERA_CLICKHOUSE_USER", e.user());
    all.put("OBSERA_CLICKHOUSE_PASSWORD", e.password());
    all.put("OBSERA_CLICKHOUSE_DATABASE", "default");
    return ClickHouseSettings.fromEnv(all);
  }

  @Test
  void should_sendTheConfiguredTimeLimit_withEveryQuery() {
    try (Client byDefault = ClickHouseClients.create(settings(Map.of()));
        Client configured =
            ClickHouseClients.create(
                settings(Map.of("OBSERA_CLICKHOUSE_MAX_EXECUTION_SECONDS", "7")))) {
      assertThat(limit(byDefault)).isEqualTo("60");
      assertThat(limit(configured)).isEqualTo("7");
    }
  }

  @Test
  void should_haveClickHouseCancelAQuery_runningLongerThanTheLimit() {
    try (Client client =
        ClickHouseClients.create(
            settings(Map.of("OBSERA_CLICKHOUSE_MAX_EXECUTION_SECONDS", "1")))) {
      // 4 s without a limit; ClickHouse checks the limit between blocks and refuses the result
      assertThatThrownBy(
              () ->
                  client
                      .queryAll(
                          "SELECT sleepEachRow(0.1) FROM numbers(40) SETTINGS max_block_size = 1")
                      .size())
          .hasStackTraceContaining("TIMEOUT_EXCEEDED");
    }
  }

  private static String limit(Client client) {
    return client
        .queryAll("SELECT toString(getSetting('max_execution_time')) AS s")
        .get(0)
        .getString("s");
  }
}
