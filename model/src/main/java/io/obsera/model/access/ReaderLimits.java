package io.obsera.model.access;

import io.obsera.model.ConfigSupport;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Limits of every tenant reader, locked with settings constraints so a query cannot raise them, and
 * its quota.
 *
 * @param maxExecutionSeconds {@code max_execution_time} ({@code OBSERA_SQL_MAX_EXECUTION_SECONDS})
 * @param maxRowsToRead {@code max_rows_to_read} ({@code OBSERA_SQL_MAX_ROWS_TO_READ})
 * @param maxResultRows {@code max_result_rows} ({@code OBSERA_SQL_MAX_RESULT_ROWS})
 * @param maxMemoryBytes {@code max_memory_usage} ({@code OBSERA_SQL_MAX_MEMORY_BYTES})
 * @param maxResultBytes {@code max_result_bytes} ({@code OBSERA_SQL_MAX_RESULT_BYTES})
 * @param maxThreads {@code max_threads} and {@code max_final_threads} ({@code
 *     OBSERA_SQL_MAX_THREADS})
 * @param maxConcurrentQueries {@code max_concurrent_queries_for_user} ({@code
 *     OBSERA_SQL_MAX_CONCURRENT_QUERIES})
 * @param queriesPerMinute the reader's quota: queries per minute ({@code
 *     OBSERA_SQL_QUERIES_PER_MINUTE}); ClickHouse counts queries that read a table
 */
public record ReaderLimits(
    long maxExecutionSeconds,
    long maxRowsToRead,
    long maxResultRows,
    long maxMemoryBytes,
    long maxResultBytes,
    long maxThreads,
    long maxConcurrentQueries,
    long queriesPerMinute) {

  /** The interval of the reader quota, in seconds. */
  public static final int QUOTA_INTERVAL_SECONDS = 60;

  private static final long DEFAULT_MAX_RESULT_BYTES = 256L << 20;
  private static final long DEFAULT_MAX_THREADS = 4;
  private static final long DEFAULT_MAX_CONCURRENT_QUERIES = 4;
  private static final long DEFAULT_QUERIES_PER_MINUTE = 600;

  public ReaderLimits {
    positive("OBSERA_SQL_MAX_EXECUTION_SECONDS", maxExecutionSeconds);
    positive("OBSERA_SQL_MAX_ROWS_TO_READ", maxRowsToRead);
    positive("OBSERA_SQL_MAX_RESULT_ROWS", maxResultRows);
    positive("OBSERA_SQL_MAX_MEMORY_BYTES", maxMemoryBytes);
    positive("OBSERA_SQL_MAX_RESULT_BYTES", maxResultBytes);
    positive("OBSERA_SQL_MAX_THREADS", maxThreads);
    positive("OBSERA_SQL_MAX_CONCURRENT_QUERIES", maxConcurrentQueries);
    positive("OBSERA_SQL_QUERIES_PER_MINUTE", queriesPerMinute);
  }

  /** The four classic limits; the others at their defaults. */
  public ReaderLimits(
      long maxExecutionSeconds, long maxRowsToRead, long maxResultRows, long maxMemoryBytes) {
    this(
        maxExecutionSeconds,
        maxRowsToRead,
        maxResultRows,
        maxMemoryBytes,
        DEFAULT_MAX_RESULT_BYTES,
        DEFAULT_MAX_THREADS,
        DEFAULT_MAX_CONCURRENT_QUERIES,
        DEFAULT_QUERIES_PER_MINUTE);
  }

  /**
   * 30 s, 1e9 rows read, 1e6 result rows, 1 GiB, 256 MiB of result, 4 threads, 4 at once, 600/min.
   */
  public static ReaderLimits defaults() {
    return new ReaderLimits(30, 1_000_000_000L, 1_000_000L, 1L << 30);
  }

  public static ReaderLimits fromEnv(Map<String, String> env) {
    ReaderLimits d = defaults();
    return new ReaderLimits(
        ConfigSupport.longVar(env, "OBSERA_SQL_MAX_EXECUTION_SECONDS", d.maxExecutionSeconds()),
        ConfigSupport.longVar(env, "OBSERA_SQL_MAX_ROWS_TO_READ", d.maxRowsToRead()),
        ConfigSupport.longVar(env, "OBSERA_SQL_MAX_RESULT_ROWS", d.maxResultRows()),
        ConfigSupport.longVar(env, "OBSERA_SQL_MAX_MEMORY_BYTES", d.maxMemoryBytes()),
        ConfigSupport.longVar(env, "OBSERA_SQL_MAX_RESULT_BYTES", d.maxResultBytes()),
        ConfigSupport.longVar(env, "OBSERA_SQL_MAX_THREADS", d.maxThreads()),
        ConfigSupport.longVar(env, "OBSERA_SQL_MAX_CONCURRENT_QUERIES", d.maxConcurrentQueries()),
        ConfigSupport.longVar(env, "OBSERA_SQL_QUERIES_PER_MINUTE", d.queriesPerMinute()));
  }

  /**
   * The ClickHouse settings of a reader, in a fixed order, every one locked by a constraint: the
   * limits; the overflow modes at {@code throw} so a query cannot turn a limit into a silent
   * truncation; no query cache (a cached result must never be shared between users, and the cache
   * would outlive the limits); every query logged (when the server keeps a query log); and no
   * spilling to disk (the external sort, group-by and join thresholds off, and at most one byte of
   * temporary data), since the disk may be the one Kafka shares.
   */
  public Map<String, String> settings() {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("max_execution_time", Long.toString(maxExecutionSeconds));
    s.put("max_rows_to_read", Long.toString(maxRowsToRead));
    s.put("max_result_rows", Long.toString(maxResultRows));
    s.put("max_memory_usage", Long.toString(maxMemoryBytes));
    s.put("read_overflow_mode", "throw");
    s.put("result_overflow_mode", "throw");
    s.put("timeout_overflow_mode", "throw");
    s.put("max_result_bytes", Long.toString(maxResultBytes));
    s.put("max_threads", Long.toString(maxThreads));
    s.put("max_final_threads", Long.toString(maxThreads));
    s.put("max_concurrent_queries_for_user", Long.toString(maxConcurrentQueries));
    s.put("use_query_cache", "0");
    s.put("query_cache_share_between_users", "0");
    s.put("log_queries", "1");
    s.put("log_queries_min_type", "QUERY_START");
    s.put("log_queries_min_query_duration_ms", "0");
    s.put("log_queries_probability", "1");
    for (String spill : new String[] {"sort", "group_by", "join"}) {
      s.put("max_bytes_before_external_" + spill, "0");
      s.put("max_bytes_ratio_before_external_" + spill, "0");
    }
    // 0 would mean unlimited: one byte means none
    s.put("max_temporary_data_on_disk_size_for_query", "1");
    s.put("max_temporary_data_on_disk_size_for_user", "1");
    return s;
  }

  private static void positive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be > 0, got " + value);
    }
  }
}
