package io.obsera.query.traces;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.GenericRecord;
import java.util.List;
import java.util.Map;

/**
 * SQL for traces. Every user value travels as a {@code {name:Type}} server-side parameter. Time
 * bounds on {@code DateTime64(9)} columns are always {@code DateTime64(9)} parameters: ClickHouse
 * 26.7 prunes granules wrongly when such a column is compared with a plain {@code DateTime}
 * (fractional seconds fall outside the converted bound), which silently dropped spans.
 */
final class TraceRepository {
  private static final String SPANS =
      """
      SELECT SpanId, ParentSpanId, SpanName, ServiceName,
             toString(toUnixTimestamp64Nano(Timestamp)) AS StartNs, toString(Duration) AS DurationNs,
             StatusCode, StatusMessage, SpanAttributes
      FROM otel_traces
      WHERE TenantId = {tenant:String} AND TraceId = {traceId:String}
        AND Timestamp >= {from:DateTime64(9)} AND Timestamp < {to:DateTime64(9)} + INTERVAL 1 SECOND
      ORDER BY Timestamp, SpanId
      LIMIT 1 BY SpanId
      """;
  private static final String BOUNDS =
      """
      SELECT toString(min(Start)) AS First, toString(max(End)) AS Last, count() AS N
      FROM otel_traces_trace_id_ts
      WHERE TenantId = {tenant:String} AND TraceId = {traceId:String}
      """;
  private static final String LOGS =
      """
      SELECT toString(toUnixTimestamp64Nano(Timestamp)) AS TimeNs, SeverityText, SeverityNumber,
             Body, SpanId, LogAttributes
      FROM otel_logs
      WHERE TenantId = {tenant:String} AND TraceId = {traceId:String}
      ORDER BY Timestamp
      LIMIT 10000
      """;

  private static final String EXEMPLARS =
      """
      SELECT MetricName, ServiceName, Attributes,
             toString(toUnixTimestamp64Nano(TimeUnix)) AS TimeNs, Value, SpanId
      FROM exemplar_links
      WHERE TenantId = {tenant:String} AND TraceId = {traceId:String}
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
  private static final String SUMMARY =
      "SELECT "
          + SUMMARY_COLUMNS
          + ", sumMap(LogCounts) AS LogCounts FROM trace_summaries"
          + " WHERE TenantId = {tenant:String} AND TraceId = {traceId:String}"
          + " GROUP BY TenantId, TraceId";

  private final Client client;

  TraceRepository(Client client) {
    this.client = client;
  }

  List<GenericRecord> spans(String tenant, String traceId) {
    List<GenericRecord> bounds =
        client.queryAll(BOUNDS, Map.of("tenant", tenant, "traceId", traceId));
    if (bounds.isEmpty() || bounds.get(0).getLong("N") == 0) {
      return List.of();
    }
    GenericRecord b = bounds.get(0);
    return client.queryAll(
        SPANS,
        Map.of(
            "tenant",
            tenant,
            "traceId",
            traceId,
            "from",
            b.getString("First"),
            "to",
            b.getString("Last")));
  }

  List<GenericRecord> logs(String tenant, String traceId) {
    return client.queryAll(LOGS, Map.of("tenant", tenant, "traceId", traceId));
  }

  List<GenericRecord> exemplars(String tenant, String traceId) {
    return client.queryAll(EXEMPLARS, Map.of("tenant", tenant, "traceId", traceId));
  }

  List<GenericRecord> summary(String tenant, String traceId) {
    return client.queryAll(SUMMARY, Map.of("tenant", tenant, "traceId", traceId));
  }
}
