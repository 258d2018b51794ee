package io.obsera.bench;

import io.obsera.standalone.StandaloneConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The standalone runtime as the benchmarks run it: everything in a new temporary directory (the
 * JVM's temporary files too), every port picked free, other settings from the environment.
 */
public final class BenchRuntime {
  private BenchRuntime() {}

  /** A new data directory, also made this JVM's {@code java.io.tmpdir}. */
  public static Path dataDir(String prefix) throws IOException {
    Path dataDir = Files.createTempDirectory(prefix);
    System.setProperty("java.io.tmpdir", dataDir.toString());
    return dataDir;
  }

  /** The standalone configuration from the environment, with this data dir and free ports. */
  public static StandaloneConfig config(Path dataDir) {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("OBSERA_DATA_DIR", dataDir.toString());
    for (String port : StandaloneConfig.PORT_VARIABLES) {
      env.put(port, "0");
    }
    return StandaloneConfig.fromEnv(env);
  }
}
