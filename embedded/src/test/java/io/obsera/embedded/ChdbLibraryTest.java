package io.obsera.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChdbLibraryTest {
  @TempDir Path dir;

  @Test
  void should_preferObseraCacheDir_thenXdg_thenHome() {
    assertThat(
            ChdbLibrary.defaultCacheDir(Map.of("OBSERA_CACHE_DIR", "/o", "XDG_CACHE_HOME", "/x")))
        .isEqualTo(Path.of("/o"));
    assertThat(ChdbLibrary.defaultCacheDir(Map.of("XDG_CACHE_HOME", "/x")))
        .isEqualTo(Path.of("/x/obsera"));
    assertThat(ChdbLibrary.defaultCacheDir(Map.of()))
        .isEqualTo(Path.of(System.getProperty("user.home"), ".cache", "obsera"));
  }

  @Test
  void should_explainAlternatives_whenNpmIsNotOnPath() {
    NpmPackFetcher fetcher = new NpmPackFetcher(ChdbLibrary.PACKAGE, 1, Map.of("PATH", "/none"));

    assertThatThrownBy(() -> ChdbLibrary.ensure(dir, line -> {}, fetcher))
        .isInstanceOf(EmbeddedServerException.class)
        .hasMessageContaining("npm is needed to fetch libchdb.so")
        .hasMessageContaining("OBSERA_CLICKHOUSE_URL");
    assertThat(dir.resolve("chdb").resolve(ChdbLibrary.VERSION).resolve("libchdb.so"))
        .doesNotExist();
  }

  @Test
  void should_quoteNpmError_whenPackFails() throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path npm = bin.resolve("npm");
    Files.writeString(
        npm, "#!/bin/sh\necho 'npm error 404 Not Found - GET @chdb/nope' >&2\nexit 1\n");
    assertThat(npm.toFile().setExecutable(true)).isTrue();
    NpmPackFetcher fetcher =
        new NpmPackFetcher(ChdbLibrary.PACKAGE, 1, Map.of("PATH", bin.toString()));

    assertThatThrownBy(() -> ChdbLibrary.ensure(dir.resolve("cache"), line -> {}, fetcher))
        .isInstanceOf(EmbeddedServerException.class)
        .hasMessageContaining("npm pack " + ChdbLibrary.PACKAGE + " failed")
        .hasMessageContaining("404 Not Found");
  }

  @Test
  void should_removeWorkDirsOfKilledFetches_butNotTheCachedLibrary() throws Exception {
    Path versionDir = dir.resolve("chdb").resolve(ChdbLibrary.VERSION);
    Path stale = Files.createDirectories(versionDir.resolve("fetch-123"));
    Files.writeString(stale.resolve("partial.tgz"), "half");
    Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
    ChdbPackageFetcher failing =
        (work, progress) -> {
          throw new EmbeddedServerException("offline");
        };

    assertThatThrownBy(() -> ChdbLibrary.ensure(dir, line -> {}, failing))
        .hasMessageContaining("offline");
    assertThat(stale).doesNotExist();
    try (Stream<Path> left = Files.list(versionDir)) {
      assertThat(left).isEmpty();
    }
  }
}
