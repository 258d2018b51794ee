package io.obsera.bench;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * Benchmark settings, from the environment.
 *
 * @param items spans (or log records) sent in the timed part of each scenario ({@code BENCH_SPANS},
 *     default 400000)
 * @param threads concurrent sender threads ({@code BENCH_THREADS}, default 8)
 * @param batch spans or log records per request ({@code BENCH_BATCH}, default 512, a multiple of 8)
 * @param warmUpPercent requests sent untimed before each scenario's timed part, in percent of the
 *     timed ones ({@code BENCH_WARMUP}, default 20), to warm up both sides
 * @param scenarios scenarios to run, in their fixed order ({@code BENCH_SCENARIOS}, comma
 *     separated, default all)
 */
record BenchConfig(int items, int threads, int batch, int warmUpPercent, List<Scenario> scenarios) {

  BenchConfig {
    atLeast("BENCH_THREADS", threads, 1);
    atLeast("BENCH_BATCH", batch, 8);
    if (batch % 8 != 0) {
      throw new IllegalArgumentException(
          "BENCH_BATCH must be a multiple of 8 (spans per trace), got " + batch);
    }
    atLeast("BENCH_SPANS", items, batch);
    atLeast("BENCH_WARMUP", warmUpPercent, 0);
    if (scenarios.isEmpty()) {
      throw new IllegalArgumentException("BENCH_SCENARIOS names no scenario");
    }
    scenarios = List.copyOf(scenarios);
  }

  static BenchConfig fromEnv(Map<String, String> env) {
    return new BenchConfig(
        intVar(env, "BENCH_SPANS", 400_000),
        intVar(env, "BENCH_THREADS", 8),
        intVar(env, "BENCH_BATCH", 512),
        intVar(env, "BENCH_WARMUP", 20),
        scenarios(env.getOrDefault("BENCH_SCENARIOS", "all")));
  }

  /** Requests in the timed part of a scenario. */
  int requests() {
    return items / batch;
  }

  /** Untimed requests sent before the timed part. */
  int warmUpRequests() {
    return (int) Math.ceil(requests() * warmUpPercent / 100.0);
  }

  private static List<Scenario> scenarios(String value) {
    if (value.isBlank() || value.trim().equals("all")) {
      return List.of(Scenario.values());
    }
    EnumSet<Scenario> chosen = EnumSet.noneOf(Scenario.class);
    for (String id : value.split(",")) {
      if (!id.isBlank()) {
        chosen.add(Scenario.of(id.trim()));
      }
    }
    return new ArrayList<>(chosen);
  }

  private static int intVar(Map<String, String> env, String name, int fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be an integer, got '" + value + "'");
    }
  }

  private static void atLeast(String name, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be at least " + min + ", got " + value);
    }
  }
}
