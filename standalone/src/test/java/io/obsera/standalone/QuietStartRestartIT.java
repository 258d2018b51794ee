package io.obsera.standalone;

import static io.obsera.standalone.ObseraProcessRestartIT.collect;
import static io.obsera.standalone.ObseraProcessRestartIT.launch;
import static io.obsera.standalone.ObseraProcessRestartIT.waitForLine;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The packaged runtime (its own logging config, as users run it) starts quietly: a first and a warm
 * start print their stage lines and the banner and, before "Obsera is ready", no ERROR or WARN line
 * and no stack trace; the embedded ClickHouse starts once per start (its tenant readers file is in
 * place before it starts, so no restart for them). Each stop is quiet too, and ClickHouse stops
 * without connections left open. Prints the line counts and the start times.
 */
class QuietStartRestartIT {
  static final Pattern LOOKS_FAILED =
      Pattern.compile("\\b(ERROR|WARN|WARNING|FATAL|SEVERE)\\b|^\\s+at |^Caused by|Exception\\b");
  static final Pattern READY = Pattern.compile("Obsera is ready \\(([0-9.]+) s\\)");

  @Test
  void should_startWithoutFailureLinesOrClickHouseRestart_firstAndWarm() throws Exception {
    Path dataDir = Files.createTempDirectory(Path.of("target"), "quiet-start-");
    double first = startAndStop(dataDir, "first", 1);
    double warm = startAndStop(dataDir, "warm", 2);
    System.out.printf("[quiet-start] first start %.1f s, warm start %.1f s%n", first, warm);
  }

  /** Starts the jar on {@code dataDir}, checks its output up to ready, stops it; the start time. */
  static double startAndStop(Path dataDir, String which, int clickHouseStartsSoFar)
      throws Exception {
    Process p = launch(dataDir, Map.of("OBSERA_STANDALONE_PROBES", "none"));
    List<String> lines = collect(p);
    try {
      assertThat(waitForLine(lines, "Obsera is ready", p, 180))
          .as(String.join("\n", lines))
          .isTrue();
      assertThat(waitForLine(lines, "Press Ctrl-C to stop.", p, 10)).isTrue();
      List<String> toReady = List.copyOf(lines);
      int ready = indexOf(toReady, "Obsera is ready");
      List<String> beforeReady = toReady.subList(0, ready + 1);
      List<String> failures =
          beforeReady.stream().filter(l -> LOOKS_FAILED.matcher(l).find()).toList();
      Matcher m = READY.matcher(toReady.get(ready));
      assertThat(m.find()).isTrue();
      double seconds = Double.parseDouble(m.group(1));
      beforeReady.stream()
          .filter(l -> l.startsWith("[") || l.startsWith("      "))
          .forEach(l -> System.out.println("[quiet-start] " + which + ": " + l));
      System.out.printf(
          "[quiet-start] %s start: %d lines to \"ready\" in %.1f s, %d ERROR/WARN/stack-trace"
              + " lines%n",
          which, beforeReady.size(), seconds, failures.size());
      assertThat(failures).as(String.join("\n", beforeReady)).isEmpty();
      for (int stage = 1; stage <= 6; stage++) {
        String prefix = "[" + stage + "/6] ";
        assertThat(beforeReady).anyMatch(l -> l.startsWith(prefix));
      }
      assertThat(toReady.subList(ready, toReady.size()))
          .anyMatch(l -> l.contains("OTLP/HTTP   http://"));
      assertThat(p.toHandle().destroy()).isTrue();
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(waitForLine(lines, "Obsera stopped.", p, 5)).as(String.join("\n", lines)).isTrue();
      List<String> all = List.copyOf(lines);
      List<String> stop = all.subList(indexOf(all, "Press Ctrl-C to stop."), all.size());
      assertThat(stop)
          .as("a quiet stop")
          .noneMatch(l -> LOOKS_FAILED.matcher(l).find() || l.contains("restarting it"));
      // ClickHouse stopped without connections left open, which it waits for (5 s) and then
      // closes by force: the services close their pools before it stops
      Path clickHouseLog = dataDir.resolve("clickhouse").resolve("logs").resolve("clickhouse.log");
      assertThat(Files.readAllLines(clickHouseLog))
          .as("ClickHouse's log")
          .noneMatch(l -> l.contains("Will shutdown forcefully") || l.contains(" remain."));
      Path serverLog = dataDir.resolve("clickhouse").resolve("logs").resolve("server-process.log");
      assertThat(Files.readAllLines(serverLog).stream().filter(l -> l.startsWith("--- starting")))
          .as("ClickHouse started once per start, never restarted for its readers")
          .hasSize(clickHouseStartsSoFar);
      return seconds;
    } finally {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }

  static int indexOf(List<String> lines, String text) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(text)) {
        return i;
      }
    }
    throw new AssertionError("no line with " + text);
  }
}
