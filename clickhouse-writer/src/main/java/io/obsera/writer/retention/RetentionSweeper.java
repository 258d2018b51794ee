package io.obsera.writer.retention;

import com.clickhouse.client.api.Client;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-tenant retention, applied by deleting on a schedule (ClickHouse TTL is per table, and a
 * per-row retention column would only govern rows written after a change). Each sweep, for every
 * {@link RetainedTable}: one lightweight {@code DELETE} whose condition gives every tenant its
 * cutoff (the default, or its own). A {@code DELETE} is issued only when a count finds expired
 * rows, so a sweep with nothing to do creates no mutation. Shortening a tenant's retention
 * therefore removes its older data at the next sweep; lengthening it keeps what is not yet deleted.
 * Idempotent: several instances sweeping the same database do no harm.
 */
public final class RetentionSweeper {
  private static final Logger log = LoggerFactory.getLogger(RetentionSweeper.class);

  private final Client clickHouse;
  private final String database;
  private final RetentionConfig config;
  private final Supplier<Map<String, Integer>> tenantRetention;
  private final Clock clock;

  /**
   * @param tenantRetention tenants with their own retention in days (others use the default)
   */
  public RetentionSweeper(
      Client clickHouse,
      String database,
      RetentionConfig config,
      Supplier<Map<String, Integer>> tenantRetention,
      Clock clock) {
    this.clickHouse = clickHouse;
    this.database = database;
    this.config = config;
    this.tenantRetention = tenantRetention;
    this.clock = clock;
  }

  /** One sweep; returns the rows deleted per table (tables with none are left out). */
  public Map<String, Long> sweep() {
    Instant now = clock.instant();
    Map<String, Integer> own = new TreeMap<>(tenantRetention.get());
    own.values().removeIf(d -> d == null || d == config.defaultDays());
    Map<String, Object> params = new HashMap<>();
    params.put("own", arrayLiteral(own.keySet()));
    params.put("defaultCutoff", nanos(now, config.defaultDays()));
    int i = 0;
    for (Map.Entry<String, Integer> e : own.entrySet()) {
      params.put("tenant" + i, e.getKey());
      params.put("cutoff" + i, nanos(now, e.getValue()));
      i++;
    }
    Map<String, Long> deleted = new LinkedHashMap<>();
    for (RetainedTable table : RetainedTable.ALL) {
      long n = delete(table, own.size(), params);
      if (n > 0) {
        deleted.put(table.name(), n);
      }
    }
    if (!deleted.isEmpty()) {
      log.info("retention sweep deleted {}", deleted);
    }
    return deleted;
  }

  /** Sweeps, logging instead of throwing: a failed sweep is retried at the next interval. */
  public void sweepQuietly() {
    try {
      sweep();
    } catch (RuntimeException e) {
      log.warn("retention sweep failed; retrying in {}", config.sweepInterval(), e);
    }
  }

  /** A server-side Array(String) parameter is sent as a quoted ClickHouse array literal. */
  static String arrayLiteral(Collection<String> values) {
    StringBuilder sb = new StringBuilder("[");
    for (String v : values) {
      if (sb.length() > 1) {
        sb.append(',');
      }
      sb.append('\'').append(v.replace("\\", "\\\\").replace("'", "\\'")).append('\'');
    }
    return sb.append(']').toString();
  }

  private static long nanos(Instant now, int days) {
    Instant cutoff = now.minus(Duration.ofDays(days));
    return cutoff.getEpochSecond() * 1_000_000_000L + cutoff.getNano();
  }

  /**
   * One count and, when it finds rows, one lightweight delete per table: the tenants on the default
   * retention, or any tenant with its own, each against its cutoff.
   */
  private long delete(RetainedTable table, int ownTenants, Map<String, Object> params) {
    String time = table.timeColumn();
    StringBuilder where =
        new StringBuilder(" WHERE (NOT has({own:Array(String)}, TenantId) AND ")
            .append(time)
            .append(" < fromUnixTimestamp64Nano({defaultCutoff:Int64}))");
    for (int i = 0; i < ownTenants; i++) {
      where
          .append(" OR (TenantId = {tenant")
          .append(i)
          .append(":String} AND ")
          .append(time)
          .append(" < fromUnixTimestamp64Nano({cutoff")
          .append(i)
          .append(":Int64}))");
    }
    String name = database + "." + table.name();
    long expired =
        clickHouse.queryAll("SELECT count() FROM " + name + where, params).get(0).getLong(1);
    if (expired > 0) {
      clickHouse.queryAll("DELETE FROM " + name + where, params);
    }
    return expired;
  }
}
