package io.obsera.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.GenericRecord;
import io.obsera.testing.ObseraServersExtension;
import io.obsera.testing.TestClickHouse;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The writer's exactly-once rests on ClickHouse dropping a re-inserted block with the same
 * deduplication token, which a non-replicated MergeTree only does with {@code
 * non_replicated_deduplication_window}. Every MergeTree table of the database gets it, including
 * those added by later migrations (this test fails for a new table without it).
 */
@ExtendWith(ObseraServersExtension.class)
class DeduplicationWindowIT {
  static final Pattern WINDOW = Pattern.compile("non_replicated_deduplication_window = (\\d+)");

  @Test
  void should_keepADeduplicationWindow_onEveryMergeTreeTable() {
    try (Client client = TestClickHouse.adminClient()) {
      keepsAWindowOnEveryTable(client);
    }
  }

  static void keepsAWindowOnEveryTable(Client client) {
    String db = TestClickHouse.createDatabase("dedup");
    new SchemaMigrator(client, db).migrate();

    List<GenericRecord> tables =
        client.queryAll(
            "SELECT name, engine_full FROM system.tables WHERE database = {db:String}"
                + " AND engine LIKE '%MergeTree' AND name != {m:String}",
            Map.of("db", db, "m", SchemaMigrator.TABLE));

    assertThat(tables).extracting(r -> r.getString("name")).contains("otel_traces_trace_id_ts");
    assertThat(tables)
        .allSatisfy(
            r -> {
              Matcher m = WINDOW.matcher(r.getString("engine_full"));
              assertThat(m.find())
                  .as(r.getString("name") + ": " + r.getString("engine_full"))
                  .isTrue();
              assertThat(Long.parseLong(m.group(1)))
                  .as(r.getString("name"))
                  .isGreaterThanOrEqualTo(1000);
            });
  }

  @Test
  void should_dropARepeatedInsert_withTheSameToken() throws Exception {
    try (Client client = TestClickHouse.adminClient()) {
      dropsARepeatedInsert(client);
    }
  }

  static void dropsARepeatedInsert(Client client) throws Exception {
    String db = TestClickHouse.createDatabase("dedup");
    new SchemaMigrator(client, db).migrate();
    String insert =
        "INSERT INTO "
            + db
            + ".usage_hourly SETTINGS insert_deduplication_token = 'usage_hourly:t-0:0-1'"
            + " VALUES ('t', now(), 1, 0, 0, 0, 1)";

    client.execute(insert).get().close();
    client.execute(insert).get().close();

    assertThat(
            client.queryAll("SELECT count() AS c FROM " + db + ".usage_hourly").get(0).getLong("c"))
        .isEqualTo(1);
  }
}
