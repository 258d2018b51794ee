package io.obsera.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The server process killed with SIGKILL comes back by itself, on the same port with the same data,
 * and says it was down meanwhile; a clean close does not count as a crash.
 */
class EmbeddedClickHouseSupervisionRestartIT {

  @Test
  void should_startTheServerAgainWithItsData_whenTheProcessIsKilled() throws Exception {
    Path dataDir = Files.createTempDirectory(Path.of("target"), "supervise-");
    List<String> gaveUp = new CopyOnWriteArrayList<>();
    try (EmbeddedClickHouse server =
        EmbeddedClickHouse.start(TestLibchdb.config(dataDir), m -> {}).superviseWith(gaveUp::add)) {
      ClickHouseHttp admin =
          new ClickHouseHttp(server.httpUrl(), server.adminUser(), server.adminPassword());
      admin.query("CREATE TABLE default.kept (n UInt32) ENGINE = MergeTree ORDER BY n");
      admin.query("INSERT INTO default.kept VALUES (1), (2), (3)");
      long pid = server.pid();

      assertThat(ProcessHandle.of(pid).orElseThrow().destroyForcibly()).isTrue();
      await()
          .atMost(Duration.ofSeconds(5))
          .pollInterval(Duration.ofMillis(5))
          .until(() -> server.down().isPresent());
      assertThat(server.down().get()).contains("exited with code");
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(50))
          .until(() -> server.down().isEmpty());

      assertThat(server.pid()).isNotEqualTo(pid);
      assertThat(server.crashRestarts()).isEqualTo(1);
      assertThat(admin.query("SELECT sum(n) FROM default.kept FORMAT TSV").strip()).isEqualTo("6");
    }
    assertThat(gaveUp).isEmpty();
  }
}
