package io.obsera.model.control;

/** What an API key may do. */
public enum Scope {
  /** Send telemetry to the OTLP endpoints. */
  INGEST,
  /** Read through the query API. */
  QUERY,
  /**
   * Send telemetry from web pages: ingest only, and only from the key's allowed origins. Such a key
   * is not a secret (it sits in page source), so it can do nothing else.
   */
  BROWSER,
  /**
   * A probe agent (operator-issued): reads the check assignments of its region for every tenant,
   * and sends probe results (OTLP) filed under the tenant each result's resource names. Nothing
   * else.
   */
  PROBE
}
