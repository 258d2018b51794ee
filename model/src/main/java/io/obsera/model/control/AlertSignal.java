package io.obsera.model.control;

/** What a threshold or no-data rule watches. */
public enum AlertSignal {
  /** Share of a service's spans with status ERROR (0..1), from the RED rollups. */
  ERROR_RATE,
  /** A latency percentile of a service's spans in milliseconds, from the RED rollups. */
  LATENCY,
  /** A service's spans per second, from the RED rollups. */
  REQUEST_RATE,
  /** Any metric's gauge or sum data points (e.g. CPU or memory utilisation), by name. */
  METRIC
}
