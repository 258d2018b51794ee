package io.obsera.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.GenericRecord;
import io.obsera.testing.ObseraServersExtension;
import io.obsera.testing.TestClickHouse;
import java.util.List;
import java.util.Map;
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
  private static final int SPANS = 20_000;
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
    client.queryAll(
        "INSERT INTO "
            + db
            + ".otel_traces (TenantId, Timestamp, TraceId, SpanId, ParentSpanId, SpanName,"
            + " ServiceName, ResourceAttributes, SpanAttributes, Duration, StatusCode)"
            + " SELECT 'acme', toDateTime64('2026-11-26 12:00:00', 9) + toIntervalSecond(number * 4),"
            + " lower(hex(MD5(toString(intDiv(number, 10))))),"
            + " substring(lower(hex(MD5(toString(number)))), 1, 16), '', concat('op-', toString(number % 40)),"
            + " concat('svc-', toString(number % 12)),"
            + " map('service.name', concat('svc-', toString(number % 12)), 'cloud.region', 'eu-west'),"
            + " map('http.route', concat('/items/', toString(number)), 'http.method', 'GET'),"
            + " number * 1000, 'Ok' FROM numbers({n:UInt32})",
        Map.of("n", SPANS));
    GenericRecord before = fingerprint(db);
    assertThat(before.getLong("N")).isEqualTo(SPANS);
    assertThat(before.getLong("Days")).as("two partitions").isEqualTo(2);
    assertThat(granuleBytes(db)).isEmpty();

    assertThat(new SchemaMigrator(client, db).migrate()).isEqualTo(1);

    GenericRecord after = fingerprint(db);
    assertThat(after.getLong("N")).isEqualTo(SPANS);
    assertThat(after.getString("H")).isEqualTo(before.getString("H"));
    assertThat(granuleBytes(db)).contains("index_granularity_bytes = 262144");
    assertThat(
            client.queryAll(
                "SELECT name FROM system.tables WHERE database = {db:String}"
                    + " AND name LIKE 'otel_traces%' ORDER BY name",
                Map.of("db", db)))
        .extracting(r -> r.getString("name"))
        .containsExactly("otel_traces", "otel_traces_trace_id_ts", "otel_traces_trace_id_ts_mv");

    client.queryAll(
        "INSERT INTO "
            + db
            + ".otel_traces (TenantId, Timestamp, TraceId, SpanId, SpanName, ServiceName)"
            + " VALUES ('acme', now64(9), 'a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1', '00f067aa0ba902b7',"
            + " 'GET /new', 'svc-new')");
    assertThat(
            client
                .queryAll(
                    "SELECT count() AS N FROM "
                        + db
                        + ".otel_traces_trace_id_ts WHERE TraceId = 'a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1'")
                .get(0)
                .getLong("N"))
        .isEqualTo(1);

    client.queryAll("OPTIMIZE TABLE " + db + ".otel_traces FINAL");
    List<GenericRecord> parts =
        client.queryAll(
            "SELECT sum(rows) AS R, sum(marks) AS M FROM system.parts WHERE active"
                + " AND database = {db:String} AND table = 'otel_traces'",
            Map.of("db", db));
    long rowsPerGranule = parts.get(0).getLong("R") / parts.get(0).getLong("M");
    assertThat(rowsPerGranule).as("rows per granule once rewritten").isLessThan(2048);
    assertThat(fingerprint(db).getLong("N")).isEqualTo(SPANS + 1);
  }

  private static GenericRecord fingerprint(String db) {
    return client.queryAll(String.format(FINGERPRINT, db)).get(0);
  }

  /** The table's index_granularity_bytes setting as written in its engine clause, or "". */
  private static String granuleBytes(String db) {
    String engine =
        client
            .queryAll(
                "SELECT engine_full FROM system.tables WHERE database = {db:String}"
                    + " AND name = 'otel_traces'",
                Map.of("db", db))
            .get(0)
            .getString("engine_full");
    int at = engine.indexOf("index_granularity_bytes");
    return at < 0 ? "" : engine.substring(at, engine.indexOf(',', at));
  }
}
