package io.obsera.writer.retention;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.QuerySettings;
import java.util.concurrent.TimeUnit;

/**
 * The audit log's own retention: the TTL of {@code audit_log}, set at start from {@code
 * OBSERA_AUDIT_RETENTION_DAYS} (a metadata change: existing parts are trimmed at their next merge,
 * not rewritten now).
 */
public final class AuditRetention {
  private AuditRetention() {}

  public static void apply(Client client, String database, int days) {
    if (days < 1 || days > RetentionConfig.MAX_AUDIT_DAYS) {
      throw new IllegalArgumentException("audit retention out of range: " + days);
    }
    // days is a validated integer from the configuration, not user input
    String sql =
        "ALTER TABLE `"
            + database.replace("`", "")
            + "`.audit_log MODIFY TTL toDateTime(Time) + toIntervalDay("
            + days
            + ")";
    QuerySettings settings = new QuerySettings().serverSetting("materialize_ttl_after_modify", "0");
    try {
      client.query(sql, settings).get(60, TimeUnit.SECONDS).close();
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("could not set the audit log's retention: " + e, e);
    }
  }
}
