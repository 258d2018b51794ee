package io.obsera.ingest.limits;

import io.obsera.ingest.limits.SeriesTracker.Admission;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.function.Function;

/**
 * Refuses the data points of new series past a tenant's series limits ({@link SeriesTracker}): one
 * label holding a user or request id would otherwise make a series per value in the metric tables,
 * the exemplar links and the alert worker's windows. Points of known series always pass. Returns
 * the request untouched when nothing is refused. Metrics without a name or data are left to the
 * fragmenter, which rejects them.
 */
public final class SeriesLimiter {
  private final SeriesTracker tracker;

  public SeriesLimiter(SeriesTracker tracker) {
    this.tracker = tracker;
  }

  public SeriesTracker tracker() {
    return tracker;
  }

  /** The request without refused points, how many points were refused and why (the last). */
  public record Limited(ExportMetricsServiceRequest request, int refused, String reason) {}

  public Limited apply(String tenant, ExportMetricsServiceRequest request) {
    ExportMetricsServiceRequest.Builder b = null;
    int refused = 0;
    String reason = null;
    for (int i = 0; i < request.getResourceMetricsCount(); i++) {
      ResourceMetrics rm = request.getResourceMetrics(i);
      long resource = SeriesIdentity.resource(rm.getResource().getAttributesList());
      for (int j = 0; j < rm.getScopeMetricsCount(); j++) {
        ScopeMetrics sm = rm.getScopeMetrics(j);
        List<Metric> kept = null;
        for (int k = 0; k < sm.getMetricsCount(); k++) {
          Metric metric = sm.getMetrics(k);
          List<List<KeyValue>> points = pointAttributes(metric);
          long[] series = new long[points.size()];
          for (int p = 0; p < series.length; p++) {
            series[p] = SeriesIdentity.series(resource, metric.getName(), points.get(p));
          }
          BitSet out = new BitSet();
          Admission a = tracker.admit(tenant, metric.getName(), series, out);
          if (a != Admission.ADMITTED) {
            reason = reason(tenant, metric.getName(), a);
          }
          if (!out.isEmpty() && kept == null) {
            kept = new ArrayList<>(sm.getMetricsList().subList(0, k));
          }
          refused += out.cardinality();
          boolean allRefused = !out.isEmpty() && out.cardinality() == points.size();
          if (kept != null && !allRefused) {
            kept.add(out.isEmpty() ? metric : without(metric, out));
          }
        }
        if (kept != null) {
          b = b != null ? b : request.toBuilder();
          b.getResourceMetricsBuilder(i)
              .getScopeMetricsBuilder(j)
              .clearMetrics()
              .addAllMetrics(kept);
        }
      }
    }
    return new Limited(b == null ? request : b.build(), refused, reason);
  }

  private String reason(String tenant, String metric, Admission a) {
    return a == Admission.METRIC_FULL
        ? "metric "
            + metric
            + " is at its limit of "
            + tracker.maxPerMetric()
            + " series per hour (OBSERA_INGEST_MAX_SERIES_PER_METRIC); points of new series"
            + " are refused, points of its known series are kept"
        : "tenant "
            + tenant
            + " is at its limit of "
            + tracker.maxPerTenant()
            + " series per hour over all metrics (OBSERA_INGEST_MAX_SERIES_PER_TENANT); points"
            + " of new series of metric "
            + metric
            + " are refused, points of known series are kept";
  }

  /** Each data point's attributes, in order; none for a metric without a name or data. */
  private static List<List<KeyValue>> pointAttributes(Metric m) {
    if (m.getName().isEmpty()) {
      return List.of();
    }
    return switch (m.getDataCase()) {
      case GAUGE -> map(m.getGauge().getDataPointsList(), p -> p.getAttributesList());
      case SUM -> map(m.getSum().getDataPointsList(), p -> p.getAttributesList());
      case HISTOGRAM -> map(m.getHistogram().getDataPointsList(), p -> p.getAttributesList());
      case EXPONENTIAL_HISTOGRAM ->
          map(m.getExponentialHistogram().getDataPointsList(), p -> p.getAttributesList());
      case SUMMARY -> map(m.getSummary().getDataPointsList(), p -> p.getAttributesList());
      case DATA_NOT_SET -> List.of();
    };
  }

  /** {@code m} without the data points whose index is in {@code refused}. */
  private static Metric without(Metric m, BitSet refused) {
    Metric.Builder b = m.toBuilder();
    switch (m.getDataCase()) {
      case GAUGE ->
          b.getGaugeBuilder()
              .clearDataPoints()
              .addAllDataPoints(keep(m.getGauge().getDataPointsList(), refused));
      case SUM ->
          b.getSumBuilder()
              .clearDataPoints()
              .addAllDataPoints(keep(m.getSum().getDataPointsList(), refused));
      case HISTOGRAM ->
          b.getHistogramBuilder()
              .clearDataPoints()
              .addAllDataPoints(keep(m.getHistogram().getDataPointsList(), refused));
      case EXPONENTIAL_HISTOGRAM ->
          b.getExponentialHistogramBuilder()
              .clearDataPoints()
              .addAllDataPoints(keep(m.getExponentialHistogram().getDataPointsList(), refused));
      case SUMMARY ->
          b.getSummaryBuilder()
              .clearDataPoints()
              .addAllDataPoints(keep(m.getSummary().getDataPointsList(), refused));
      case DATA_NOT_SET -> {
        // nothing to refuse: pointAttributes gave no points
      }
    }
    return b.build();
  }

  private static <P> List<P> keep(List<P> points, BitSet refused) {
    List<P> out = new ArrayList<>(points.size() - refused.cardinality());
    for (int p = 0; p < points.size(); p++) {
      if (!refused.get(p)) {
        out.add(points.get(p));
      }
    }
    return out;
  }

  private static <P> List<List<KeyValue>> map(List<P> points, Function<P, List<KeyValue>> f) {
    List<List<KeyValue>> out = new ArrayList<>(points.size());
    points.forEach(p -> out.add(f.apply(p)));
    return out;
  }
}
