package io.obsera.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * The packaged runtime as a user runs it ({@code java -jar obsera-standalone.jar}, what {@code
 * ./obsera up} execs): stage lines, "Obsera is ready", a clean stop on SIGTERM that takes the
 * ClickHouse child process with it, and non-zero exits that name the problem.
 */
class ObseraProcessRestartIT {
  static final Path JAR = Path.of("target", "obsera-standalone.jar");

  static Process launch(Path dataDir, Map<String, String> extraEnv, String... jvmOptions)
      throws IOException {
    return launch(List.of(), dataDir, extraEnv, jvmOptions);
  }

  /** Runs the jar behind {@code prefix} (a command that then runs {@code java}, e.g. setsid). */
  static Process launch(
      List<String> prefix, Path dataDir, Map<String, String> extraEnv, String... jvmOptions)
      throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new java.util.ArrayList<>(prefix);
    command.addAll(List.of(java, "-Xmx512m"));
    command.addAll(List.of(jvmOptions));
    command.addAll(List.of("-jar", JAR.toString()));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.put("OBSERA_DATA_DIR", dataDir.toString());
    for (String port : StandaloneConfig.PORT_VARIABLES) {
      env.put(port, "0");
    }
    env.putAll(extraEnv);
    return pb.start();
  }

  static List<String> collect(Process p) {
    List<String> lines = new CopyOnWriteArrayList<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                  lines.add(line);
                }
              } catch (IOException e) {
                // process ended
              }
            });
    reader.setDaemon(true);
    reader.start();
    return lines;
  }

  /** Polls (Awaitility) until a line contains {@code text}, the process ends, or time runs out. */
  static boolean waitForLine(List<String> lines, String text, Process p, long seconds) {
    try {
      await()
          .atMost(Duration.ofSeconds(seconds))
          .pollInterval(Duration.ofMillis(50))
          .until(() -> has(lines, text) || !p.isAlive());
      if (!has(lines, text)) {
        // the process ended: give the reader thread a moment to drain the last lines
        await().atMost(Duration.ofSeconds(2)).until(() -> has(lines, text));
      }
      return true;
    } catch (ConditionTimeoutException e) {
      return false;
    }
  }

  static boolean has(List<String> lines, String text) {
    return lines.stream().anyMatch(l -> l.contains(text));
  }

  /**
   * The session id of a process: field 6 of {@code /proc/PID/stat}, counted after the command name,
   * which is in parentheses and may hold spaces.
   */
  static long session(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[3]);
  }

  @Test
  void should_printStagesAndReady_thenStopEverythingOnSigterm() throws Exception {
    Path dataDir = Files.createTempDirectory(Path.of("target"), "process-it-");
    // in a session and process group of its own, as in a terminal, so that the group can be
    // signaled
    Process p = launch(List.of("setsid"), dataDir, Map.of());
    List<String> lines = collect(p);
    try {
      assertThat(waitForLine(lines, "Obsera is ready", p, 180))
          .as(String.join("\n", lines))
          .isTrue();
      // The banner's URL lines follow "Obsera is ready": wait for its last one.
      assertThat(waitForLine(lines, "/play", p, 10)).as(String.join("\n", lines)).isTrue();
      assertThat(lines).anyMatch(l -> l.startsWith("[1/6] ClickHouse"));
      assertThat(lines).anyMatch(l -> l.startsWith("[6/6] ingest bridge and streams"));
      assertThat(lines).anyMatch(l -> l.contains("OTLP/HTTP   http://127.0.0.1:"));
      assertThat(lines).anyMatch(l -> l.contains("/play"));
      List<ProcessHandle> children = p.descendants().filter(ProcessHandle::isAlive).toList();
      assertThat(children).as("the ClickHouse child process").hasSize(1);
      long clickHouse = children.get(0).pid();
      assertThat(session(p.pid())).as("Obsera's session").isEqualTo(p.pid());
      // the ClickHouse child leads a session of its own: a terminal's Ctrl-C (SIGINT to the
      // foreground process group) or kill -- -PGID reaches only Obsera, which stops the child
      assertThat(session(clickHouse)).as("the ClickHouse child's session").isEqualTo(clickHouse);

      // SIGTERM to Obsera's process group, and to the child at the same time, as a service
      // manager does that signals every process of a service (systemd's KillMode=control-group)
      Process kill =
          new ProcessBuilder("kill", "-TERM", "--", "-" + p.pid(), Long.toString(clickHouse))
              .redirectErrorStream(true)
              .start();
      assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(kill.exitValue()).as(new String(kill.getInputStream().readAllBytes())).isZero();

      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(waitForLine(lines, "Obsera stopped.", p, 5))
          .as("exit " + p.exitValue() + "\n" + String.join("\n", lines))
          .isTrue();
      // the child's end while Obsera stops is not taken for a crash
      assertThat(lines)
          .as(String.join("\n", lines))
          .noneMatch(l -> l.contains("restarting it") || l.contains("serves again"))
          .anyMatch(
              l ->
                  l.contains("(pid " + clickHouse + ") exited with code ")
                      && l.endsWith(" while this process stops"));
      for (ProcessHandle child : children) {
        child.onExit().get(20, TimeUnit.SECONDS);
        assertThat(child.isAlive()).isFalse();
      }
    } finally {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }

  @Test
  void should_writeStructuredJsonLogs_whenAskedTo() throws Exception {
    Path dataDir = Files.createTempDirectory(Path.of("target"), "process-it-");
    Process p = launch(dataDir, Map.of(), "-Dlogback.configurationFile=logback-json.xml");
    List<String> lines = collect(p);
    try {
      assertThat(waitForLine(lines, "Obsera is ready", p, 180))
          .as(String.join("\n", lines))
          .isTrue();
      String migration =
          lines.stream().filter(l -> l.contains("applied migration")).findFirst().orElseThrow();
      com.fasterxml.jackson.databind.JsonNode json =
          io.obsera.model.Json.MAPPER.readTree(migration);
      assertThat(json.get("level").asText()).isEqualTo("INFO");
      assertThat(json.get("loggerName").asText()).isEqualTo("io.obsera.schema.SchemaMigrator");
      assertThat(json.get("formattedMessage").asText()).startsWith("applied migration V001");
    } finally {
      p.toHandle().destroy();
      p.waitFor(60, TimeUnit.SECONDS);
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }

  @Test
  void should_exit2NamingTheVariable_whenConfigurationIsInvalid() throws Exception {
    Path dataDir = Files.createTempDirectory(Path.of("target"), "process-it-");
    Process p = launch(dataDir, Map.of("OBSERA_API_PORT", "eighty"));
    List<String> lines = collect(p);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(2);
    waitForLine(lines, "OBSERA_API_PORT", p, 5);
    assertThat(lines)
        .anyMatch(l -> l.contains("configuration error") && l.contains("OBSERA_API_PORT"));
  }

  @Test
  void should_exit1NamingTheStage_whenAPortIsTaken() throws Exception {
    Path dataDir = Files.createTempDirectory(Path.of("target"), "process-it-");
    try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      Process p =
          launch(dataDir, Map.of("OBSERA_KAFKA_PORT", Integer.toString(taken.getLocalPort())));
      List<String> lines = collect(p);
      try {
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(1);
        waitForLine(lines, "start-up failed", p, 5);
        assertThat(lines)
            .as(String.join("\n", lines))
            .anyMatch(l -> l.contains("start-up failed at stage") && l.contains("Kafka"));
        assertThat(p.descendants().filter(ProcessHandle::isAlive).count()).isZero();
      } finally {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
      }
    }
  }
}
