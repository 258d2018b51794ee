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
  private static final Path TASKS = Path.of("/proc/self/task");
  private static final long NANOS_PER_TICK = 10_000_000L; // USER_HZ is 100 on Linux

  private NativeThreads() {}

  static Map<String, Long> cpuByName() {
    Map<String, Long> out = new HashMap<>();
    if (!Files.isDirectory(TASKS)) {
      return out;
    }
    try (Stream<Path> tasks = Files.list(TASKS)) {
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
}
