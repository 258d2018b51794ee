package io.obsera.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.GenericRecord;
import io.obsera.testing.ObseraServersExtension;
import io.obsera.testing.TestClickHouse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Our raw tables keep the OpenTelemetry ClickHouse exporter's column layout (pinned in {@code
 * exporter-layout.tsv}), in the same order, with only {@code TenantId} put first and columns of
 * newer exporter versions ({@code EventName}) added: tools that read the exporter's schema can read
 * ours. Computed columns (ALIAS, MATERIALIZED: never inserted, not in {@code SELECT *}) are ours
 * too and are not part of that layout.
 */
@ExtendWith(ObseraServersExtension.class)
class ExporterLayoutIT {
  static final Set<String> OURS_ONLY = Set.of("TenantId", "EventName");

  @Test
  void should_matchThePinnedExporterLayout_columnByColumn() throws IOException {
    Map<String, List<String>> expected = pinnedLayout();
    try (Client client = TestClickHouse.adminClient()) {
      String db = TestClickHouse.createDatabase("layout");
      new SchemaMigrator(client, db).migrate();
      for (Map.Entry<String, List<String>> table : expected.entrySet()) {
        List<String> actual = new ArrayList<>();
        for (GenericRecord r :
            client.queryAll(
                "SELECT name, type FROM system.columns WHERE database = {db:String}"
                    + " AND table = {t:String} AND default_kind NOT IN ('ALIAS', 'MATERIALIZED')"
                    + " ORDER BY position",
                Map.of("db", db, "t", table.getKey()))) {
          if (!OURS_ONLY.contains(r.getString("name"))) {
            actual.add(r.getString("name") + " " + r.getString("type"));
          }
        }
        assertThat(actual).as(table.getKey()).containsExactlyElementsOf(table.getValue());
        assertThat(
                client
                    .queryAll(
                        "SELECT name FROM system.columns WHERE database = {db:String}"
                            + " AND table = {t:String} ORDER BY position LIMIT 1",
                        Map.of("db", db, "t", table.getKey()))
                    .get(0)
                    .getString("name"))
            .as("first column of %s", table.getKey())
            .isEqualTo("TenantId");
      }
    }
  }

  static Map<String, List<String>> pinnedLayout() throws IOException {
    Map<String, List<String>> out = new LinkedHashMap<>();
    try (InputStream in = ExporterLayoutIT.class.getResourceAsStream("/exporter-layout.tsv")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\t");
        out.computeIfAbsent(f[0], t -> new ArrayList<>()).add(f[1] + " " + f[2]);
      }
    }
    return out;
  }
}
