package io.obsera.model.access;

import io.obsera.model.ConfigSupport;
import java.util.Map;

/**
 * Limits of every tenant reader, locked with settings constraints so a query cannot raise them.
 *
 * @param maxExecutionSeconds {@code max_execution_time} ({@code OBSERA_SQL_MAX_EXECUTION_SECONDS})
 * @param maxRowsToRead {@code max_rows_to_read} ({@code OBSERA_SQL_MAX_ROWS_TO_READ})
 * @param maxResultRows {@code max_result_rows} ({@code OBSERA_SQL_MAX_RESULT_ROWS})
 * @param maxMemoryBytes {@code max_memory_usage} ({@code OBSERA_SQL_MAX_MEMORY_BYTES})
 */
public record ReaderLimits(
    long maxExecutionSeconds, long maxRowsToRead, long maxResultRows, long maxMemoryBytes) {

  public ReaderLimits {
    positive("OBSERA_SQL_MAX_EXECUTION_SECONDS", maxExecutionSeconds);
    positive("OBSERA_SQL_MAX_ROWS_TO_READ", maxRowsToRead);
    positive("OBSERA_SQL_MAX_RESULT_ROWS", maxResultRows);
    positive("OBSERA_SQL_MAX_MEMORY_BYTES", maxMemoryBytes);
  }

  /** 30 s, 1e9 rows read, 1e6 result rows, 1 GiB. */
  public static ReaderLimits defaults() {
    return new ReaderLimits(30, 1_000_000_000L, 1_000_000L, 1L << 30);
  }

  public static ReaderLimits fromEnv(Map<String, String> env) {
    ReaderLimits d = defaults();
    return new ReaderLimits(
        ConfigSupport.longVar(env, "OBSERA_SQL_MAX_EXECUTION_SECONDS", d.maxExecutionSeconds()),
        ConfigSupport.longVar(env, "OBSERA_SQL_MAX_ROWS_TO_READ", d.maxRowsToRead()),
        ConfigSupport.longVar(env, "OBSERA_SQL_MAX_RESULT_ROWS", d.maxResultRows()),
        ConfigSupport.longVar(env, "OBSERA_SQL_MAX_MEMORY_BYTES", d.maxMemoryBytes()));
  }

  /**
   * The ClickHouse settings of a reader, in a fixed order: the four limits, and the overflow modes
   * at {@code throw} so a query cannot turn a limit into a silent truncation.
   */
  public Map<String, String> settings() {
    Map<String, String> s = new java.util.LinkedHashMap<>();
    s.put("max_execution_time", Long.toString(maxExecutionSeconds));
    s.put("max_rows_to_read", Long.toString(maxRowsToRead));
    s.put("max_result_rows", Long.toString(maxResultRows));
    s.put("max_memory_usage", Long.toString(maxMemoryBytes));
    s.put("read_overflow_mode", "throw");
    s.put("result_overflow_mode", "throw");
    s.put("timeout_overflow_mode", "throw");
    return s;
  }

  private static void positive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be > 0, got " + value);
    }
  }
}
