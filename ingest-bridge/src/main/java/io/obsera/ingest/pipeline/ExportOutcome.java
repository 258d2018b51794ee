package io.obsera.ingest.pipeline;

/**
 * The answer to an accepted export: how many items were stored, how many were dropped as invalid,
 * and why (the OTLP {@code partial_success}).
 */
public record ExportOutcome(int accepted, int rejected, String message) {
  public boolean partial() {
    return rejected > 0;
  }
}
