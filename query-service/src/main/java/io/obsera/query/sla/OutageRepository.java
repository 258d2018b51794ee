package io.obsera.query.sla;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.GenericRecord;
import io.obsera.model.probe.OutageEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads {@code outages} (latest row per outage, FINAL) and {@code slo_sli_minute}. */
public final class OutageRepository {
  private static final String OUTAGES =
      "SELECT EndpointId, OutageId, toString(Kind) AS K, toUnixTimestamp64Milli(StartTime) AS S,"
          + " isNull(EndTime) AS Open, toUnixTimestamp64Milli(ifNull(EndTime, StartTime)) AS E,"
          + " Regions, Cause FROM outages FINAL WHERE TenantId = {tenant:String}"
          + " AND StartTime < fromUnixTimestamp64Milli({toMs:Int64})"
          + " AND (EndTime IS NULL OR EndTime > fromUnixTimestamp64Milli({fromMs:Int64}))"
          + " ORDER BY StartTime, EndpointId, OutageId";

  private static final String SLI =
      "SELECT SloId, sum(Good) AS G, sum(Total) AS T FROM slo_sli_minute"
          + " WHERE TenantId = {tenant:String} AND Minute >= toDateTime({fromS:Int64})"
          + " AND Minute < toDateTime({toS:Int64}) GROUP BY SloId";

  private final Client client;

  public OutageRepository(Client client) {
    this.client = client;
  }

  /** Good and total events of an SLO. */
  public record SliCounts(long good, long total) {}

  /** The tenant's outages (every kind) overlapping {@code [from, to)}. */
  public List<Outage> outages(String tenant, Instant from, Instant to) {
    Map<String, Object> p = new HashMap<>();
    p.put("tenant", tenant);
    p.put("fromMs", from.toEpochMilli());
    p.put("toMs", to.toEpochMilli());
    List<Outage> out = new ArrayList<>();
    for (GenericRecord r : client.queryAll(OUTAGES, p)) {
      List<String> regions = new ArrayList<>();
      for (Object o : r.getList("Regions")) {
        regions.add(String.valueOf(o));
      }
      out.add(
          new Outage(
              r.getString("OutageId"),
              r.getString("EndpointId"),
              OutageEvent.Kind.valueOf(r.getString("K")),
              Instant.ofEpochMilli(r.getLong("S")),
              r.getBoolean("Open") ? null : Instant.ofEpochMilli(r.getLong("E")),
              regions,
              r.getString("Cause")));
    }
    return out;
  }

  /** Good/total per SLO id for the minutes starting in {@code [from, to)}. */
  public Map<String, SliCounts> sli(String tenant, Instant from, Instant to) {
    Map<String, Object> p = new HashMap<>();
    p.put("tenant", tenant);
    p.put("fromS", from.getEpochSecond());
    p.put("toS", to.getEpochSecond());
    Map<String, SliCounts> out = new LinkedHashMap<>();
    for (GenericRecord r : client.queryAll(SLI, p)) {
      out.put(r.getString("SloId"), new SliCounts(r.getLong("G"), r.getLong("T")));
    }
    return out;
  }
}
