package io.obsera.standalone;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The streams-topology service ({@code io.obsera.streams.Main}: topology and ClickHouse writer) in
 * a child JVM of its own, as it runs distributed, so a test can {@code kill -9} it.
 */
final class StreamsChildProcess implements AutoCloseable {
  private final Process process;

  private StreamsChildProcess(Process process) {
    this.process = process;
  }

  static StreamsChildProcess launch(Map<String, String> env, Path log) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command =
        new ArrayList<>(
            List.of(
                java,
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                "io.obsera.streams.Main"));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().putAll(env);
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    return new StreamsChildProcess(pb.start());
  }

  boolean alive() {
    return process.isAlive();
  }

  /** SIGKILL, like {@code kill -9}: no shutdown hook, no commit, no transaction abort. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the streams process did not die");
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      kill();
    }
  }
}
