package io.obsera.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * CPU time of this JVM (the server and the client, since the bench runs both), of the client's
 * threads alone ({@link ThreadMXBean#getThreadCpuTime}), and of child processes (the embedded
 * ClickHouse server).
 */
final class CpuMeter {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  /** CPU nanoseconds at one instant; {@code clientThreads} maps thread id to its CPU time. */
  record Snapshot(long process, long children, Map<Long, Long> clientThreads) {}

  /** CPU nanoseconds spent between two snapshots. */
  record Usage(long process, long client, long children) {
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
    for (ThreadInfo t : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
      if (t != null && sender.ownsThread(t.getThreadId(), t.getThreadName())) {
        long cpu = THREADS.getThreadCpuTime(t.getThreadId());
        if (cpu >= 0) {
          client.put(t.getThreadId(), cpu);
        }
      }
    }
    return new Snapshot(OS.getProcessCpuTime(), childrenCpu(), client);
  }

  /**
   * Usage from {@code start} to {@code end}. Client threads must be alive at {@code end}; one
   * started in between counts from zero.
   */
  static Usage between(Snapshot start, Snapshot end) {
    long client = 0;
    for (Map.Entry<Long, Long> e : end.clientThreads().entrySet()) {
      client += e.getValue() - start.clientThreads().getOrDefault(e.getKey(), 0L);
    }
    return new Usage(end.process() - start.process(), client, end.children() - start.children());
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
