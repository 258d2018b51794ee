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
import java.time.Duration;
import java.util.ArrayList;
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
    StringBuilder where = filters(p, tenant, q);
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

  /** Log records per step of the range: all of them, and those at error level or above. */
  public record Bucket(String timeUnixNano, long count, long errors) {}

  /** {@code GET /api/v1/logs/histogram}: buckets of {@code stepNanos}, empty ones left out. */
  public record Histogram(String from, String to, String stepNanos, List<Bucket> buckets) {}

  /** At most this many buckets in one histogram. */
  public static final int MAX_BUCKETS = 10_000;

  /** Buckets a default step aims at. */
  static final int DEFAULT_BUCKETS = 60;

  /**
   * Counts of the logs {@code q} matches (its cursor and limit aside) per {@code step} (whole
   * seconds; null: whole seconds giving about {@link #DEFAULT_BUCKETS} buckets).
   */
  public Histogram histogram(String tenant, Query q, Duration step) {
    long fromS = Math.floorDiv(q.range().fromNanos(), 1_000_000_000L);
    long toS = Math.floorDiv(q.range().toNanos() - 1, 1_000_000_000L) + 1;
    long stepS;
    if (step == null) {
      stepS = Math.max(1, (toS - fromS + DEFAULT_BUCKETS - 1) / DEFAULT_BUCKETS);
    } else {
      if (step.toNanos() % 1_000_000_000L != 0 || step.toSeconds() < 1) {
        throw Params.bad("step", "must be a whole number of seconds");
      }
      stepS = step.toSeconds();
    }
    if ((toS - fromS) / stepS > MAX_BUCKETS) {
      throw Params.bad("step", "gives more than " + MAX_BUCKETS + " buckets for the range");
    }
    Map<String, Object> p = new HashMap<>();
    StringBuilder where = filters(p, tenant, q);
    p.put("fromS", fromS);
    p.put("step", stepS);
    p.put("errorMin", Severity.ERROR_MIN);
    List<GenericRecord> rows =
        client.queryAll(
            "SELECT {fromS:Int64} + intDiv(toInt64(toUnixTimestamp(TimestampTime)) - {fromS:Int64},"
                + " {step:Int64}) * {step:Int64} AS T, count() AS N,"
                + " countIf(SeverityNumber >= {errorMin:UInt8}) AS E FROM otel_logs WHERE "
                + where
                + " GROUP BY T ORDER BY T",
            p);
    List<Bucket> buckets = new ArrayList<>(rows.size());
    for (GenericRecord r : rows) {
      buckets.add(
          new Bucket(
              Long.toString(r.getLong("T") * 1_000_000_000L), r.getLong("N"), r.getLong("E")));
    }
    return new Histogram(
        q.range().from64(), q.range().to64(), Long.toString(stepS * 1_000_000_000L), buckets);
  }

  /** The query's conditions on the table, its cursor aside. */
  private static StringBuilder filters(Map<String, Object> p, String tenant, Query q) {
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
    return where;
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
