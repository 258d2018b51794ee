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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * V014 recreates otel_traces with small granules (the trace-by-id lookup decompresses whole
 * granules): the spans stored before it must all still be there, unchanged, and the trace-id lookup
 * view must keep following inserts into the new table.
 */
@ExtendWith(ObseraServersExtension.class)
class SmallGranulesMigrationIT {
  /**
   * The first day holds more than vertical_merge_algorithm_min_rows_to_activate: a vertical merge.
   */
  private static final int SPANS = 300_000;

  private static final String FINGERPRINT =
      "SELECT count() AS N, sum(cityHash64(TenantId, Timestamp, TraceId, SpanId, ParentSpanId,"
          + " SpanName, ServiceName, SpanAttributes, ResourceAttributes, Duration, StatusCode))"
          + " AS H, uniqExact(toDate(Timestamp)) AS Days FROM %s.otel_traces";

  static Client client;

  @BeforeAll
  static void setUp() {
    client = TestClickHouse.adminClient();
  }

  @AfterAll
  static void tearDown() {
    client.close();
  }

  @Test
  void should_keepEverySpan_andTheTraceIdLookup_whenOtelTracesGetsSmallGranules() {
    String db = TestClickHouse.createDatabase("granules");
    new SchemaMigrator(client, db, MigrationSource.builtIn().upTo(13)).migrate();
    SpanRows.insert(client, db, "2026-11-26 12:00:00", 0, SPANS);
    GenericRecord before = fingerprint(db);
    assertThat(before.getLong("N")).isEqualTo(SPANS);
    assertThat(before.getLong("Days")).as("two partitions").isEqualTo(2);
    assertThat(granularity(db)).isEqualTo("8192");
    List<String> indexes = skipIndexes(db);
    assertThat(indexes)
        .contains("idx_trace_id bloom_filter TraceId", "idx_timestamp minmax Timestamp");

    assertThat(new SchemaMigrator(client, db, MigrationSource.builtIn().upTo(14)).migrate())
        .isEqualTo(1);

    assertThat(skipIndexes(db)).isEqualTo(indexes);

    GenericRecord after = fingerprint(db);
    assertThat(after.getLong("N")).isEqualTo(SPANS);
    assertThat(after.getString("H")).isEqualTo(before.getString("H"));
    assertThat(granularity(db)).isEqualTo("512");
    assertThat(
            client.queryAll(
                "SELECT name FROM system.tables WHERE database = {db:String}"
                    + " AND name LIKE 'otel_traces%' ORDER BY name",
                Map.of("db", db)))
        .extracting(r -> r.getString("name"))
        .containsExactly("otel_traces", "otel_traces_trace_id_ts", "otel_traces_trace_id_ts_mv");

    // New spans: the lookup view still sees them, and merging them keeps the small granules.
    SpanRows.insert(client, db, "2026-11-28 00:00:00", 10_000_000, 70_000);
    SpanRows.insert(client, db, "2026-11-28 05:00:00", 20_000_000, 70_000);
    assertThat(
            client
                .queryAll(
                    "SELECT uniqExact(TraceId) AS N FROM "
                        + db
                        + ".otel_traces_trace_id_ts WHERE toDate(Start) = '2026-11-28'")
                .get(0)
                .getLong("N"))
        .isEqualTo(14_000);
    client.queryAll("OPTIMIZE TABLE " + db + ".otel_traces PARTITION '2026-11-28' FINAL");
    assertThat(rowsPerGranule(db, "2026-11-28")).isLessThanOrEqualTo(512);

    // Attached parts keep 8192 rows a granule; a merge rewrites them small only when it is not
    // vertical (a vertical merge keeps the granules of its parts): the README's backfill.
    assertThat(rowsPerGranule(db, "2026-11-26")).isGreaterThan(4096);
    client.queryAll(
        "ALTER TABLE " + db + ".otel_traces MODIFY SETTING enable_vertical_merge_algorithm = 0");
    client.queryAll("OPTIMIZE TABLE " + db + ".otel_traces PARTITION '2026-11-26' FINAL");
    client.queryAll(
        "ALTER TABLE " + db + ".otel_traces RESET SETTING enable_vertical_merge_algorithm");
    assertThat(rowsPerGranule(db, "2026-11-26")).isLessThanOrEqualTo(512);
    assertThat(fingerprint(db).getLong("N")).isEqualTo(SPANS + 140_000);
  }

  private static List<String> skipIndexes(String db) {
    return client
        .queryAll(
            "SELECT concat(name, ' ', type, ' ', expr) AS I FROM system.data_skipping_indices"
                + " WHERE database = {db:String} AND table = 'otel_traces' ORDER BY name",
            Map.of("db", db))
        .stream()
        .map(r -> r.getString("I"))
        .toList();
  }

  private static long rowsPerGranule(String db, String day) {
    GenericRecord r =
        client
            .queryAll(
                "SELECT sum(rows) AS R, sum(marks) AS M FROM system.parts WHERE active"
                    + " AND database = {db:String} AND table = 'otel_traces'"
                    + " AND partition = {day:String}",
                Map.of("db", db, "day", day))
            .get(0);
    return r.getLong("R") / r.getLong("M");
  }

  private static GenericRecord fingerprint(String db) {
    return client.queryAll(String.format(FINGERPRINT, db)).get(0);
  }

  /** The table's index_granularity setting as written in its engine clause. */
  private static String granularity(String db) {
    String engine =
        client
            .queryAll(
                "SELECT engine_full FROM system.tables WHERE database = {db:String}"
                    + " AND name = 'otel_traces'",
                Map.of("db", db))
            .get(0)
            .getString("engine_full");
    Matcher m = Pattern.compile("index_granularity = (\\d+)").matcher(engine);
    assertThat(m.find()).as(engine).isTrue();
    return m.group(1);
  }
}
