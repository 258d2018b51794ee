package io.obsera.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

@ExtendWith(ObseraServersExtension.class)
class SchemaMigratorIT {
  static Client client;

  @BeforeAll
  static void setUp() {
    client = TestClickHouse.adminClient();
  }

  @AfterAll
  static void tearDown() {
    client.close();
  }

  static String freshDatabaseName() {
    // The migrator creates the database itself: take a unique name and drop the empty database.
    String db = TestClickHouse.createDatabase("migrate");
    client.queryAll("DROP DATABASE " + db);
    return db;
  }

  @Test
  void should_applyAllMigrationsOnce_andRecordThem() {
    String db = freshDatabaseName();
    SchemaMigrator migrator = new SchemaMigrator(client, db);

    int first = migrator.migrate();
    int second = new SchemaMigrator(client, db).migrate();

    int expected = MigrationSource.builtIn().load().size();
    assertThat(first).isEqualTo(expected);
    assertThat(second).isZero();
    List<GenericRecord> recorded =
        client.queryAll(
            "SELECT File FROM " + db + "." + SchemaMigrator.TABLE + " ORDER BY Version");
    assertThat(recorded).extracting(r -> r.getString("File")).startsWith("V001__otel_traces.sql");
    assertThat(recorded).hasSize(expected);
  }

  @Test
  void should_listPendingMigrations_withoutApplyingThem() {
    String db = freshDatabaseName();
    SchemaMigrator migrator = new SchemaMigrator(client, db);
    // nothing to read yet: the database does not exist
    assertThatThrownBy(migrator::pending)
        .isInstanceOf(MigrationException.class)
        .hasMessageContaining(db + "." + SchemaMigrator.TABLE);

    migrator.migrate();
    assertThat(migrator.pending()).isEmpty();
    client.queryAll(
        "DELETE FROM " + db + "." + SchemaMigrator.TABLE + " WHERE File = 'V001__otel_traces.sql'");
    assertThat(migrator.pending()).containsExactly("V001__otel_traces.sql");
  }

  @Test
  void should_createExporterTables_withTenantFirstInSortKey() {
    String db = freshDatabaseName();
    new SchemaMigrator(client, db).migrate();

    List<GenericRecord> tables =
        client.queryAll(
            "SELECT name, sorting_key FROM system.tables WHERE database = {db:String}"
                + " AND engine LIKE '%MergeTree' AND name != {m:String}",
            Map.of("db", db, "m", SchemaMigrator.TABLE));
    assertThat(tables)
        .extracting(r -> r.getString("name"))
        .contains("otel_traces", "otel_traces_trace_id_ts", "otel_logs", "trace_span_counts");
    assertThat(tables)
        .allSatisfy(r -> assertThat(r.getString("sorting_key")).startsWith("TenantId"));
    List<GenericRecord> cols =
        client.queryAll(
            "SELECT name, type FROM system.columns WHERE database = {db:String} AND table = 'otel_traces'"
                + " ORDER BY position",
            Map.of("db", db));
    assertThat(cols.get(0).getString("name")).isEqualTo("TenantId");
    assertThat(cols.get(0).getString("type")).isEqualTo("LowCardinality(String)");
    assertThat(cols)
        .extracting(r -> r.getString("name"))
        .contains(
            "Timestamp",
            "TraceId",
            "SpanId",
            "ParentSpanId",
            "SpanName",
            "SpanKind",
            "ServiceName",
            "ResourceAttributes",
            "SpanAttributes",
            "Duration",
            "StatusCode",
            "StatusMessage",
            "Events.Timestamp",
            "Links.TraceId");
  }

  @Test
  void should_stopNamingTheFile_andQuotingClickHouse_whenMigrationFails() {
    String db = freshDatabaseName();
    SchemaMigrator migrator =
        new SchemaMigrator(client, db, new MigrationSource("/broken-migrations/"));

    assertThatThrownBy(migrator::migrate)
        .isInstanceOf(MigrationException.class)
        .hasMessageContaining("V002__broken.sql")
        .hasMessageContaining("Syntax error");
    // The good migration before it stays applied and recorded; the broken one is not recorded.
    assertThat(client.queryAll("SELECT File FROM " + db + "." + SchemaMigrator.TABLE))
        .extracting(r -> r.getString("File"))
        .containsExactly("V001__ok.sql");
  }

  @Test
  void should_refuseToStart_whenAnAppliedMigrationChanged() {
    String db = freshDatabaseName();
    // First run: V001 applies, V002 fails.
    assertThatThrownBy(
            () ->
                new SchemaMigrator(client, db, new MigrationSource("/broken-migrations/"))
                    .migrate())
        .isInstanceOf(MigrationException.class);
    client.queryAll(
        "ALTER TABLE "
            + db
            + "."
            + SchemaMigrator.TABLE
            + " UPDATE Checksum = 'x' WHERE Version = 1"
            + " SETTINGS mutations_sync = 1");

    assertThatThrownBy(
            () ->
                new SchemaMigrator(client, db, new MigrationSource("/broken-migrations/"))
                    .migrate())
        .isInstanceOf(MigrationException.class)
        .hasMessageContaining("V001__ok.sql was changed after it was applied");
  }
}
