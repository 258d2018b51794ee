package io.obsera.writer.retention;

import java.util.List;

/**
 * A table whose rows expire, and the column that dates a row. Every table that holds a tenant's
 * telemetry or what is derived from it is here; {@code usage_hourly} is not (usage is billing data,
 * kept whatever the telemetry retention).
 */
record RetainedTable(String name, String timeColumn) {
  static final List<RetainedTable> ALL =
      List.of(
          new RetainedTable("otel_traces", "Timestamp"),
          new RetainedTable("otel_traces_trace_id_ts", "End"),
          new RetainedTable("otel_logs", "Timestamp"),
          new RetainedTable("otel_metrics_gauge", "TimeUnix"),
          new RetainedTable("otel_metrics_sum", "TimeUnix"),
          new RetainedTable("otel_metrics_histogram", "TimeUnix"),
          new RetainedTable("otel_metrics_exponential_histogram", "TimeUnix"),
          new RetainedTable("otel_metrics_summary", "TimeUnix"),
          new RetainedTable("exemplar_links", "TimeUnix"),
          new RetainedTable("trace_summaries", "WrittenAt"),
          new RetainedTable("trace_span_counts", "UpdatedAt"),
          new RetainedTable("red_minute", "Minute"),
          new RetainedTable("health_checks", "Time"),
          // Every row of an outage is an event; the latest one (its state) is the newest to expire.
          new RetainedTable("outages", "UpdatedAt"),
          // Likewise per alert: its latest event (its state) is the newest to expire.
          new RetainedTable("alerts", "EventTime"),
          new RetainedTable("alert_deliveries", "Time"));
}
