package io.obsera.standalone;

import io.obsera.testing.OtelSdkClient;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import java.util.EnumMap;
import java.util.Map;

/** What the SDK exporters had accepted (answered with success) in a test load. */
record SentCounts(long traces, long spans, long logs, Map<MetricDataType, Long> points) {
  SentCounts {
    points = Map.copyOf(points);
  }

  /** What {@code sdk} had exported successfully (after it was closed: its last export included). */
  static SentCounts of(OtelSdkClient sdk, long traces) {
    if (sdk.exportsFailed() > 0) {
      throw new IllegalStateException(sdk.exportsFailed() + " exports failed: counts are unknown");
    }
    Map<MetricDataType, Long> points = new EnumMap<>(MetricDataType.class);
    for (MetricDataType type : MetricDataType.values()) {
      if (sdk.exportedPoints(type) > 0) {
        points.put(type, sdk.exportedPoints(type));
      }
    }
    return new SentCounts(traces, sdk.exportedSpans(), sdk.exportedLogs(), points);
  }

  long points(MetricDataType... types) {
    long n = 0;
    for (MetricDataType t : types) {
      n += points.getOrDefault(t, 0L);
    }
    return n;
  }

  long allPoints() {
    return points.values().stream().mapToLong(Long::longValue).sum();
  }
}
