package io.obsera.embedded;

import com.sun.jna.Native;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts {@link ClickHouseServerMain} in a child JVM: the same {@code java}, a class path of just
 * this module and JNA (their code-source locations, so it works from jars and from Maven's test
 * class path), output appended to a log file, standard input piped so the child dies with us.
 */
final class ClickHouseProcessLauncher {
  private ClickHouseProcessLauncher() {}

  static Process spawn(EmbeddedClickHouse.Config config, ClickHouseLayout layout, String queryId)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(javaExecutable());
    command.add("-Xmx256m");
    command.add("-XX:+UseSerialGC");
    command.add("-Djava.io.tmpdir=" + PrivateFiles.directory(layout.jvmTmpDir()));
    command.add("-cp");
    command.add(childClasspath());
    command.add(ClickHouseServerMain.class.getName());
    command.add(config.libchdb().toAbsolutePath().toString());
    command.add(layout.dbPath().toString());
    command.add(layout.configFile().toString());
    command.add(queryId);
    Files.createDirectories(layout.logDir());
    Files.writeString(
        layout.processLog(),
        "--- starting " + Instant.now() + "\n",
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    return new ProcessBuilder(command)
        .directory(layout.dataDir().toFile())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(layout.processLog().toFile()))
        .redirectInput(ProcessBuilder.Redirect.PIPE)
        .start();
  }

  static String javaExecutable() {
    return ProcessHandle.current()
        .info()
        .command()
        .orElseGet(
            () -> {
              String home = System.getenv("JAVA_HOME");
              if (home == null || home.isBlank()) {
                home = System.getProperty("java.home");
              }
              return Path.of(home, "bin", "java").toString();
            });
  }

  static String childClasspath() {
    return codeSource(ClickHouseServerMain.class) + File.pathSeparator + codeSource(Native.class);
  }

  private static String codeSource(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (URISyntaxException | NullPointerException e) {
      throw new EmbeddedServerException("cannot locate the classes of " + type.getName(), e);
    }
  }
}
