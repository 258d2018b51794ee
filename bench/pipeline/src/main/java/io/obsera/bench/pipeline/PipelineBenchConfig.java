package io.obsera.bench.pipeline;

import io.obsera.model.ConfigSupport;
import java.util.Map;

/**
 * Settings of the pipeline benchmark, from {@code BENCH_*} variables.
 *
 * @param spans spans in the timed throughput phase ({@code BENCH_SPANS})
 * @param batch spans per export request, a multiple of 8, plus one probe span ({@code BENCH_BATCH})
 * @param threads concurrent senders in the throughput phase ({@code BENCH_THREADS})
 * @param warmUpPercent untimed warm-up, in percent of the timed requests ({@code BENCH_WARMUP})
 * @param latencySeconds length of the latency phase ({@code BENCH_LATENCY_SECONDS})
 * @param latencyRate spans per second in the latency phase; 0: half the measured end-to-end rate
 *     ({@code BENCH_LATENCY_RATE})
 */
record PipelineBenchConfig(
    int spans, int batch, int threads, int warmUpPercent, int latencySeconds, int latencyRate) {
  PipelineBenchConfig {
    if (batch < 8 || batch % 8 != 0) {
      throw new IllegalArgumentException("BENCH_BATCH must be a positive multiple of 8");
    }
    if (spans < batch) {
      throw new IllegalArgumentException("BENCH_SPANS must be at least BENCH_BATCH");
    }
    if (threads < 1) {
      throw new IllegalArgumentException("BENCH_THREADS must be >= 1");
    }
    if (warmUpPercent < 0) {
      throw new IllegalArgumentException("BENCH_WARMUP must be >= 0");
    }
    if (latencySeconds < 1) {
      throw new IllegalArgumentException("BENCH_LATENCY_SECONDS must be >= 1");
    }
    if (latencyRate < 0) {
      throw new IllegalArgumentException("BENCH_LATENCY_RATE must be >= 0");
    }
  }

  static PipelineBenchConfig fromEnv(Map<String, String> env) {
    return new PipelineBenchConfig(
        ConfigSupport.intVar(env, "BENCH_SPANS", 400_000),
        ConfigSupport.intVar(env, "BENCH_BATCH", 512),
        ConfigSupport.intVar(env, "BENCH_THREADS", 8),
        ConfigSupport.intVar(env, "BENCH_WARMUP", 20),
        ConfigSupport.intVar(env, "BENCH_LATENCY_SECONDS", 20),
        ConfigSupport.intVar(env, "BENCH_LATENCY_RATE", 0));
  }

  int requests() {
    return spans / batch;
  }
}
