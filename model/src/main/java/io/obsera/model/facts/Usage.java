package io.obsera.model.facts;

/**
 * What a tenant sent in one hour (by arrival time): spans, log records, metric data points and
 * bytes of OTLP protobuf. Totals only grow within an hour, so {@link #version()} orders updates.
 *
 * @param hourStartMillis start of the hour (window start); 0 while aggregating
 */
public record Usage(
    String tenantId, long hourStartMillis, long spans, long logs, long metricPoints, long bytes) {

  public static Usage empty() {
    return new Usage("", 0, 0, 0, 0, 0);
  }

  public Usage add(Usage o) {
    return new Usage(
        tenantId.isEmpty() ? o.tenantId : tenantId,
        hourStartMillis,
        spans + o.spans,
        logs + o.logs,
        metricPoints + o.metricPoints,
        bytes + o.bytes);
  }

  public Usage atHour(long startMillis) {
    return new Usage(tenantId, startMillis, spans, logs, metricPoints, bytes);
  }

  /** Grows with every update of the same hour: the ReplacingMergeTree version. */
  public long version() {
    return spans + logs + metricPoints + bytes;
  }
}
