package io.obsera.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.GenericRecord;
import io.obsera.testing.ObseraServersExtension;
import io.obsera.testing.TestClickHouse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * V018 adds {@code Before} and {@code After} to {@code audit_log}: rows stored before it stay
 * readable (both '' there), rows stored after carry their snapshots.
 */
@ExtendWith(ObseraServersExtension.class)
class AuditSnapshotsMigrationIT {
  @Test
  void should_keepOldAuditRowsReadable_andStoreSnapshotsOfNewOnes() {
    try (Client client = TestClickHouse.adminClient()) {
      String db = TestClickHouse.createDatabase("audit_snapshots");
      new SchemaMigrator(client, db, MigrationSource.builtIn().upTo(17)).migrate();
      client.queryAll(
          "INSERT INTO "
              + db
              + ".audit_log VALUES ('acme', now64(3), 'old', 'user:u', 'PUT /api/v1/slos/{id}',"
              + " 'id=co', 200, '{}', '10.0.0.1')",
          Map.of());

      assertThat(new SchemaMigrator(client, db, MigrationSource.builtIn().upTo(18)).migrate())
          .isEqualTo(1);
      client.queryAll(
          "INSERT INTO "
              + db
              + ".audit_log (TenantId, Time, EventId, Actor, Action, Object, Outcome, Detail,"
              + " ClientAddress, Before, After) VALUES ('acme', now64(3), 'new', 'user:u',"
              + " 'PUT /api/v1/slos/{id}', 'id=co', 200, '{}', '10.0.0.1', '{\"v\":1}',"
              + " '{\"v\":2}')",
          Map.of());

      List<GenericRecord> rows =
          client.queryAll(
              "SELECT EventId, Actor, Before, After FROM "
                  + db
                  + ".audit_log FINAL ORDER BY EventId DESC",
              Map.of());
      assertThat(rows).hasSize(2);
      assertThat(rows.get(0).getString("EventId")).isEqualTo("old");
      assertThat(rows.get(0).getString("Actor")).isEqualTo("user:u");
      assertThat(rows.get(0).getString("Before")).isEmpty();
      assertThat(rows.get(0).getString("After")).isEmpty();
      assertThat(rows.get(1).getString("Before")).isEqualTo("{\"v\":1}");
      assertThat(rows.get(1).getString("After")).isEqualTo("{\"v\":2}");
    }
  }
}
