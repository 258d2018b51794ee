package io.obsera.query.logs;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.GenericRecord;
import io.obsera.query.api.Cursor;
import io.obsera.query.api.DeepLinks;
import io.obsera.query.api.Paging;
import io.obsera.query.api.Params;
import io.obsera.query.api.SqlFilters;
import io.obsera.query.api.SqlTime;
import io.obsera.query.traces.TraceQueryService;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Log search: case-insensitive text in Body, severity, service, trace id and attribute filters in a
 * time range, newest first, paginated by (timestamp, row hash).
 */
public final class LogSearch {
  private final Client client;

  public LogSearch(Client client) {
    this.client = client;
  }

  /** The filters; null fields do not filter. */
  public record Query(
      String text,
      Severity severity,
      String service,
      String traceId,
      Map<String, String> attributes,
      Params.TimeRange range,
      int limit,
      Cursor cursor) {
    public Query {
      if (cursor != null && !cursor.key().matches("[0-9]{1,20}")) {
        throw Params.bad("cursor", "is not a cursor of log search");
      }
      attributes = Map.copyOf(attributes);
    }
  }

  /** One log record. */
  public record LogHit(
      String timeUnixNano,
      String severityText,
      int severityNumber,
      String serviceName,
      String body,
      String traceId,
      String spanId,
      Map<String, String> attributes,
      Map<String, String> links) {}

  /** A page; {@code nextCursor} is null on the last page. */
  public record Page(List<LogHit> logs, String nextCursor) {}

  public Page search(String tenant, Query q) {
    Map<String, Object> p = new HashMap<>();
    StringBuilder where = LogSearch.window(p, tenant, q.range());
    if (q.text() != null) {
      where.append(" AND positionCaseInsensitiveUTF8(Body, {text:String}) > 0");
      p.put("text", q.text());
    }
    if (q.severity() != null) {
      where.append(" AND SeverityNumber BETWEEN {sevMin:UInt8} AND {sevMax:UInt8}");
      p.put("sevMin", q.severity().min());
      p.put("sevMax", q.severity().max());
    }
    if (q.service() != null) {
      where.append(" AND ServiceName = {service:String}");
      p.put("service", q.service());
    }
    if (q.traceId() != null) {
      where.append(" AND TraceId = {traceId:String}");
      p.put("traceId", q.traceId());
    }
    SqlFilters.attributes(where, p, q.attributes(), "LogAttributes");
    if (q.cursor() != null) {
      where.append(" AND (Timestamp, RowKey) < ({cTs:DateTime64(9)}, {cKey:UInt64})");
      p.put("cTs", SqlTime.dateTime64(q.cursor().nanos()));
      p.put("cKey", q.cursor().key());
    }
    p.put("limit", Paging.rowsToRead(q.limit()));
    List<GenericRecord> rows =
        client.queryAll(
            "SELECT "
                + COLUMNS
                + " FROM otel_logs WHERE "
                + where
                + " ORDER BY Timestamp DESC, RowKey DESC LIMIT {limit:UInt32}",
            p);
    Paging.Slice<LogHit> page =
        Paging.slice(
            rows,
            q.limit(),
            LogSearch::hit,
            r -> new Cursor(Long.parseLong(r.getString("TimeNs")), r.getString("RowKey")));
    return new Page(page.items(), page.nextCursor());
  }

  /** The columns {@link #hit} reads, with the tie-breaking {@code RowKey}. */
  public static final String COLUMNS =
      "toString(toUnixTimestamp64Nano(Timestamp)) AS TimeNs, SeverityText, SeverityNumber,"
          + " ServiceName, Body, TraceId, SpanId, LogAttributes,"
          + " cityHash64(TraceId, SpanId, Body, SeverityNumber, ServiceName) AS RowKey";

  /** The tenant and time-window condition (both the sort-key second and the exact bound). */
  public static StringBuilder window(Map<String, Object> p, String tenant, Params.TimeRange r) {
    p.put("tenant", tenant);
    p.put("from", r.from64());
    p.put("to", r.to64());
    return new StringBuilder(
        "TenantId = {tenant:String}"
            + " AND TimestampTime >= toDateTime({from:DateTime64(9)})"
            + " AND TimestampTime <= toDateTime({to:DateTime64(9)})"
            + " AND Timestamp >= {from:DateTime64(9)} AND Timestamp < {to:DateTime64(9)}");
  }

  public static LogHit hit(GenericRecord r) {
    String traceId = r.getString("TraceId");
    return new LogHit(
        r.getString("TimeNs"),
        r.getString("SeverityText"),
        r.getInteger("SeverityNumber"),
        r.getString("ServiceName"),
        r.getString("Body"),
        traceId,
        r.getString("SpanId"),
        TraceQueryService.stringMap(r.getObject("LogAttributes")),
        traceId.isEmpty() ? Map.of() : Map.of("trace", DeepLinks.trace(traceId)));
  }
}
