package io.obsera.bench.idle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Every thread of a process as Linux accounts it ({@code /proc/<pid>/task/<tid>/}), summed per
 * thread name with digits dropped: CPU time (user + system) and wakeups (voluntary context
 * switches); empty where there is no {@code /proc}. Threads that ended are not counted.
 */
final class NativeThreads {
  private static final Path TASKS = tasks("self");
  private static final long NANOS_PER_TICK = 10_000_000L; // USER_HZ is 100 on Linux

  private NativeThreads() {}

  /** The threads of process {@code pid} ({@code "self"} for this one). */
  static Path tasks(String pid) {
    return Path.of("/proc", pid, "task");
  }

  static Map<String, Long> cpuByName() {
    return cpuByName(TASKS);
  }

  /** CPU time in nanoseconds per thread name. */
  static Map<String, Long> cpuByName(Path taskDir) {
    return sumByName(
        taskDir,
        task -> {
          String stat = Files.readString(task.resolve("stat"));
          // pid (comm) state ... : comm may hold spaces, the fields follow the last ')'
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * NANOS_PER_TICK;
        });
  }

  static Map<String, Long> wakeupsByName() {
    return wakeupsByName(TASKS);
  }

  /**
   * Voluntary context switches per thread name: how often each group blocked and was woken, the
   * cost of timed waits and polls at idle that CPU time alone hides behind the kernel's work.
   */
  static Map<String, Long> wakeupsByName(Path taskDir) {
    return sumByName(
        taskDir,
        task ->
            Files.readAllLines(task.resolve("status")).stream()
                .filter(l -> l.startsWith("voluntary_ctxt_switches:"))
                .mapToLong(l -> Long.parseLong(l.substring(l.indexOf(':') + 1).strip()))
                .sum());
  }

  /** One figure of one thread, read from its {@code /proc} directory. */
  private interface ThreadFigure {
    long read(Path task) throws IOException;
  }

  private static Map<String, Long> sumByName(Path taskDir, ThreadFigure figure) {
    Map<String, Long> out = new HashMap<>();
    if (!Files.isDirectory(taskDir)) {
      return out;
    }
    try (Stream<Path> tasks = Files.list(taskDir)) {
      tasks.forEach(
          t -> {
            try {
              String name = Files.readString(t.resolve("comm")).strip();
              out.merge(name.replaceAll("[0-9]+", "#"), figure.read(t), Long::sum);
            } catch (IOException | RuntimeException e) {
              // the thread ended while listed
            }
          });
    } catch (IOException e) {
      return Map.of();
    }
    return out;
  }
}
