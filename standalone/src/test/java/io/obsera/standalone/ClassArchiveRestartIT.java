package io.obsera.standalone;

import static io.obsera.standalone.ObseraProcessRestartIT.JAR;
import static io.obsera.standalone.ObseraProcessRestartIT.collect;
import static io.obsera.standalone.ObseraProcessRestartIT.waitForLine;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code ./obsera up} and the runtime's class data archive (AppCDS): the first run writes it when
 * it stops, the next one maps it (a faster start) and prints nothing more than without it, an
 * archive that does not fit (here: garbage) is written anew instead of warned about, and a start
 * that fails keeps none.
 */
class ClassArchiveRestartIT {
  static final Path ARCHIVE = Path.of("target", "obsera-standalone.jsa");
  static final String WRITING =
      "a class data archive of the runtime is written when this run stops";

  /** {@code ./obsera up} as a user runs it; the script execs java, so this is the runtime's JVM. */
  static Process up(Path dataDir, Map<String, String> extraEnv) throws IOException {
    ProcessBuilder pb = new ProcessBuilder("bash", Path.of("..", "obsera").toString(), "up");
    pb.redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.put("OBSERA_DATA_DIR", dataDir.toAbsolutePath().toString());
    for (String port : StandaloneConfig.PORT_VARIABLES) {
      env.put(port, "0");
    }
    env.remove("OBSERA_JAVA_OPTS");
    env.remove("OBSERA_CLASS_ARCHIVE");
    env.putAll(extraEnv);
    return pb.start();
  }

  /** Runs {@code ./obsera up} until ready, checks it, then stops it with SIGTERM. */
  static List<String> runUntilReady(Path dataDir, boolean archiveMapped) throws Exception {
    Process p = up(dataDir, Map.of());
    List<String> lines = collect(p);
    try {
      assertThat(waitForLine(lines, "Obsera is ready", p, 180))
          .as(String.join("\n", lines))
          .isTrue();
      String maps = Files.readString(Path.of("/proc", Long.toString(p.pid()), "maps"));
      assertThat(maps.contains(ARCHIVE.getFileName().toString()))
          .as("the archive is mapped into the runtime's JVM")
          .isEqualTo(archiveMapped);
      assertThat(p.toHandle().destroy()).isTrue();
      // the first run writes the archive after its clean stop: allow for that
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).as(String.join("\n", lines)).isTrue();
      waitForLine(lines, "Obsera stopped.", p, 5);
      assertThat(lines).as(String.join("\n", lines)).contains("Obsera stopped.");
      return lines;
    } finally {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }

  @Test
  void should_writeTheArchiveOnce_thenStartFromIt_quietly() throws Exception {
    // the jar is current (Maven built it for this run): the script must not build again
    Files.setLastModifiedTime(JAR, FileTime.from(Instant.now()));
    Files.deleteIfExists(ARCHIVE);
    Path dataDir = Files.createTempDirectory(Path.of("target"), "class-archive-it-");

    List<String> first = runUntilReady(dataDir, false);
    assertThat(first).anyMatch(l -> l.contains(WRITING));
    assertThat(ARCHIVE).exists();
    assertThat(Files.size(ARCHIVE)).isGreaterThan(10_000_000L);

    List<String> second = runUntilReady(dataDir, true);
    assertThat(second).noneMatch(l -> l.contains(WRITING) || l.contains("[cds"));
    // nothing from the JVM about the archive, and nothing that looks like a failure, up to ready
    List<String> toReady =
        second.stream().takeWhile(l -> !l.startsWith("Obsera is ready")).toList();
    assertThat(toReady)
        .as(String.join("\n", second))
        .noneMatch(l -> l.contains("[cds") || l.contains("warning") || l.contains("ERROR"))
        .noneMatch(l -> l.contains(" WARN "));

    // an archive this JVM cannot use is written anew, without a word from the JVM; a start that
    // fails keeps none (it loaded too few classes to be worth mapping)
    Files.write(ARCHIVE, new byte[100_000]);
    Process p = up(dataDir, Map.of("OBSERA_API_PORT", "eighty"));
    List<String> lines = collect(p);
    try {
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(String.join("\n", lines)).isEqualTo(2);
      waitForLine(lines, "OBSERA_API_PORT", p, 5);
      assertThat(lines)
          .as(String.join("\n", lines))
          .anyMatch(l -> l.contains(WRITING))
          .noneMatch(l -> l.contains("[cds") || l.contains("warning"));
      assertThat(ARCHIVE).doesNotExist();
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void should_exit2NamingTheVariable_whenTheArchiveSettingIsInvalid() throws Exception {
    Files.setLastModifiedTime(JAR, FileTime.from(Instant.now()));
    Path dataDir = Files.createTempDirectory(Path.of("target"), "class-archive-it-");
    Process p = up(dataDir, Map.of("OBSERA_CLASS_ARCHIVE", "maybe"));
    List<String> lines = collect(p);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(2);
    waitForLine(lines, "OBSERA_CLASS_ARCHIVE", p, 5);
    assertThat(lines)
        .anyMatch(
            l -> l.contains("OBSERA_CLASS_ARCHIVE must be 'on' or 'off'") && l.contains("'maybe'"));
  }
}
