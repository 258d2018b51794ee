package io.obsera.embedded;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/** Puts the chDB npm package archive (a tar, usually gzipped) into a work directory. */
@FunctionalInterface
interface ChdbPackageFetcher {

  /**
   * Fetches the package into {@code workDir}, an empty directory owned by the caller.
   *
   * @return the archive, which holds {@code package/libchdb.so}
   */
  Path fetch(Path workDir, Consumer<String> progress) throws IOException, InterruptedException;
}
