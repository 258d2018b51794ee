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
 * @param warmUpSeconds seconds of untimed load before each scenario's timed part, the same for
 *     every scenario ({@code BENCH_WARMUP_SECONDS}, default 10), to warm up both sides
 * @param holdDownstream whether the topology and the ClickHouse writer are held during the ingest
 *     scenarios, so that those measure ingest and Kafka alone; they catch up afterwards ({@code
 *     BENCH_DOWNSTREAM}: {@code held}, the default, or {@code running}). The e2e scenario always
 *     runs them.
 * @param scenarios scenarios to run, in their fixed order ({@code BENCH_SCENARIOS}, comma
 *     separated, default all)
 */
record BenchConfig(
    int items,
    int threads,
    int batch,
    int warmUpSeconds,
    boolean holdDownstream,
    List<Scenario> scenarios) {
  /** Distinct warm-up bodies per scenario, sent round-robin for the warm-up time. */
  static final int WARM_UP_BODIES = 200;

  BenchConfig {
    atLeast("BENCH_THREADS", threads, 1);
    atLeast("BENCH_BATCH", batch, 8);
    if (batch % 8 != 0) {
      throw new IllegalArgumentException(
          "BENCH_BATCH must be a multiple of 8 (spans per trace), got " + batch);
    }
    atLeast("BENCH_SPANS", items, batch);
    atLeast("BENCH_WARMUP_SECONDS", warmUpSeconds, 0);
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
        intVar(env, "BENCH_WARMUP_SECONDS", 10),
        downstream(env.getOrDefault("BENCH_DOWNSTREAM", "held")),
        scenarios(env.getOrDefault("BENCH_SCENARIOS", "all")));
  }

  /** Requests in the timed part of a scenario. */
  int requests() {
    return items / batch;
  }

  /** Distinct bodies the warm-up cycles through. */
  int warmUpBodies() {
    return warmUpSeconds == 0 ? 0 : Math.min(requests(), WARM_UP_BODIES);
  }

  private static boolean downstream(String value) {
    return switch (value.trim()) {
      case "held" -> true;
      case "running" -> false;
      default ->
          throw new IllegalArgumentException(
              "BENCH_DOWNSTREAM must be 'held' or 'running', got '" + value + "'");
    };
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
