package io.obsera.bench.query;

import io.obsera.model.ConfigSupport;
import java.nio.file.Path;
import java.util.Map;

/**
 * Settings of the query benchmark, from {@code BENCH_*} variables.
 *
 * @param spans spans loaded, 10 per trace ({@code BENCH_SPANS}, default 10,000,000)
 * @param threads concurrent senders while loading ({@code BENCH_THREADS})
 * @param queries timed requests per query kind, after {@code queries / 10} untimed ones ({@code
 *     BENCH_QUERIES})
 * @param dataDir where the runtime keeps its data ({@code BENCH_QUERY_DATA}); a directory holding a
 *     complete load of the same size is reused, so the queries can be re-measured without loading
 *     again
 */
record QueryBenchConfig(int spans, int threads, int queries, Path dataDir) {
  QueryBenchConfig {
    if (spans < QueryWorkload.SPANS_PER_REQUEST || spans % QueryWorkload.SPANS_PER_REQUEST != 0) {
      throw new IllegalArgumentException(
          "BENCH_SPANS must be a positive multiple of " + QueryWorkload.SPANS_PER_REQUEST);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("BENCH_THREADS must be >= 1");
    }
    if (queries < 10) {
      throw new IllegalArgumentException("BENCH_QUERIES must be >= 10");
    }
  }

  static QueryBenchConfig fromEnv(Map<String, String> env) {
    String dir = env.getOrDefault("BENCH_QUERY_DATA", "bench/query/target/data");
    if (dir.isBlank()) {
      throw new IllegalArgumentException("BENCH_QUERY_DATA must not be blank");
    }
    return new QueryBenchConfig(
        ConfigSupport.intVar(env, "BENCH_SPANS", 10_000_000),
        ConfigSupport.intVar(env, "BENCH_THREADS", 4),
        ConfigSupport.intVar(env, "BENCH_QUERIES", 200),
        Path.of(dir).toAbsolutePath());
  }

  int requests() {
    return spans / QueryWorkload.SPANS_PER_REQUEST;
  }
}
