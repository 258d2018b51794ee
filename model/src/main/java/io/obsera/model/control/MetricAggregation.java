package io.obsera.model.control;

/** How a METRIC threshold rule reduces the data points of its window to one value per group. */
public enum MetricAggregation {
  AVG,
  MIN,
  MAX,
  LAST
}
