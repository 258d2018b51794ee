package io.obsera.query.traces;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.GenericRecord;
import io.obsera.query.api.Cursor;
import io.obsera.query.api.SqlTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * SQL for traces. Every user value travels as a {@code {name:Type}} server-side parameter. Time
 * bounds on {@code DateTime64(9)} columns are always {@code DateTime64(9)} parameters: ClickHouse
 * 26.7 prunes granules wrongly when such a column is compared with a plain {@code DateTime}
 * (fractional seconds fall outside the converted bound), which silently dropped spans.
 *
 * <p>The span lookup finds its granules through the {@code trace_id_index} projection of {@code
 * otel_traces} (migration V015) with skip indexes off: reading the TraceId bloom filter of every
 * granule in the trace's window cost more than the rest of the query. The projection index is only
 * used when asked for on tables under a million rows, hence the second setting. A part not yet
 * indexed is read over the trace's window (the time bounds stay), never in full. Each span's region
 * comes from the {@code Region} column (migration V016), not from {@code ResourceAttributes}: that
 * map is the costliest column of a trace's granules.
 */
final class TraceRepository {
  private static final String SPANS =
      """
      SELECT SpanId, ParentSpanId, SpanName, ServiceName,
             toString(toUnixTimestamp64Nano(Timestamp)) AS StartNs, toString(Duration) AS DurationNs,
             StatusCode, StatusMessage, SpanAttributes, Region, SpanKind, ResourceAttributes,
             arrayMap(t -> toString(toUnixTimestamp64Nano(t)), Events.Timestamp) AS EventTimes,
             Events.Name AS EventNames, Events.Attributes AS EventAttributes,
             Links.TraceId AS LinkTraceIds, Links.SpanId AS LinkSpanIds,
             Links.TraceState AS LinkTraceStates, Links.Attributes AS LinkAttributes
      FROM otel_traces
      WHERE TenantId = {tenant:String} AND TraceId = {traceId:String}
        AND Timestamp >= {from:DateTime64(9)} AND Timestamp < {to:DateTime64(9)} + INTERVAL 1 SECOND
        AND (Timestamp > {from:DateTime64(9)} OR SpanId > {afterSpanId:String})
      ORDER BY Timestamp, SpanId
      LIMIT 1 BY SpanId
      LIMIT {limit:UInt32}
      SETTINGS use_skip_indexes = 0, min_table_rows_to_use_projection_index = 0
      """;
  private static final String BOUNDS =
      """
      SELECT toInt64(toUnixTimestamp(min(Start))) * 1000000000 AS FirstNs,
             toInt64(toUnixTimestamp(max(End))) * 1000000000 AS LastNs,
             count() AS N
      FROM otel_traces_trace_id_ts
      WHERE TenantId = {tenant:String} AND TraceId = {traceId:String}
      """;
  private static final String LOGS =
      """
      SELECT toString(toUnixTimestamp64Nano(Timestamp)) AS TimeNs, SeverityText, SeverityNumber,
             Body, SpanId, ServiceName, LogAttributes
      FROM otel_logs
      WHERE TenantId = {tenant:String} AND TraceId = {traceId:String}%s
      ORDER BY Timestamp
      LIMIT 10000
      """;

  /** Logs and exemplars of a trace are looked for this long before and after its spans. */
  static final long SLACK_NANOS = 3_600_000_000_000L;

  private static final String LOG_WINDOW =
      " AND Timestamp >= {from:DateTime64(9)} AND Timestamp < {to:DateTime64(9)}";
  private static final String EXEMPLAR_WINDOW =
      " AND TimeUnix >= {from:DateTime64(9)} AND TimeUnix < {to:DateTime64(9)}";

  private static final String EXEMPLARS =
      """
      SELECT MetricName, ServiceName, Attributes,
             toString(toUnixTimestamp64Nano(TimeUnix)) AS TimeNs, Value, SpanId
      FROM exemplar_links
      WHERE TenantId = {tenant:String} AND TraceId = {traceId:String}%s
      ORDER BY TimeUnix, MetricName
      LIMIT 1000
      """;
  static final String SUMMARY_COLUMNS =
      """
      TraceId, max(RootService) AS Root, max(RootOperation) AS RootOp,
      toUnixTimestamp64Nano(min(Start)) AS StartNanos,
      toUnixTimestamp64Nano(max(End)) - StartNanos AS DurationNanos,
      sum(SpanCount) AS SpanCount, sum(ErrorCount) AS ErrorCount,
      arraySort(groupUniqArrayArray(Services)) AS Services,
      arraySort(groupUniqArrayArray(Regions)) AS Regions
      """;

  private final Client client;

  TraceRepository(Client client) {
    this.client = client;
  }

  /** When the trace's spans are, from the lookup table; empty when no span of it is stored. */
  Optional<Bounds> bounds(String tenant, String traceId) {
    List<GenericRecord> rows =
        client.queryAll(BOUNDS, Map.of("tenant", tenant, "traceId", traceId));
    if (rows.isEmpty() || rows.get(0).getLong("N") == 0) {
      return Optional.empty();
    }
    return Optional.of(new Bounds(rows.get(0).getLong("FirstNs"), rows.get(0).getLong("LastNs")));
  }

  /**
   * The first and the last span start of a trace (Unix nanoseconds, whole seconds: the lookup table
   * keeps DateTime), so the span query reads up to a second past {@code lastNs}.
   */
  record Bounds(long firstNs, long lastNs) {}

  /**
   * Up to {@code limit} spans in (start, span id) order; with {@code after}, those past its start
   * and span id (a page's cursor).
   */
  List<GenericRecord> spans(String tenant, String traceId, Bounds b, Cursor after, int limit) {
    boolean paged = after != null && after.nanos() >= b.firstNs();
    return client.queryAll(
        SPANS,
        Map.of(
            "tenant",
            tenant,
            "traceId",
            traceId,
            "from",
            SqlTime.dateTime64(paged ? after.nanos() : b.firstNs()),
            "to",
            SqlTime.dateTime64(b.lastNs()),
            "afterSpanId",
            paged ? after.key() : "",
            "limit",
            limit));
  }

  /** The trace's logs: within {@link #SLACK_NANOS} of its spans, or all of them without spans. */
  List<GenericRecord> logs(String tenant, String traceId, Optional<Bounds> b) {
    return windowed(LOGS, LOG_WINDOW, tenant, traceId, b);
  }

  /** Exemplar points linked to the trace, windowed like {@link #logs}. */
  List<GenericRecord> exemplars(String tenant, String traceId, Optional<Bounds> b) {
    return windowed(EXEMPLARS, EXEMPLAR_WINDOW, tenant, traceId, b);
  }

  private List<GenericRecord> windowed(
      String sql, String window, String tenant, String traceId, Optional<Bounds> b) {
    Map<String, Object> p = new HashMap<>();
    p.put("tenant", tenant);
    p.put("traceId", traceId);
    if (b.isEmpty()) {
      return client.queryAll(String.format(sql, ""), p);
    }
    p.put("from", SqlTime.dateTime64(b.get().firstNs() - SLACK_NANOS));
    p.put("to", SqlTime.dateTime64(b.get().lastNs() + SLACK_NANOS));
    return client.queryAll(String.format(sql, window), p);
  }
}
