package io.obsera.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.GenericRecord;
import io.obsera.model.Regions;
import io.obsera.testing.ObseraServersExtension;
import io.obsera.testing.TestClickHouse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * V016 gives otel_traces a {@code Region} column computed from {@code ResourceAttributes} by the
 * rule of {@link Regions}: spans stored before it get it by the migration's mutation, spans stored
 * after at insert, and the column agrees with {@link Regions#of} on every kind of value, blank ones
 * included. The trace id index of V015 survives the mutation.
 */
@ExtendWith(ObseraServersExtension.class)
class RegionColumnMigrationIT {
  /** Resource attributes by span id, covering each branch of the rule. */
  static final Map<String, Map<String, String>> RESOURCES = new LinkedHashMap<>();

  static {
    RESOURCES.put("probe", Map.of(Regions.PROBE_REGION, "ap-south", Regions.CLOUD_REGION, "x"));
    RESOURCES.put("cloud", Map.of(Regions.CLOUD_REGION, "eu-west-1"));
    RESOURCES.put("blankprobe", Map.of(Regions.PROBE_REGION, " \t", Regions.CLOUD_REGION, "us-2"));
    RESOURCES.put("blankboth", Map.of(Regions.PROBE_REGION, "", Regions.CLOUD_REGION, "\r\n\f"));
    RESOURCES.put("none", Map.of("service.name", "checkout"));
    RESOURCES.put("padded", Map.of(Regions.CLOUD_REGION, " eu-west "));
    RESOURCES.put("nbsp", Map.of(Regions.CLOUD_REGION, "\u00a0"));
  }

  @Test
  void should_computeTheRegionOfOldAndNewSpans_asTheJavaRuleDoes() {
    try (Client client = TestClickHouse.adminClient()) {
      check(client);
    }
  }

  private static void check(Client client) {
    String db = TestClickHouse.createDatabase("region");
    new SchemaMigrator(client, db, MigrationSource.builtIn().upTo(15)).migrate();
    insert(client, db, "old-");
    SpanRows.insert(client, db, "2026-11-26 12:00:00", 0, 20_000);

    assertThat(new SchemaMigrator(client, db, MigrationSource.builtIn().upTo(16)).migrate())
        .isEqualTo(1);
    TraceParts.awaitMutations(client, db);
    insert(client, db, "new-");

    Map<String, String> stored = new LinkedHashMap<>();
    for (GenericRecord r :
        client.queryAll(
            "SELECT SpanId, Region FROM " + db + ".otel_traces WHERE ServiceName = 'regions'",
            Map.of())) {
      stored.put(r.getString("SpanId"), r.getString("Region"));
    }
    Map<String, String> expected = new LinkedHashMap<>();
    RESOURCES.forEach(
        (id, resource) -> {
          expected.put("old-" + id, Regions.of(resource));
          expected.put("new-" + id, Regions.of(resource));
        });
    assertThat(stored).containsExactlyInAnyOrderEntriesOf(expected);
    assertThat(expected)
        .containsEntry("old-probe", "ap-south")
        .containsEntry("old-blankprobe", "us-2")
        .containsEntry("old-blankboth", Regions.UNKNOWN)
        .containsEntry("old-padded", " eu-west ")
        .containsEntry("old-nbsp", "\u00a0");

    assertThat(
            client
                .queryAll(
                    "SELECT count() AS N FROM "
                        + db
                        + ".otel_traces WHERE ServiceName != 'regions' AND Region = 'eu-west'",
                    Map.of())
                .get(0)
                .getLong("N"))
        .as("bulk spans, materialized by the mutation")
        .isEqualTo(20_000);
    assertThat(TraceParts.withoutTraceIdIndex(client, db)).isEmpty();
    assertThat(
            client.queryAll(
                "SELECT name FROM system.parts WHERE database = {db:String}"
                    + " AND table = 'otel_traces' AND active AND name NOT IN (SELECT name"
                    + " FROM system.parts_columns WHERE database = {db:String}"
                    + " AND table = 'otel_traces' AND active AND column = 'Region')",
                Map.of("db", db)))
        .as("parts whose Region column was not written")
        .isEmpty();
  }

  /** One span per entry of {@link #RESOURCES}, span id {@code prefix + key}. */
  private static void insert(Client client, String db, String prefix) {
    StringBuilder values = new StringBuilder();
    Map<String, Object> params = new LinkedHashMap<>();
    int i = 0;
    for (Map.Entry<String, Map<String, String>> e : RESOURCES.entrySet()) {
      if (i > 0) {
        values.append(", ");
      }
      values.append("('acme', now64(9), 'regiontrace', {s").append(i).append(":String}");
      values.append(", 'op', 'regions', map(");
      params.put("s" + i, prefix + e.getKey());
      int j = 0;
      for (Map.Entry<String, String> kv : e.getValue().entrySet()) {
        values
            .append(j > 0 ? ", " : "")
            .append(literal(kv.getKey()) + ", " + literal(kv.getValue()));
        j++;
      }
      values.append("))");
      i++;
    }
    client.queryAll(
        "INSERT INTO "
            + db
            + ".otel_traces (TenantId, Timestamp, TraceId, SpanId, SpanName, ServiceName,"
            + " ResourceAttributes) VALUES "
            + values,
        params);
  }

  /**
   * A ClickHouse string literal of a test constant (query parameters are parsed in the escaped
   * format, where a raw tab or line break ends the value).
   */
  private static String literal(String v) {
    return "'"
        + v.replace("\\", "\\\\")
            .replace("'", "\\'")
            .replace("\t", "\\t")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
            .replace("\f", "\\f")
        + "'";
  }
}
