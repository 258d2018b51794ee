package io.obsera.schema;

import com.clickhouse.client.api.Client;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;

/** What migration tests check on the parts of {@code otel_traces} after a mutation. */
final class TraceParts {
  private TraceParts() {}

  /** Waits until no mutation of {@code db.otel_traces} is pending. */
  static void awaitMutations(Client client, String db) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                client
                        .queryAll(
                            "SELECT count() AS N FROM system.mutations WHERE database = {db:String}"
                                + " AND table = 'otel_traces' AND NOT is_done",
                            Map.of("db", db))
                        .get(0)
                        .getLong("N")
                    == 0);
  }

  /** Active parts of otel_traces without an active trace_id_index projection part. */
  static List<String> withoutTraceIdIndex(Client client, String db) {
    return client
        .queryAll(
            "SELECT name FROM system.parts WHERE database = {db:String} AND table = 'otel_traces'"
                + " AND active AND name NOT IN (SELECT parent_name FROM system.projection_parts"
                + " WHERE database = {db:String} AND table = 'otel_traces' AND active"
                + " AND name = 'trace_id_index')",
            Map.of("db", db))
        .stream()
        .map(r -> r.getString("name"))
        .toList();
  }
}
