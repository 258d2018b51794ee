package io.obsera.bench.query;

import io.obsera.model.ConfigSupport;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Settings of the query benchmark, from {@code BENCH_*} variables.
 *
 * @param spans spans loaded, 10 per trace ({@code BENCH_SPANS}, default 10,000,000)
 * @param threads concurrent senders while loading ({@code BENCH_THREADS})
 * @param queries timed requests per query kind ({@code BENCH_QUERIES})
 * @param warmupSeconds how long each query kind is sent untimed before its timed requests ({@code
 *     BENCH_WARMUP_SECONDS}, default 60): the figures are a running service's, not a just-started
 *     JVM's (in a fresh one the first thousand or so requests run partly interpreted code and wait
 *     for the JIT compiler: with 20 untimed requests the p99 of trace by id was 1.4 to 1.9 times
 *     its steady value; 15 s into the warm-up of trace by id the C2 compiler thread still took a
 *     quarter of a core)
 * @param kinds the query kinds to time ({@code BENCH_QUERY_KINDS}, comma-separated keys of {@link
 *     #KINDS}; default all)
 * @param dataDir where the runtime keeps its data ({@code BENCH_QUERY_DATA}); a directory holding a
 *     complete load of the same size is reused, so the queries can be re-measured without loading
 *     again
 */
record QueryBenchConfig(
    int spans, int threads, int queries, int warmupSeconds, Set<String> kinds, Path dataDir) {
  /** The timed query kinds: their keys (as in {@code BENCH_QUERY_KINDS}) to the labels printed. */
  static final Map<String, String> KINDS = knownKinds();

  QueryBenchConfig {
    kinds = Set.copyOf(kinds);
    for (String k : kinds) {
      if (!KINDS.containsKey(k)) {
        throw new IllegalArgumentException(
            "BENCH_QUERY_KINDS: unknown kind '" + k + "', expected some of " + KINDS.keySet());
      }
    }

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
    if (warmupSeconds < 0) {
      throw new IllegalArgumentException("BENCH_WARMUP_SECONDS must be >= 0");
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
        ConfigSupport.intVar(env, "BENCH_WARMUP_SECONDS", 60),
        kindsVar(env),
        Path.of(dir).toAbsolutePath());
  }

  private static Set<String> kindsVar(Map<String, String> env) {
    Set<String> named = ConfigSupport.listVar(env, "BENCH_QUERY_KINDS");
    return named.isEmpty() ? KINDS.keySet() : named;
  }

  private static Map<String, String> knownKinds() {
    Map<String, String> k = new LinkedHashMap<>();
    k.put("trace", "trace by id");
    k.put("search", "trace search (1 h, one service)");
    k.put("logs", "log search (1 h, text)");
    k.put("correlation", "correlation (15 min)");
    k.put("regions", "regional latency (24 h, step 1h)");
    k.put("timeline-trace", "timeline (trace)");
    k.put("timeline-service", "timeline (service, 15 min)");
    return Collections.unmodifiableMap(k);
  }

  int requests() {
    return spans / QueryWorkload.SPANS_PER_REQUEST;
  }
}
