package io.obsera.query.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.obsera.query.ResultCaps;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A ClickHouse server that lets every user read the system tables (as ClickHouse did by default
 * before {@code select_from_system_db_requires_grant}): the query service finds out with a reader's
 * login, disables {@code /sql} and panels with a 503 naming the reason, and {@code /health} shows
 * it.
 */
class SystemTablesExposureRestartIT {
  static final String SYSTEM_TABLES_FOR_EVERYONE =
      """
      <clickhouse>
        <access_control_improvements>
          <select_from_system_db_requires_grant>false</select_from_system_db_requires_grant>
        </access_control_improvements>
      </clickhouse>
      """;
  @TempDir static Path dataDir;
  static OwnClickHouseFixture f;

  @BeforeAll
  static void start() throws Exception {
    f =
        OwnClickHouseFixture.start(
            dataDir,
            OwnClickHouseFixture.LIMITS,
            ResultCaps.defaults(),
            SYSTEM_TABLES_FOR_EVERYONE);
  }

  @AfterAll
  static void stop() {
    if (f != null) {
      f.close();
    }
  }

  @Test
  void should_disableSqlAndPanels_andSayWhyInHealth_whenAReaderCanReadSystemTables()
      throws Exception {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> f.sqlText(f.keyA, "SELECT 1").body().contains("SQL is disabled"));

    HttpResponse<String> sql = f.sqlText(f.keyA, "SELECT query FROM system.processes");
    f.call(
        "POST",
        "/api/v1/dashboards",
        f.keyB,
        "{\"id\":\"d\",\"title\":\"D\",\"panels\":[{\"id\":\"p\",\"title\":\"P\",\"sql\":\"SELECT"
            + " 1\"}]}");
    HttpResponse<String> panel = f.call("POST", "/api/v1/dashboards/d/panels/p/run", f.keyB, "{}");
    JsonNode health = OwnClickHouseFixture.json(f.call("GET", "/health", null, null));

    assertThat(sql.statusCode()).isEqualTo(503);
    assertThat(OwnClickHouseFixture.json(sql).get("message").asText())
        .startsWith("SQL is disabled: tenant reader analyst_")
        .contains("can read system.processes", "select_from_system_db_requires_grant");
    assertThat(panel.statusCode()).as(panel.body()).isEqualTo(503);
    assertThat(panel.body()).contains("SQL is disabled");
    assertThat(health.at("/sql/status").asText()).isEqualTo("disabled");
    assertThat(health.at("/sql/reason").asText()).contains("can read system.processes");
  }
}
