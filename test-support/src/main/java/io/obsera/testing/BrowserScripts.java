package io.obsera.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.obsera.model.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a test's browser script: node with playwright-core driving Debian's chromium (both installed
 * through {@link SystemPackages}). The script, a class path resource next to the test, is copied
 * beside {@code node_modules} together with {@code chromium.cjs} (the one launch of the browser)
 * and run with the output directory as its last argument; its last line of output is its JSON.
 */
public final class BrowserScripts {
  public static final String PLAYWRIGHT_VERSION = "1.64.1";

  private BrowserScripts() {}

  /** Runs {@code owner}'s resource {@code script} with {@code args} and then {@code out}. */
  public static JsonNode run(
      Class<?> owner, String script, Path out, Duration timeout, String... args)
      throws IOException, InterruptedException {
    SystemPackages.ensure("chromium", "chromium");
    Path tools = Path.of(System.getProperty("user.home"), ".cache", "obsera", "node-tools");
    SystemPackages.npm(tools, "playwright-core", PLAYWRIGHT_VERSION);
    Files.createDirectories(out);
    copy(BrowserScripts.class, "chromium.cjs", tools);
    Path file = copy(owner, script, tools);
    List<String> command = new ArrayList<>(List.of("node", file.toString()));
    command.addAll(List.of(args));
    command.add(out.toString());
    Path stderr = out.resolve("node-stderr.txt");
    Process p =
        new ProcessBuilder(command)
            .directory(tools.toFile())
            .redirectError(stderr.toFile())
            .start();
    String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException(script + " ran longer than " + timeout);
    }
    if (p.exitValue() != 0) {
      throw new IllegalStateException(
          script + " exited " + p.exitValue() + ": " + stdout + Files.readString(stderr));
    }
    return Json.MAPPER.readTree(stdout.strip().lines().reduce((a, b) -> b).orElseThrow());
  }

  private static Path copy(Class<?> owner, String resource, Path dir) throws IOException {
    Path target = dir.resolve(resource);
    try (InputStream in = owner.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("no resource " + resource + " next to " + owner);
      }
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }
    return target;
  }
}
