package io.obsera.standalone;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The streams-topology service ({@code io.obsera.streams.Main}) and the clickhouse-writer service
 * ({@code io.obsera.writer.Main}) each in a child JVM of its own, as they run distributed, so a
 * test can {@code kill -9} them.
 */
final class PipelineChildProcesses implements AutoCloseable {
  static final List<String> MAINS = List.of("io.obsera.streams.Main", "io.obsera.writer.Main");

  private final List<Process> processes;

  private PipelineChildProcesses(List<Process> processes) {
    this.processes = processes;
  }

  /** Starts both services; each logs to {@code <logPrefix>-<service>.log}. */
  static PipelineChildProcesses launch(Map<String, String> env, Path logDir, String logPrefix)
      throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<Process> started = new ArrayList<>();
    for (String main : MAINS) {
      ProcessBuilder pb =
          new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"), main);
      pb.environment().putAll(env);
      pb.redirectErrorStream(true);
      String service = main.substring("io.obsera.".length(), main.lastIndexOf('.'));
      pb.redirectOutput(
          ProcessBuilder.Redirect.appendTo(
              logDir.resolve(logPrefix + "-" + service + ".log").toFile()));
      started.add(pb.start());
    }
    return new PipelineChildProcesses(started);
  }

  boolean alive() {
    return processes.stream().allMatch(Process::isAlive);
  }

  /** SIGKILL, like {@code kill -9}: no shutdown hook, no commit, no transaction abort. */
  void kill() throws InterruptedException {
    for (Process p : processes) {
      p.destroyForcibly();
    }
    for (Process p : processes) {
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("a pipeline process did not die");
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    for (Process p : processes) {
      p.destroy();
    }
    for (Process p : processes) {
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
      }
    }
  }
}
