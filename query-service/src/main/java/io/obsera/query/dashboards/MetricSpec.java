package io.obsera.query.dashboards;

import io.obsera.query.metrics.MetricQuery;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a metric panel charts, the inputs of the Metrics page's picker ({@code GET
 * /api/v1/metrics/query}): the metric, its aggregation, an optional service, attributes to group by
 * and {@code key=value} attribute filters. The UI runs it over the dashboard's time range.
 */
public record MetricSpec(
    String name, String agg, String service, List<String> groupBy, List<String> filters) {
  private static final Pattern FILTER = Pattern.compile("[^=]{1,256}=.{0,1024}");
  private static final int MAX_ITEMS = 16;

  public MetricSpec {
    if (name == null || name.isBlank() || name.length() > 512) {
      throw new IllegalArgumentException("metric 'name' is required (1-512 characters)");
    }
    agg = agg == null || agg.isBlank() ? "avg" : agg.toLowerCase(Locale.ROOT);
    String given = agg;
    if (Arrays.stream(MetricQuery.Agg.values())
        .noneMatch(a -> a.name().toLowerCase(Locale.ROOT).equals(given))) {
      throw new IllegalArgumentException(
          "metric 'agg' must be avg, sum, min, max, count, rate, p50, p95 or p99, got '"
              + agg
              + "'");
    }
    service = service == null ? "" : service;
    groupBy = groupBy == null ? List.of() : List.copyOf(groupBy);
    filters = filters == null ? List.of() : List.copyOf(filters);
    if (groupBy.size() > MAX_ITEMS || filters.size() > MAX_ITEMS) {
      throw new IllegalArgumentException(
          "metric 'groupBy' and 'filters' hold at most " + MAX_ITEMS + " entries each");
    }
    for (String f : filters) {
      if (!FILTER.matcher(f).matches()) {
        throw new IllegalArgumentException(
            "metric 'filters' entries must be key=value, got '" + f + "'");
      }
    }
  }
}
