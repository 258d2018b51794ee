package io.obsera.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.QueryResponse;
import com.clickhouse.client.api.query.QuerySettings;
import io.obsera.testing.ObseraServersExtension;
import io.obsera.testing.TestClickHouse;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * V015 gives otel_traces a trace id index (a {@code _part_offset} projection): spans stored before
 * it get the index by the migration's mutation, spans stored after at insert, and a lookup by trace
 * id with skip indexes off then reads a few granules instead of the table. The retention sweeper's
 * lightweight DELETE must still work on the table, and keep the index.
 */
@ExtendWith(ObseraServersExtension.class)
class TraceIdProjectionMigrationIT {
  private static final int SPANS = 200_000;

  /** The span lookup of TraceRepository, reduced to what matters here. */
  private static final String LOOKUP =
      "SELECT SpanId FROM %s.otel_traces WHERE TenantId = 'acme' AND TraceId = {t:String}"
          + " SETTINGS use_skip_indexes = 0, min_table_rows_to_use_projection_index = 0";

  @Test
  void should_indexOldAndNewSpans_byTraceId_andKeepTheIndexThroughRetentionDeletes()
      throws Exception {
    try (Client client = TestClickHouse.adminClient()) {
      check(client);
    }
  }

  private static void check(Client client) throws Exception {
    String db = TestClickHouse.createDatabase("traceidx");
    new SchemaMigrator(client, db, MigrationSource.builtIn().upTo(14)).migrate();
    SpanRows.insert(client, db, "2026-11-26 12:00:00", 0, SPANS);
    String old = SpanRows.traceId(client, 1234);
    assertThat(lookup(client, db, old).rows())
        .as("without the index: the whole table")
        .isEqualTo(SPANS);

    assertThat(new SchemaMigrator(client, db, MigrationSource.builtIn().upTo(15)).migrate())
        .isEqualTo(1);
    TraceParts.awaitMutations(client, db);
    assertThat(TraceParts.withoutTraceIdIndex(client, db)).isEmpty();
    Lookup indexed = lookup(client, db, old);
    assertThat(indexed.spans()).isEqualTo(10);
    assertThat(indexed.rows())
        .as("granules of 512 rows holding the trace")
        .isLessThan(10 * 512 + 1);

    SpanRows.insert(client, db, "2026-11-28 00:00:00", 10_000_000, 20_000);
    String fresh = SpanRows.traceId(client, 1_000_123);
    assertThat(TraceParts.withoutTraceIdIndex(client, db)).isEmpty();
    assertThat(lookup(client, db, fresh).spans()).isEqualTo(10);

    // The retention sweeper's kind of delete: a day goes, the other parts keep their index.
    client.queryAll("DELETE FROM " + db + ".otel_traces WHERE toDate(Timestamp) = '2026-11-26'");
    TraceParts.awaitMutations(client, db);
    assertThat(lookup(client, db, old).spans()).isZero();
    assertThat(TraceParts.withoutTraceIdIndex(client, db)).isEmpty();
    Lookup after = lookup(client, db, SpanRows.traceId(client, 18_000));
    assertThat(after.spans()).as("a trace of the second day").isEqualTo(10);
    assertThat(after.rows()).isLessThan(10 * 512 + 1);
  }

  record Lookup(long spans, long rows) {}

  private static Lookup lookup(Client client, String db, String traceId) throws Exception {
    QuerySettings settings = new QuerySettings().serverSetting("wait_end_of_query", "1");
    try (QueryResponse r =
        client
            .query(String.format(LOOKUP, db), Map.of("t", traceId), settings)
            .get(60, TimeUnit.SECONDS)) {
      return new Lookup(r.getResultRows(), r.getReadRows());
    }
  }
}
