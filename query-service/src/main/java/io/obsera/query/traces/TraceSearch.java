package io.obsera.query.traces;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.GenericRecord;
import io.obsera.query.api.Cursor;
import io.obsera.query.api.DeepLinks;
import io.obsera.query.api.Paging;
import io.obsera.query.api.Params;
import io.obsera.query.api.SqlFilters;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Trace search: traces with a span matching the span filters (service, operation, attributes) in
 * the range, from the merged {@code trace_summaries} (duration, status, region filters), newest
 * first, paginated by (start, trace id).
 */
public final class TraceSearch {
  private final Client client;

  public TraceSearch(Client client) {
    this.client = client;
  }

  /**
   * The search filters; null fields do not filter. {@code status} is {@code error} or {@code ok}.
   */
  public record Query(
      String service,
      String operation,
      Long minDurationNanos,
      Long maxDurationNanos,
      String status,
      String region,
      Map<String, String> attributes,
      Params.TimeRange range,
      int limit,
      Cursor cursor) {
    public Query {
      if (status != null && !status.equals("error") && !status.equals("ok")) {
        throw Params.bad("status", "must be 'error' or 'ok', got '" + status + "'");
      }
      if (cursor != null && !cursor.key().matches("[0-9a-f]{32}")) {
        throw Params.bad("cursor", "is not a cursor of trace search");
      }
      attributes = Map.copyOf(attributes);
    }
  }

  /** One hit. */
  public record Hit(
      String traceId,
      String rootService,
      String rootOperation,
      String startTimeUnixNano,
      String durationNanos,
      long spanCount,
      long errorCount,
      List<String> services,
      List<String> regions,
      Map<String, String> links) {}

  /** A page of hits; {@code nextCursor} is null on the last page. */
  public record Page(List<Hit> traces, String nextCursor) {}

  public Page search(String tenant, Query q) {
    Map<String, Object> p = new HashMap<>();
    p.put("tenant", tenant);
    p.put("from", q.range().from64());
    p.put("to", q.range().to64());
    p.put("fromNs", q.range().fromNanos());
    p.put("toNs", q.range().toNanos());
    p.put("limit", Paging.rowsToRead(q.limit()));
    StringBuilder spans =
        new StringBuilder(
            "SELECT TraceId FROM otel_traces WHERE TenantId = {tenant:String}"
                + " AND Timestamp >= {from:DateTime64(9)} AND Timestamp < {to:DateTime64(9)}");
    if (q.service() != null) {
      spans.append(" AND ServiceName = {service:String}");
      p.put("service", q.service());
    }
    if (q.operation() != null) {
      spans.append(" AND SpanName = {operation:String}");
      p.put("operation", q.operation());
    }
    SqlFilters.attributes(spans, p, q.attributes(), "SpanAttributes");
    StringBuilder having =
        new StringBuilder(" HAVING StartNanos >= {fromNs:Int64} AND StartNanos < {toNs:Int64}");
    if (q.minDurationNanos() != null) {
      having.append(" AND DurationNanos >= {minDur:Int64}");
      p.put("minDur", q.minDurationNanos());
    }
    if (q.maxDurationNanos() != null) {
      having.append(" AND DurationNanos <= {maxDur:Int64}");
      p.put("maxDur", q.maxDurationNanos());
    }
    if ("error".equals(q.status())) {
      having.append(" AND ErrorCount > 0");
    } else if ("ok".equals(q.status())) {
      having.append(" AND ErrorCount = 0");
    }
    if (q.region() != null) {
      having.append(" AND has(Regions, {region:String})");
      p.put("region", q.region());
    }
    if (q.cursor() != null) {
      having.append(" AND (StartNanos, TraceId) < ({cNs:Int64}, {cId:String})");
      p.put("cNs", q.cursor().nanos());
      p.put("cId", q.cursor().key());
    }
    String sql =
        "SELECT "
            + TraceRepository.SUMMARY_COLUMNS
            + " FROM trace_summaries WHERE TenantId = {tenant:String} AND TraceId IN ("
            + spans
            + ") GROUP BY TenantId, TraceId"
            + having
            + " ORDER BY StartNanos DESC, TraceId DESC LIMIT {limit:UInt32}";
    Paging.Slice<Hit> page =
        Paging.slice(
            client.queryAll(sql, p),
            q.limit(),
            TraceSearch::hit,
            r -> new Cursor(Long.parseLong(r.getString("StartNanos")), r.getString("TraceId")));
    return new Page(page.items(), page.nextCursor());
  }

  static Hit hit(GenericRecord r) {
    String id = r.getString("TraceId");
    return new Hit(
        id,
        r.getString("Root"),
        r.getString("RootOp"),
        r.getString("StartNanos"),
        r.getString("DurationNanos"),
        r.getLong("SpanCount"),
        r.getLong("ErrorCount"),
        r.getList("Services"),
        r.getList("Regions"),
        links(id));
  }

  static Map<String, String> links(String traceId) {
    return Map.of(
        "trace", DeepLinks.trace(traceId),
        "logs", DeepLinks.traceLogs(traceId),
        "timeline", DeepLinks.traceTimeline(traceId));
  }
}
