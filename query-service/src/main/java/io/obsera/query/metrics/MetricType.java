package io.obsera.query.metrics;

import java.util.List;

/** The OTLP metric types and their tables. */
public enum MetricType {
  GAUGE("otel_metrics_gauge"),
  SUM("otel_metrics_sum"),
  HISTOGRAM("otel_metrics_histogram"),
  EXPONENTIAL_HISTOGRAM("otel_metrics_exponential_histogram"),
  SUMMARY("otel_metrics_summary");

  /** AggregationTemporality: cumulative (the SDKs' default). */
  public static final int CUMULATIVE = 2;

  private final String table;

  MetricType(String table) {
    this.table = table;
  }

  /** A constant table name (never user input). */
  public String table() {
    return table;
  }

  public String jsonName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public static List<MetricType> all() {
    return List.of(values());
  }
}
