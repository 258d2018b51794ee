package io.obsera.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checksum paths of {@link ChdbLibrary}. The package archive comes from a local fetcher that
 * packs a real (npm-fetched, see {@link TestLibchdb}) or a fake library; the npm path itself runs
 * in every other IT of this module.
 */
class ChdbLibraryIT {
  @TempDir Path cacheDir;
  @TempDir Path packages;

  @Test
  void should_replaceCachedLibrary_whenItFailsTheChecksum() throws Exception {
    Path cached = cacheDir.resolve("chdb").resolve(ChdbLibrary.VERSION).resolve("libchdb.so");
    Files.createDirectories(cached.getParent());
    Files.writeString(cached, "truncated by a crash");
    AtomicInteger fetches = new AtomicInteger();
    List<String> progress = new ArrayList<>();

    Path library =
        ChdbLibrary.ensure(cacheDir, progress::add, packing(TestLibchdb.path(), fetches));

    assertThat(library).isEqualTo(cached);
    assertThat(ChdbLibrary.sha256(library)).isEqualTo(ChdbLibrary.SHA256);
    assertThat(fetches).hasValue(1);
    assertThat(progress).anyMatch(line -> line.contains("fails its checksum"));
    assertThat(ChdbLibrary.ensure(cacheDir, line -> {}, packing(TestLibchdb.path(), fetches)))
        .isEqualTo(cached);
    assertThat(fetches).as("a good cached file is reused").hasValue(1);
    assertThat(leftovers(cached.getParent()))
        .containsExactlyInAnyOrder("libchdb.so", "libchdb.so.verified");
  }

  @Test
  void should_failAndLeaveNothing_whenFetchedLibraryFailsTheChecksum() throws Exception {
    Path fake = packages.resolve("fake").resolve("libchdb.so");
    Files.createDirectories(fake.getParent());
    Files.writeString(fake, "not a shared library");

    assertThatThrownBy(
            () -> ChdbLibrary.ensure(cacheDir, line -> {}, packing(fake, new AtomicInteger())))
        .isInstanceOf(EmbeddedServerException.class)
        .hasMessageContaining("checksum mismatch")
        .hasMessageContaining(ChdbLibrary.SHA256);
    assertThat(leftovers(cacheDir.resolve("chdb").resolve(ChdbLibrary.VERSION))).isEmpty();
  }

  /**
   * A fetcher that packs {@code library} as {@code package/libchdb.so} in a tar, like the npm
   * package (tar reads it uncompressed as well).
   */
  private ChdbPackageFetcher packing(Path library, AtomicInteger fetches) {
    return (workDir, progress) -> {
      fetches.incrementAndGet();
      Path root = Files.createDirectories(workDir.resolve("src").resolve("package"));
      Files.createSymbolicLink(root.resolve("libchdb.so"), library.toAbsolutePath());
      Path archive = workDir.resolve("chdb-lib.tar");
      Process tar =
          new ProcessBuilder(
                  "tar", "-chf", archive.toString(), "-C", root.getParent().toString(), "package")
              .inheritIO()
              .start();
      assertThat(tar.waitFor(2, TimeUnit.MINUTES)).isTrue();
      assertThat(tar.exitValue()).isZero();
      return archive;
    };
  }

  private static List<String> leftovers(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).toList();
    }
  }
}
