package io.obsera.bench;

/**
 * What one scenario measured over its timed part (warm-up excluded).
 *
 * @param items spans or log records accepted
 * @param bytes request body bytes sent
 * @param nanos wall time from the first timed request to the last answer
 * @param p50Nanos median request latency
 * @param p99Nanos 99th percentile request latency
 * @param cpu CPU time of the process, of the client's threads and of child processes
 */
record LoadResult(
    Scenario scenario,
    long items,
    int requests,
    long bytes,
    long nanos,
    long p50Nanos,
    long p99Nanos,
    CpuMeter.Usage cpu) {

  double seconds() {
    return nanos / 1e9;
  }

  double itemsPerSecond() {
    return items / seconds();
  }

  double requestsPerSecond() {
    return requests / seconds();
  }

  /** CPU seconds per 100,000 items of {@code cpuNanos}. */
  double cpuPer100k(long cpuNanos) {
    return cpuNanos / 1e9 * 100_000.0 / items;
  }
}
