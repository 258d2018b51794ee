package io.obsera.query.timeline;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.GenericRecord;
import io.obsera.query.api.Params;
import io.obsera.query.api.SqlArrays;
import java.util.List;
import java.util.Map;

/**
 * The alerts of a timeline, from {@code alerts}: per alert instance (fingerprint and start) an item
 * when it fired and, once resolved, one when it resolved ({@code extra} FIRING or RESOLVED; {@code
 * name} severity and alert name; {@code detail} the first event's summary for the fired item, the
 * resolving event's for the other). A service's timeline has the alerts labelled with that service;
 * a trace's has the alerts of the trace's services that were firing at some point of the trace.
 */
final class TimelineAlerts {
  /** Fired (%1$s = S, %2$s = FIRING, %3$s = argMin) or resolved (E, RESOLVED, argMax) items. */
  private static final String ITEMS =
      "SELECT assumeNotNull(%1$s) AS T,"
          + " concat('a', toString(cityHash64(Fingerprint, S, '%2$s'))) AS K, '' AS TraceId,"
          + " '' AS SpanId, Svc AS ServiceName, concat(Sev, ' ', AlertName) AS Name,"
          + " Summ AS Detail, '%2$s' AS Extra FROM (SELECT Fingerprint,"
          + " toUnixTimestamp64Nano(StartsAt) AS S,"
          + " argMax(tuple(toUnixTimestamp64Nano(EndsAt)), Sequence).1 AS E,"
          + " argMax(Service, Sequence) AS Svc, toString(argMax(Severity, Sequence)) AS Sev,"
          + " argMax(Name, Sequence) AS AlertName, %3$s(Summary, Sequence) AS Summ"
          + " FROM alerts WHERE TenantId = {tenant:String}"
          + " AND Service IN {alertServices:Array(String)} GROUP BY Fingerprint, StartsAt)"
          + " WHERE %1$s IS NOT NULL AND S <= {firingTo:Int64}"
          + " AND (E IS NULL OR E >= {firingFrom:Int64})"
          + " AND T >= {fromNs:Int64} AND T < {toNs:Int64} AND (T, K) > ({cNs:Int64}, {cKey:String})"
          + " ORDER BY T, K LIMIT {limit:UInt32}";

  private static final String TRACE =
      "SELECT groupUniqArray(ServiceName) AS Services, count() AS N,"
          + " toUnixTimestamp64Nano(min(Timestamp)) AS S,"
          + " max(toUnixTimestamp64Nano(Timestamp) + toInt64(Duration)) AS E"
          + " FROM otel_traces WHERE TenantId = {tenant:String} AND TraceId = {traceId:String}"
          + " AND Timestamp >= {from:DateTime64(9)} AND Timestamp < {to:DateTime64(9)}";

  static final String FIRED = String.format(ITEMS, "S", "FIRING", "argMin");
  static final String RESOLVED = String.format(ITEMS, "E", "RESOLVED", "argMax");

  private TimelineAlerts() {}

  /**
   * Whose alerts, and the span of time they must have been firing in (Unix nanoseconds, inclusive).
   */
  record Scope(List<String> services, long firingFrom, long firingTo) {
    static Scope ofService(String service) {
      return new Scope(List.of(service), Long.MIN_VALUE, Long.MAX_VALUE);
    }

    void bind(Map<String, Object> p) {
      p.put("alertServices", SqlArrays.strings(services));
      p.put("firingFrom", firingFrom);
      p.put("firingTo", firingTo);
    }
  }

  /** The trace's services and its first start and last end in the range; null without spans. */
  static Scope ofTrace(Client client, String tenant, String traceId, Params.TimeRange range) {
    GenericRecord r =
        client
            .queryAll(
                TRACE,
                Map.of(
                    "tenant",
                    tenant,
                    "traceId",
                    traceId,
                    "from",
                    range.from64(),
                    "to",
                    range.to64()))
            .get(0);
    if (r.getLong("N") == 0) {
      return null;
    }
    List<String> services = r.getList("Services").stream().map(Object::toString).sorted().toList();
    return new Scope(services, r.getLong("S"), r.getLong("E"));
  }
}
