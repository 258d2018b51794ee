package io.obsera.model.control;

/** What an API key may do. */
public enum Scope {
  /** Send telemetry to the OTLP endpoints. */
  INGEST,
  /** Read through the query API. */
  QUERY
}
