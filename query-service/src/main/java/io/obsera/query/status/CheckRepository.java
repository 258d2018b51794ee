package io.obsera.query.status;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.GenericRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads {@code health_checks} for status pages: hours with checks, and latency by region. */
public final class CheckRepository {
  private static final String HOURS =
      "SELECT EndpointId, intDiv(toUnixTimestamp64Milli(Time), 3600000) AS H, count() AS N"
          + " FROM health_checks WHERE TenantId = {tenant:String}"
          + " AND Time >= fromUnixTimestamp64Milli({fromMs:Int64})"
          + " AND Time < fromUnixTimestamp64Milli({toMs:Int64})"
          + " GROUP BY EndpointId, H ORDER BY EndpointId, H";

  private static final String LATENCY =
      "SELECT EndpointId, Region, count() AS N, countIf(Outcome = 'DOWN') AS Down,"
          + " countIf(StatusCode IS NULL) AS Failed,"
          + " quantilesIf(0.5, 0.95)(TotalMs, TotalMs IS NOT NULL AND StatusCode IS NOT NULL) AS Q,"
          + " toUnixTimestamp64Milli(max(Time)) AS Last"
          + " FROM health_checks WHERE TenantId = {tenant:String}"
          + " AND Time >= fromUnixTimestamp64Milli({fromMs:Int64})"
          + " AND Time < fromUnixTimestamp64Milli({toMs:Int64})"
          + " GROUP BY EndpointId, Region ORDER BY EndpointId, Region";

  private final Client client;

  public CheckRepository(Client client) {
    this.client = client;
  }

  /**
   * Latency of one endpoint's checks from one region: percentiles over the checks that got an
   * answer (an HTTP status); {@code failed} checks got none.
   */
  public record RegionLatency(
      String endpointId,
      String region,
      long checks,
      long down,
      long failed,
      Double p50Ms,
      Double p95Ms,
      Instant lastCheck) {}

  /** Per endpoint, the start (epoch millis) of every hour in {@code [from, to)} with a check. */
  public Map<String, List<Long>> hoursWithChecks(String tenant, Instant from, Instant to) {
    Map<String, List<Long>> out = new HashMap<>();
    for (GenericRecord r : client.queryAll(HOURS, params(tenant, from, to))) {
      out.computeIfAbsent(r.getString("EndpointId"), k -> new ArrayList<>())
          .add(r.getLong("H") * 3_600_000L);
    }
    return out;
  }

  /** p50/p95 of the total check time per endpoint and region over {@code [from, to)}. */
  public List<RegionLatency> latency(String tenant, Instant from, Instant to) {
    List<RegionLatency> out = new ArrayList<>();
    for (GenericRecord r : client.queryAll(LATENCY, params(tenant, from, to))) {
      List<?> q = r.getList("Q");
      out.add(
          new RegionLatency(
              r.getString("EndpointId"),
              r.getString("Region"),
              r.getLong("N"),
              r.getLong("Down"),
              r.getLong("Failed"),
              number(q, 0),
              number(q, 1),
              Instant.ofEpochMilli(r.getLong("Last"))));
    }
    return out;
  }

  private static Double number(List<?> q, int i) {
    if (q == null || q.size() <= i) {
      return null;
    }
    double v = ((Number) q.get(i)).doubleValue();
    return Double.isNaN(v) ? null : Math.round(v * 10) / 10.0;
  }

  private static Map<String, Object> params(String tenant, Instant from, Instant to) {
    Map<String, Object> p = new HashMap<>();
    p.put("tenant", tenant);
    p.put("fromMs", from.toEpochMilli());
    p.put("toMs", to.toEpochMilli());
    return p;
  }
}
