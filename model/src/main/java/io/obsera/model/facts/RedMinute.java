package io.obsera.model.facts;

import java.util.Arrays;

/**
 * Requests, errors and a latency histogram of one series (tenant, service, operation, region) in
 * one minute: the RED rollup. Element-wise mergeable.
 *
 * @param minuteStartMillis start of the minute (window start); 0 while aggregating
 * @param buckets {@link LatencyBuckets#COUNT} counts
 */
public record RedMinute(
    String tenantId,
    String service,
    String operation,
    String region,
    long minuteStartMillis,
    long count,
    long errors,
    long durationSumNanos,
    long[] buckets) {

  public static RedMinute empty() {
    return new RedMinute("", "", "", "", 0, 0, 0, 0, new long[LatencyBuckets.COUNT]);
  }

  public RedMinute add(RedMinute o) {
    long[] b = Arrays.copyOf(buckets, LatencyBuckets.COUNT);
    for (int i = 0; i < LatencyBuckets.COUNT && i < o.buckets.length; i++) {
      b[i] += o.buckets[i];
    }
    return new RedMinute(
        tenantId.isEmpty() ? o.tenantId : tenantId,
        service.isEmpty() ? o.service : service,
        operation.isEmpty() ? o.operation : operation,
        region.isEmpty() ? o.region : region,
        minuteStartMillis,
        count + o.count,
        errors + o.errors,
        durationSumNanos + o.durationSumNanos,
        b);
  }

  public RedMinute atMinute(long startMillis) {
    return new RedMinute(
        tenantId,
        service,
        operation,
        region,
        startMillis,
        count,
        errors,
        durationSumNanos,
        buckets);
  }

  /** One span as a rollup of one request. */
  public static RedMinute ofSpan(
      String tenant,
      String service,
      String operation,
      String region,
      long durationNanos,
      boolean error) {
    long[] b = new long[LatencyBuckets.COUNT];
    b[LatencyBuckets.index(durationNanos)] = 1;
    return new RedMinute(tenant, service, operation, region, 0, 1, error ? 1 : 0, durationNanos, b);
  }

  /** Kafka key of the series: the parts joined by the unit separator (never in names). */
  public String seriesKey() {
    return tenantId + "|" + service + "\u001f" + operation + "\u001f" + region;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RedMinute r
        && tenantId.equals(r.tenantId)
        && service.equals(r.service)
        && operation.equals(r.operation)
        && region.equals(r.region)
        && minuteStartMillis == r.minuteStartMillis
        && count == r.count
        && errors == r.errors
        && durationSumNanos == r.durationSumNanos
        && Arrays.equals(buckets, r.buckets);
  }

  @Override
  public int hashCode() {
    return 31 * seriesKey().hashCode() + Long.hashCode(minuteStartMillis);
  }

  @Override
  public String toString() {
    return "RedMinute["
        + seriesKey().replace('\u001f', '/')
        + "@"
        + minuteStartMillis
        + " count="
        + count
        + " errors="
        + errors
        + "]";
  }
}
