package io.obsera.bench.idle;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * CPU time of this JVM (as a whole and per thread) and of each child process (the embedded
 * ClickHouse server) at one instant; {@link #since} turns two of them into % of one core.
 */
final class ProcessCpu {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final long wallNanos = System.nanoTime();
  private final long jvmNanos;
  private final Map<Long, Long> childNanos = new HashMap<>();
  private final Map<Long, String> childNames = new HashMap<>();
  private final Map<Long, Long> threadNanos = new HashMap<>();
  private final Map<Long, String> threadNames = new HashMap<>();
  private final Map<String, Long> nativeNanos = NativeThreads.cpuByName();
  private final Map<String, Long> wakeups = NativeThreads.wakeupsByName();
  private final Map<String, Long> clientRequests = KafkaRequests.byClient();
  private final Map<String, Long> brokerRequests = KafkaRequests.byType();
  private final long jitMillis =
      ManagementFactory.getCompilationMXBean().isCompilationTimeMonitoringSupported()
          ? ManagementFactory.getCompilationMXBean().getTotalCompilationTime()
          : 0;
  private final long gcCount =
      ManagementFactory.getGarbageCollectorMXBeans().stream()
          .mapToLong(b -> Math.max(0, b.getCollectionCount()))
          .sum();

  private ProcessCpu() {
    jvmNanos =
        ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime();
    ProcessHandle.current()
        .descendants()
        .forEach(
            p -> {
              childNanos.put(
                  p.pid(), p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L));
              childNames.put(p.pid(), p.info().commandLine().orElse("?"));
            });
    for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
      if (info != null) {
        threadNanos.put(
            info.getThreadId(), Math.max(0, THREADS.getThreadCpuTime(info.getThreadId())));
        threadNames.put(info.getThreadId(), info.getThreadName());
      }
    }
  }

  static ProcessCpu now() {
    return new ProcessCpu();
  }

  long wallNanos() {
    return wallNanos;
  }

  /** Each process as % of one core since {@code start}, and this JVM's top thread groups. */
  String since(ProcessCpu start, int top) {
    double wall = wallNanos - start.wallNanos;
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            "obsera JVM (pid %d): %.2f%% of one core%n",
            ProcessHandle.current().pid(), 100 * (jvmNanos - start.jvmNanos) / wall));
    sb.append(
        String.format(
            "  JIT compiling %.1f s, %d garbage collections%n",
            (jitMillis - start.jitMillis) / 1e3, gcCount - start.gcCount));
    Map<String, Long> groups = new HashMap<>();
    threadNanos.forEach(
        (id, cpu) ->
            groups.merge(
                group(threadNames.get(id)),
                cpu - start.threadNanos.getOrDefault(id, 0L),
                Long::sum));
    sb.append("  busiest threads: ")
        .append(
            groups.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(top)
                .map(e -> String.format("%s %.2f%%", e.getKey(), 100 * e.getValue() / wall))
                .collect(Collectors.joining(", ")))
        .append(System.lineSeparator());
    if (!nativeNanos.isEmpty()) {
      // every thread of the process as the kernel counts it: also the JIT compilers, the garbage
      // collector and RocksDB's background threads, which are no Java threads
      Map<String, Long> all = new HashMap<>();
      nativeNanos.forEach(
          (name, cpu) -> all.put(name, cpu - start.nativeNanos.getOrDefault(name, 0L)));
      sb.append("  busiest threads (kernel names): ")
          .append(
              all.entrySet().stream()
                  .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                  .limit(top)
                  .map(e -> String.format("%s %.2f%%", e.getKey(), 100 * e.getValue() / wall))
                  .collect(Collectors.joining(", ")))
          .append(
              String.format(
                  "; the %d other thread groups %.2f%%",
                  Math.max(0, all.size() - top),
                  100
                      * all.values().stream()
                          .sorted(Comparator.reverseOrder())
                          .skip(top)
                          .mapToLong(Long::longValue)
                          .sum()
                      / wall))
          .append(System.lineSeparator());
    }
    if (!wakeups.isEmpty()) {
      long total =
          wakeups.values().stream().mapToLong(Long::longValue).sum()
              - start.wakeups.values().stream().mapToLong(Long::longValue).sum();
      sb.append(
              String.format("  wakeups/s (voluntary context switches) %.0f: ", total * 1e9 / wall))
          .append(rates(wakeups, start.wakeups, wall, top))
          .append(System.lineSeparator());
    }
    sb.append("  Kafka requests/s by client: ")
        .append(rates(clientRequests, start.clientRequests, wall, top))
        .append(System.lineSeparator());
    sb.append("  Kafka requests/s answered by the broker: ")
        .append(rates(brokerRequests, start.brokerRequests, wall, top))
        .append(System.lineSeparator());
    childNanos.forEach(
        (pid, cpu) -> {
          if (start.childNanos.containsKey(pid)) {
            sb.append(
                String.format(
                    "child %s (pid %d): %.2f%% of one core%n",
                    shortName(childNames.get(pid)),
                    pid,
                    100 * (cpu - start.childNanos.get(pid)) / wall));
          }
        });
    return sb.toString();
  }

  /** A thread or client name without its ids and numbers: one name per group. */
  static String group(String name) {
    return name.replaceAll("[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}", "*")
        .replaceAll("[0-9a-f]{8,}(-[0-9a-f]+)*", "*")
        .replaceAll("[0-9]+", "#");
  }

  private static String rates(
      Map<String, Long> now, Map<String, Long> before, double wallNanos, int top) {
    return now.entrySet().stream()
        .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
        .filter(e -> e.getValue() > 0)
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(top)
        .map(e -> String.format("%s %.1f", e.getKey(), e.getValue() * 1e9 / wallNanos))
        .collect(Collectors.joining(", "));
  }

  private static String shortName(String commandLine) {
    if (commandLine.contains("ClickHouseServerMain")) {
      return "clickhouse";
    }
    String command = commandLine.split(" ", 2)[0];
    return command.substring(command.lastIndexOf('/') + 1);
  }
}
