package io.obsera.bench.idle;

import io.obsera.bench.BenchRuntime;
import io.obsera.standalone.Standalone;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * What an idle runtime costs: the standalone runtime (every service in this JVM, ClickHouse in a
 * child process) started on a new data directory, left alone for {@code BENCH_IDLE_WARMUP_SECONDS}
 * (default 60: the JIT compilers finish with the start-up code), then measured for {@code
 * BENCH_IDLE_SECONDS} (default 60) with no traffic, {@code BENCH_IDLE_WINDOWS} times (default 1,
 * one window after the other: later windows show the steady state). Prints the CPU of each process
 * as % of one core and the busiest thread groups of this JVM. Then stops it cleanly, starts it
 * again on the same data directory and prints the warm start time and the records the Streams
 * applications restored from their changelogs (none when the stop was clean).
 */
public final class IdleBench {
  private IdleBench() {}

  public static void main(String[] args) throws Exception {
    IdleSettings settings = IdleSettings.fromEnv(System.getenv());
    int warmUp = settings.warmUpSeconds();
    int idle = settings.idleSeconds();
    int windows = settings.windows();
    PrintStream out = System.out;
    Path dataDir = BenchRuntime.dataDir("obsera-idle-bench-");
    out.println(settings.banner("idle bench"));
    long stopping;
    try (Standalone obsera =
        Standalone.start(
            BenchRuntime.config(dataDir), new PrintStream(OutputStream.nullOutputStream()))) {
      long started = System.nanoTime();
      Thread.sleep(warmUp * 1000L);
      ProcessCpu start = ProcessCpu.now();
      for (int w = 1; w <= windows; w++) {
        Thread.sleep(idle * 1000L);
        ProcessCpu end = ProcessCpu.now();
        out.printf(
            "window %d: %.0f-%.0f s after start%n",
            w, (start.wallNanos() - started) / 1e9, (end.wallNanos() - started) / 1e9);
        out.print(end.since(start, settings.topThreads()));
        out.printf("  (%s)%n", load());
        start = end;
      }
      stopping = System.nanoTime();
    }
    out.printf("clean stop: %.1f s%n", (System.nanoTime() - stopping) / 1e9);
    ByteArrayOutputStream stages = new ByteArrayOutputStream();
    long t0 = System.nanoTime();
    try (Standalone obsera =
        Standalone.start(
            BenchRuntime.config(dataDir), new PrintStream(stages, true, StandardCharsets.UTF_8))) {
      double seconds = (System.nanoTime() - t0) / 1e9;
      // the stage lines of the warm start, each with its own time
      stages
          .toString(StandardCharsets.UTF_8)
          .lines()
          .filter(l -> l.startsWith("["))
          .forEach(l -> out.println("  " + l.replaceAll("  +", " ")));
      // restoring runs in the background after start: wait until both apps process again
      Thread.sleep(5_000);
      out.printf(
          "warm start: %.1f s; records restored from changelogs: topology %d, alert worker %d%n",
          seconds, obsera.streams().restoredRecords(), obsera.alerts().restoredRecords());
    }
  }

  static String load() {
    return String.format(
        "load average %.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }
}
