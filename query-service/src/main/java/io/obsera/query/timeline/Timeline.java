package io.obsera.query.timeline;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.GenericRecord;
import io.obsera.query.api.Cursor;
import io.obsera.query.api.DeepLinks;
import io.obsera.query.api.Lookups;
import io.obsera.query.api.Paging;
import io.obsera.query.api.Params;
import io.obsera.query.api.SqlArrays;
import io.obsera.query.api.SqlTime;
import io.obsera.query.traces.TraceQueryService;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

/**
 * One time-ordered list of spans, log records and exemplar-linked metric points, for a trace or for
 * a service in a range; oldest first, paginated by (time, item key). A service's timeline also has
 * the outages of its monitored endpoints (those whose {@code service} is it): an item when an
 * outage starts and one when it is resolved; and its alerts, a trace's timeline the alerts of its
 * services firing during the trace: an item when an alert fired and one when it resolved ({@link
 * TimelineAlerts}).
 */
public final class Timeline {
  private static final String SPANS =
      "SELECT toUnixTimestamp64Nano(Timestamp) AS T, concat('s', SpanId) AS K, TraceId, SpanId,"
          + " ServiceName, SpanName AS Name, toString(Duration) AS Detail, StatusCode AS Extra"
          + " FROM otel_traces WHERE TenantId = {tenant:String}"
          + " AND Timestamp >= {from:DateTime64(9)} AND Timestamp < {to:DateTime64(9)}"
          + " AND %s AND (Timestamp, K) > ({cTs:DateTime64(9)}, {cKey:String})"
          + " ORDER BY Timestamp, K LIMIT {limit:UInt32}";
  private static final String LOGS =
      "SELECT toUnixTimestamp64Nano(Timestamp) AS T,"
          + " concat('l', toString(cityHash64(TraceId, SpanId, Body, SeverityNumber, ServiceName)))"
          + " AS K, TraceId, SpanId, ServiceName, SeverityText AS Name, Body AS Detail,"
          + " toString(SeverityNumber) AS Extra FROM otel_logs WHERE TenantId = {tenant:String}"
          + " AND Timestamp >= {from:DateTime64(9)} AND Timestamp < {to:DateTime64(9)}"
          + " AND %s AND (Timestamp, K) > ({cTs:DateTime64(9)}, {cKey:String})"
          + " ORDER BY Timestamp, K LIMIT {limit:UInt32}";
  private static final String POINTS =
      "SELECT toUnixTimestamp64Nano(TimeUnix) AS T,"
          + " concat('m', toString(cityHash64(MetricName, Attributes, TraceId, SpanId))) AS K,"
          + " TraceId, SpanId, ServiceName, MetricName AS Name, toString(Value) AS Detail,"
          + " '' AS Extra FROM exemplar_links WHERE TenantId = {tenant:String}"
          + " AND TimeUnix >= {from:DateTime64(9)} AND TimeUnix < {to:DateTime64(9)}"
          + " AND %s AND (TimeUnix, K) > ({cTs:DateTime64(9)}, {cKey:String})"
          + " ORDER BY TimeUnix, K LIMIT {limit:UInt32}";

  /** Outage starts (or ends: %1$s = EndTime) of some endpoints, as timeline rows. */
  private static final String OUTAGES =
      "SELECT toUnixTimestamp64Nano(T64) AS T, concat('o', toString(cityHash64(OutageId, '%2$s')))"
          + " AS K, '' AS TraceId, '' AS SpanId, {service:String} AS ServiceName,"
          + " concat(toString(Kind), ' ', EndpointId) AS Name, Cause AS Detail, '%2$s' AS Extra"
          + " FROM (SELECT OutageId, EndpointId, Kind, Cause, assumeNotNull(%1$s) AS T64"
          + " FROM outages FINAL WHERE TenantId = {tenant:String}"
          + " AND EndpointId IN {endpoints:Array(String)} AND %1$s IS NOT NULL)"
          + " WHERE T64 >= {from:DateTime64(9)} AND T64 < {to:DateTime64(9)}"
          + " AND (T64, K) > ({cTs:DateTime64(9)}, {cKey:String})"
          + " ORDER BY T64, K LIMIT {limit:UInt32}";

  private final Client client;
  private final BiFunction<String, String, List<String>> endpointsOfService;

  /**
   * @param endpointsOfService (tenant, service) -> ids of the tenant's endpoints of that service
   */
  public Timeline(Client client, BiFunction<String, String, List<String>> endpointsOfService) {
    this.client = client;
    this.endpointsOfService = endpointsOfService;
  }

  /**
   * An item: {@code type} span, log, metric, outage or alert; {@code name} the span name, severity
   * text, metric name, outage kind and endpoint id ({@code DOWN shop-api}) or alert severity and
   * name ({@code PAGE Checkout burn rate}); {@code detail} the duration in nanoseconds, log body,
   * point value, outage cause or alert summary; {@code extra} the span status, the severity number,
   * whether the outage starts ({@code OPEN}) or is resolved ({@code RESOLVED}), or whether the
   * alert fired ({@code FIRING}) or resolved ({@code RESOLVED}).
   */
  public record Item(
      String type,
      String timeUnixNano,
      String serviceName,
      String traceId,
      String spanId,
      String name,
      String detail,
      String extra,
      Map<String, String> links) {}

  /** A page; {@code nextCursor} is null on the last page. */
  public record Page(List<Item> items, String nextCursor) {}

  /** For a trace: range is its whole life (or wider); for a service: the requested range. */
  public Page timeline(
      String tenant,
      String traceId,
      String service,
      Params.TimeRange range,
      int limit,
      Cursor cursor) {
    if (cursor != null && !cursor.key().matches("[slmoa][0-9a-f]{0,32}")) {
      throw Params.bad("cursor", "is not a cursor of the timeline");
    }
    Map<String, Object> p = new HashMap<>();
    p.put("tenant", tenant);
    p.put("from", range.from64());
    p.put("to", range.to64());
    p.put("limit", Paging.rowsToRead(limit));
    p.put("cTs", SqlTime.dateTime64(cursor == null ? range.fromNanos() - 1 : cursor.nanos()));
    p.put("cKey", cursor == null ? "" : cursor.key());
    p.put("cNs", cursor == null ? range.fromNanos() - 1 : cursor.nanos());
    p.put("fromNs", range.fromNanos());
    p.put("toNs", range.toNanos());
    String filter;
    if (traceId != null) {
      filter = "TraceId = {traceId:String}";
      p.put("traceId", traceId);
    } else {
      filter = "ServiceName = {service:String}";
      p.put("service", service);
    }
    // Each kind of item is its own read; they run at once (Lookups), each on its own copy of the
    // parameters. A trace's alerts need the trace's services first: one task does both.
    List<CompletableFuture<List<Row>>> reads = new ArrayList<>();
    reads.add(read("span", String.format(SPANS, filter), p));
    reads.add(read("log", String.format(LOGS, filter), p));
    reads.add(read("metric", String.format(POINTS, filter), p));
    if (service != null) {
      List<String> endpoints = endpointsOfService.apply(tenant, service);
      if (!endpoints.isEmpty()) {
        Map<String, Object> withEndpoints = new HashMap<>(p);
        withEndpoints.put("endpoints", SqlArrays.strings(endpoints));
        reads.add(read("outage", String.format(OUTAGES, "StartTime", "OPEN"), withEndpoints));
        reads.add(read("outage", String.format(OUTAGES, "EndTime", "RESOLVED"), withEndpoints));
      }
      Map<String, Object> withAlerts = new HashMap<>(p);
      TimelineAlerts.Scope.ofService(service).bind(withAlerts);
      reads.add(read("alert", TimelineAlerts.FIRED, withAlerts));
      reads.add(read("alert", TimelineAlerts.RESOLVED, withAlerts));
    } else {
      Map<String, Object> withAlerts = new HashMap<>(p);
      reads.add(
          Lookups.async(
              () -> {
                TimelineAlerts.Scope alerts =
                    TimelineAlerts.ofTrace(client, tenant, traceId, range);
                if (alerts == null) {
                  return List.of();
                }
                alerts.bind(withAlerts);
                List<Row> rows = new ArrayList<>(rows("alert", TimelineAlerts.FIRED, withAlerts));
                rows.addAll(rows("alert", TimelineAlerts.RESOLVED, withAlerts));
                return rows;
              }));
    }
    List<Row> rows = new ArrayList<>();
    for (CompletableFuture<List<Row>> read : reads) {
      rows.addAll(Lookups.join(read));
    }
    rows.sort(Comparator.comparingLong(Row::time).thenComparing(Row::key));
    Paging.Slice<Item> page =
        Paging.slice(rows, limit, Row::item, r -> new Cursor(r.time(), r.key()));
    return new Page(page.items(), page.nextCursor());
  }

  /** One read, started now on a copy of the parameters. */
  private CompletableFuture<List<Row>> read(String type, String sql, Map<String, Object> p) {
    Map<String, Object> params = new HashMap<>(p);
    return Lookups.async(() -> rows(type, sql, params));
  }

  private List<Row> rows(String type, String sql, Map<String, Object> p) {
    List<Row> rows = new ArrayList<>();
    for (GenericRecord r : client.queryAll(sql, p)) {
      String traceId = r.getString("TraceId");
      Map<String, String> links = new LinkedHashMap<>();
      if (!traceId.isEmpty()) {
        links.put("trace", DeepLinks.trace(traceId));
      }
      if (type.equals("outage")) {
        String endpoint = r.getString("Name").substring(r.getString("Name").indexOf(' ') + 1);
        links.put("outages", DeepLinks.endpointOutages(endpoint));
      }
      if (type.equals("alert") && !r.getString("ServiceName").isEmpty()) {
        links.put(
            "alerts", "/api/v1/alerts?service=" + DeepLinks.encode(r.getString("ServiceName")));
      }
      if (type.equals("metric")) {
        long t = r.getLong("T");
        links.put(
            "metric",
            DeepLinks.metric(
                r.getString("Name"),
                r.getString("ServiceName"),
                t - 300_000_000_000L,
                t + 300_000_000_000L));
      }
      rows.add(
          new Row(
              r.getLong("T"),
              r.getString("K"),
              new Item(
                  type,
                  Long.toString(r.getLong("T")),
                  r.getString("ServiceName"),
                  traceId,
                  r.getString("SpanId"),
                  r.getString("Name"),
                  r.getString("Detail"),
                  r.getString("Extra"),
                  links)));
    }
    return rows;
  }

  private record Row(long time, String key, Item item) {}

  /** The trace id parameter in canonical form. */
  static String traceId(String raw) {
    return TraceQueryService.traceId("traceId", raw);
  }
}
