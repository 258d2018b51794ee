package io.obsera.bench.pipeline;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Where the CPU went: CPU time of this JVM's threads grouped by name (digits dropped, so the eight
 * sender threads are one group), and of child processes (the ClickHouse server), between two
 * snapshots. A poor man's profile that needs no agent.
 */
final class ThreadCpuProfile {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final Map<Long, Long> cpuByThread = new HashMap<>();
  private final Map<Long, String> names = new HashMap<>();
  private final long childrenCpuNanos;
  private final long wallNanos = System.nanoTime();

  private ThreadCpuProfile() {
    for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
      if (info != null) {
        cpuByThread.put(
            info.getThreadId(), Math.max(0, THREADS.getThreadCpuTime(info.getThreadId())));
        names.put(info.getThreadId(), info.getThreadName());
      }
    }
    childrenCpuNanos =
        ProcessHandle.current()
            .descendants()
            .mapToLong(p -> p.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L))
            .sum();
  }

  static ThreadCpuProfile now() {
    return new ThreadCpuProfile();
  }

  /** The top groups since {@code start}, as cores busy on average ("1.25 cores"). */
  String since(ThreadCpuProfile start, int top) {
    double wall = wallNanos - start.wallNanos;
    Map<String, Long> groups = new HashMap<>();
    cpuByThread.forEach(
        (id, cpu) ->
            groups.merge(
                names.get(id).replaceAll("[0-9]+", "#"),
                cpu - start.cpuByThread.getOrDefault(id, 0L),
                Long::sum));
    groups.put("clickhouse (child process)", childrenCpuNanos - start.childrenCpuNanos);
    double total = groups.values().stream().mapToLong(Long::longValue).sum() / wall;
    return String.format("%.2f cores busy: ", total)
        + groups.entrySet().stream()
            .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
            .limit(top)
            .map(e -> String.format("%s %.2f", e.getKey(), e.getValue() / wall))
            .collect(Collectors.joining(", "));
  }
}
