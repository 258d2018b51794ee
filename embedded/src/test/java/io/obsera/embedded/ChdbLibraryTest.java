package io.obsera.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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

  @Test
  void should_reuseStampedLibrary_withoutHashingOrFetching() throws Exception {
    Path cached = stampedFake();
    ChdbPackageFetcher failing =
        (work, progress) -> {
          throw new EmbeddedServerException("offline");
        };

    // the content is not the real library: only a stamp that still matches lets it through
    assertThat(ChdbLibrary.ensure(dir, line -> {}, failing)).isEqualTo(cached);
  }

  @Test
  void should_hashAgainAndRefuse_whenTheStampedLibraryWasChangedInPlace() throws Exception {
    Path cached = stampedFake();
    FileTime mtime = Files.getLastModifiedTime(cached);
    Thread.sleep(50); // past the file system's timestamp granularity
    assertThat(cached.toFile().setWritable(true)).isTrue();
    Files.writeString(cached, "a library with one byte changed".replace('o', '0'));
    Files.setLastModifiedTime(cached, mtime); // same size, same mtime: only ctime tells
    List<String> progress = new ArrayList<>();
    ChdbPackageFetcher failing =
        (work, p) -> {
          throw new EmbeddedServerException("offline");
        };

    assertThatThrownBy(() -> ChdbLibrary.ensure(dir, progress::add, failing))
        .hasMessageContaining("offline");
    assertThat(progress).anyMatch(line -> line.contains("fails its checksum"));
    assertThat(cached).doesNotExist();
    assertThat(VerifiedStamp.stampOf(cached)).doesNotExist();
  }

  @Test
  void should_hashAgain_whenTheStampedLibraryWasReplaced() throws Exception {
    Path cached = stampedFake();
    Path other =
        Files.writeString(cached.resolveSibling("other"), "a library with one byte changed");
    Files.move(other, cached, StandardCopyOption.REPLACE_EXISTING);

    assertThat(VerifiedStamp.matches(cached, ChdbLibrary.SHA256)).isFalse();
  }

  /** A cached file of the right path, stamped as if it had passed the full check. */
  private Path stampedFake() throws Exception {
    Path cached = dir.resolve("chdb").resolve(ChdbLibrary.VERSION).resolve("libchdb.so");
    Files.createDirectories(cached.getParent());
    Files.writeString(cached, "a library with one byte changed");
    VerifiedStamp.write(cached, ChdbLibrary.SHA256);
    assertThat(VerifiedStamp.matches(cached, ChdbLibrary.SHA256)).isTrue();
    return cached;
  }
}
