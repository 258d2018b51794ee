package io.obsera.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The one place where tests install the tools they drive from outside the JVM: Debian packages
 * ({@code pdftoppm} from poppler-utils, {@code chromium}) with {@code apt-get} when the command is
 * missing and we are root (a clean CI machine of this kind), and npm packages (playwright-core)
 * into a directory of the build. Without root, a missing command fails the test with a message
 * naming the package to install.
 */
public final class SystemPackages {
  private static final long INSTALL_MINUTES = 15;

  /** Another apt-get (a parallel build, the machine's own updates) may hold the lock a while. */
  private static final String LOCK_WAIT = "DPkg::Lock::Timeout=300";

  private static boolean aptUpdated;

  private SystemPackages() {}

  /** The path of {@code command}, installing Debian package {@code pkg} first when missing. */
  public static synchronized Path ensure(String command, String pkg) {
    Path found = which(command);
    if (found != null) {
      return found;
    }
    if (!"root".equals(System.getProperty("user.name"))) {
      throw new IllegalStateException(
          "'" + command + "' is missing: install the Debian package " + pkg + " (needs root)");
    }
    if (!aptUpdated) {
      run(List.of("apt-get", "-o", LOCK_WAIT, "update", "-q"), null);
      aptUpdated = true;
    }
    run(List.of("apt-get", "-o", LOCK_WAIT, "install", "-y", "-q", pkg), null);
    found = which(command);
    if (found == null) {
      throw new IllegalStateException(pkg + " was installed but '" + command + "' is not on PATH");
    }
    return found;
  }

  /**
   * {@code dir/node_modules/<name>}, installing {@code name@version} with npm into {@code dir} when
   * missing (npm must be on PATH).
   */
  public static synchronized Path npm(Path dir, String name, String version) {
    Path module = dir.resolve("node_modules").resolve(name);
    if (Files.isDirectory(module)) {
      return module;
    }
    try {
      Files.createDirectories(dir);
      Path manifest = dir.resolve("package.json");
      if (!Files.exists(manifest)) {
        Files.writeString(manifest, "{\"private\":true}\n");
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot prepare " + dir + ": " + e, e);
    }
    run(
        List.of("npm", "install", "--no-audit", "--no-fund", "--save-exact", name + "@" + version),
        dir);
    return module;
  }

  /** {@code command} on PATH, or null. */
  public static Path which(String command) {
    String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    List<String> dirs = new ArrayList<>(List.of(path.split(File.pathSeparator)));
    dirs.add("/usr/bin");
    for (String d : dirs) {
      Path p = Path.of(d, command);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }

  private static void run(List<String> command, Path dir) {
    try {
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
      pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
      if (dir != null) {
        pb.directory(dir.toFile());
      }
      Process p = pb.start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(INSTALL_MINUTES, TimeUnit.MINUTES) || p.exitValue() != 0) {
        String text = new String(out, StandardCharsets.UTF_8);
        throw new IllegalStateException(
            String.join(" ", command)
                + " failed: "
                + text.substring(Math.max(0, text.length() - 2000)));
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + command + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + command, e);
    }
  }
}
