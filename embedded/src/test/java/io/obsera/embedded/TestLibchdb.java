package io.obsera.embedded;

import java.nio.file.Path;

/** The real libchdb.so for tests, fetched with npm into the user's cache on first use. */
final class TestLibchdb {
  private static Path path;

  private TestLibchdb() {}

  static synchronized Path path() {
    if (path == null) {
      path = ChdbLibrary.ensure(ChdbLibrary.defaultCacheDir(System.getenv()), System.out::println);
    }
    return path;
  }

  static EmbeddedClickHouse.Config config(Path dataDir) {
    return new EmbeddedClickHouse.Config(
        dataDir,
        path(),
        "127.0.0.1",
        0,
        0,
        "obsera_admin",
        "admin-secret",
        "obsera_analyst",
        "analyst-secret",
        2L * 1024 * 1024 * 1024);
  }
}
