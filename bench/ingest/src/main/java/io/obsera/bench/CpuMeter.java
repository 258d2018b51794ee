package io.obsera.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * CPU time of this JVM (the server and the client, since the bench runs both), of the client's
 * threads alone and of the ingest bridge's threads alone ({@link ThreadMXBean#getThreadCpuTime}),
 * and of child processes (the embedded ClickHouse server).
 */
final class CpuMeter {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  /**
   * Thread-name prefixes of the ingest bridge: Jetty's pool (acceptors, selectors, handlers), the
   * gRPC server's event loops and executor, the group-commit thread and its Kafka producer.
   */
  private static final List<String> INGEST_THREADS =
      List.of(
          "JettyServerThreadPool",
          "grpc-",
          "ingest-group-commit",
          "kafka-producer-network-thread | obsera-ingest");

  /**
   * CPU nanoseconds at one instant; {@code clientThreads} and {@code ingestThreads} map thread id
   * to its CPU time. {@code jitMillis} and {@code gcMillis} are the JVM's accumulated compilation
   * and collection times.
   */
  record Snapshot(
      long process,
      long children,
      Map<Long, Long> clientThreads,
      Map<Long, Long> ingestThreads,
      long jitMillis,
      long gcMillis) {}

  /**
   * CPU nanoseconds spent between two snapshots, and milliseconds the JIT compilers and the garbage
   * collectors worked (wall time of their threads, a hint of how warm and how loaded the JVM was).
   * {@code ingest} is part of the server's: the rest is Kafka, the topology, the writer, the JIT
   * and the GC.
   */
  record Usage(
      long process, long client, long ingest, long children, long jitMillis, long gcMillis) {
    long server() {
      return Math.max(0, process - client);
    }
  }

  private final Sender sender;

  CpuMeter(Sender sender) {
    if (!THREADS.isThreadCpuTimeSupported()) {
      throw new IllegalStateException("this JVM cannot measure per-thread CPU time");
    }
    THREADS.setThreadCpuTimeEnabled(true);
    this.sender = sender;
  }

  Snapshot snapshot() {
    Map<Long, Long> client = new HashMap<>();
    Map<Long, Long> ingest = new HashMap<>();
    for (ThreadInfo t : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
      if (t == null) {
        continue;
      }
      String name = t.getThreadName();
      Map<Long, Long> group =
          sender.ownsThread(t.getThreadId(), name)
              ? client
              : INGEST_THREADS.stream().anyMatch(name::startsWith) ? ingest : null;
      long cpu = group == null ? -1 : THREADS.getThreadCpuTime(t.getThreadId());
      if (cpu >= 0) {
        group.put(t.getThreadId(), cpu);
      }
    }
    long gc =
        ManagementFactory.getGarbageCollectorMXBeans().stream()
            .mapToLong(b -> Math.max(0, b.getCollectionTime()))
            .sum();
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    long compiling =
        jit != null && jit.isCompilationTimeMonitoringSupported()
            ? jit.getTotalCompilationTime()
            : 0;
    return new Snapshot(OS.getProcessCpuTime(), childrenCpu(), client, ingest, compiling, gc);
  }

  /**
   * Usage from {@code start} to {@code end}. Client threads must be alive at {@code end}; one
   * started in between counts from zero.
   */
  static Usage between(Snapshot start, Snapshot end) {
    return new Usage(
        end.process() - start.process(),
        spent(start.clientThreads(), end.clientThreads()),
        spent(start.ingestThreads(), end.ingestThreads()),
        end.children() - start.children(),
        end.jitMillis() - start.jitMillis(),
        end.gcMillis() - start.gcMillis());
  }

  /** CPU of threads alive at the end since the start (or since they started). */
  private static long spent(Map<Long, Long> start, Map<Long, Long> end) {
    long sum = 0;
    for (Map.Entry<Long, Long> e : end.entrySet()) {
      sum += e.getValue() - start.getOrDefault(e.getKey(), 0L);
    }
    return sum;
  }

  static Set<Long> liveThreadIds() {
    return Arrays.stream(THREADS.getAllThreadIds()).boxed().collect(Collectors.toSet());
  }

  private static long childrenCpu() {
    return ProcessHandle.current()
        .descendants()
        .mapToLong(p -> p.info().totalCpuDuration().orElse(Duration.ZERO).toNanos())
        .sum();
  }
}
