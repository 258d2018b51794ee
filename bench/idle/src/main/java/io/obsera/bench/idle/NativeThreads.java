package io.obsera.bench.idle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time of every thread of this process as Linux accounts it ({@code /proc/self/task/<tid>/stat}
 * user + system time), summed per thread name with digits dropped; empty where there is no {@code
 * /proc}. Threads that ended are not counted.
 */
final class NativeThreads {
  private static final Path TASKS = tasks("self");
  private static final long NANOS_PER_TICK = 10_000_000L; // USER_HZ is 100 on Linux

  private NativeThreads() {}

  static Map<String, Long> cpuByName() {
    return cpuByName(TASKS);
  }

  /** The threads of process {@code pid} ({@code "self"} for this one). */
  static Path tasks(String pid) {
    return Path.of("/proc", pid, "task");
  }

  static Map<String, Long> cpuByName(Path taskDir) {
    Map<String, Long> out = new HashMap<>();
    if (!Files.isDirectory(taskDir)) {
      return out;
    }
    try (Stream<Path> tasks = Files.list(taskDir)) {
      tasks.forEach(
          t -> {
            try {
              String stat = Files.readString(t.resolve("stat"));
              // pid (comm) state ... : comm may hold spaces, the fields follow the last ')'
              String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
              String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
              long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
              out.merge(name.replaceAll("[0-9]+", "#"), ticks * NANOS_PER_TICK, Long::sum);
            } catch (IOException | RuntimeException e) {
              // the thread ended while listed
            }
          });
    } catch (IOException e) {
      return Map.of();
    }
    return out;
  }

  /**
   * Voluntary context switches of every thread of this process ({@code
   * /proc/self/task/<tid>/status}), summed per thread name with digits dropped: how often each
   * group blocked and was woken, the cost of timed waits and polls at idle that CPU time alone
   * hides behind the kernel's work.
   */
  static Map<String, Long> wakeupsByName() {
    return wakeupsByName(TASKS);
  }

  static Map<String, Long> wakeupsByName(Path taskDir) {
    Map<String, Long> out = new HashMap<>();
    if (!Files.isDirectory(taskDir)) {
      return out;
    }
    try (Stream<Path> tasks = Files.list(taskDir)) {
      tasks.forEach(
          t -> {
            try {
              String name = Files.readString(t.resolve("comm")).strip();
              long switches =
                  Files.readAllLines(t.resolve("status")).stream()
                      .filter(l -> l.startsWith("voluntary_ctxt_switches:"))
                      .mapToLong(l -> Long.parseLong(l.substring(l.indexOf(':') + 1).strip()))
                      .sum();
              out.merge(name.replaceAll("[0-9]+", "#"), switches, Long::sum);
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
