package io.obsera.query;

import io.obsera.model.ConfigSupport;
import java.util.Map;

/**
 * How much of one answer the query service holds in its own memory.
 *
 * @param traceMaxSpans spans of one trace view; the rest come page by page ({@code
 *     OBSERA_TRACE_MAX_SPANS})
 * @param panelMaxResultBytes bytes of one dashboard panel's result; more is a 422 ({@code
 *     OBSERA_PANEL_MAX_RESULT_BYTES})
 */
public record ResultCaps(int traceMaxSpans, long panelMaxResultBytes) {

  public ResultCaps {
    if (traceMaxSpans < 1 || traceMaxSpans > 1_000_000) {
      throw new IllegalArgumentException(
          "OBSERA_TRACE_MAX_SPANS must be between 1 and 1000000, got " + traceMaxSpans);
    }
    if (panelMaxResultBytes < 1024) {
      throw new IllegalArgumentException(
          "OBSERA_PANEL_MAX_RESULT_BYTES must be at least 1024, got " + panelMaxResultBytes);
    }
  }

  /** 10,000 spans, 8 MiB. */
  public static ResultCaps defaults() {
    return new ResultCaps(10_000, 8L << 20);
  }

  public static ResultCaps fromEnv(Map<String, String> env) {
    ResultCaps d = defaults();
    return new ResultCaps(
        ConfigSupport.intVar(env, "OBSERA_TRACE_MAX_SPANS", d.traceMaxSpans()),
        ConfigSupport.longVar(env, "OBSERA_PANEL_MAX_RESULT_BYTES", d.panelMaxResultBytes()));
  }
}
