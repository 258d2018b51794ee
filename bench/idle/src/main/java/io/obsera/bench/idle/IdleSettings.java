package io.obsera.bench.idle;

import io.obsera.model.ConfigSupport;
import java.util.Map;

/**
 * The idle benches' settings: {@code BENCH_IDLE_WARMUP_SECONDS} (default 60), {@code
 * BENCH_IDLE_SECONDS} (60), {@code BENCH_IDLE_WINDOWS} (1) and {@code BENCH_IDLE_TOP_THREADS} (12:
 * how many of the busiest thread groups each window lists).
 */
record IdleSettings(int warmUpSeconds, int idleSeconds, int windows, int topThreads) {
  static IdleSettings fromEnv(Map<String, String> env) {
    return new IdleSettings(
        ConfigSupport.intVar(env, "BENCH_IDLE_WARMUP_SECONDS", 60),
        ConfigSupport.intVar(env, "BENCH_IDLE_SECONDS", 60),
        ConfigSupport.intVar(env, "BENCH_IDLE_WINDOWS", 1),
        ConfigSupport.intVar(env, "BENCH_IDLE_TOP_THREADS", 12));
  }

  /** The line a bench starts with: what it measures, on how many CPUs, at what load. */
  String banner(String bench) {
    return String.format(
        "%s: %d x %d s idle after %d s warm-up, %d CPUs, %s",
        bench,
        windows,
        idleSeconds,
        warmUpSeconds,
        Runtime.getRuntime().availableProcessors(),
        IdleBench.load());
  }
}
