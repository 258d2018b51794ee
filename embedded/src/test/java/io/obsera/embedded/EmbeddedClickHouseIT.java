package io.obsera.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedClickHouseIT {
  @TempDir Path dataDir;

  @Test
  void should_keepMergeTreeData_whenRestartedOnSameDataDir() {
    try (EmbeddedClickHouse server = start(dataDir)) {
      HttpSql.adminOk(server, "CREATE DATABASE obs");
      HttpSql.adminOk(
          server,
          "CREATE TABLE obs.events (id UInt64, name String) ENGINE = MergeTree ORDER BY id");
      HttpSql.adminOk(
          server, "INSERT INTO obs.events SELECT number, toString(number) FROM numbers(1000)");
    }
    try (EmbeddedClickHouse server = start(dataDir)) {
      assertThat(HttpSql.adminOk(server, "SELECT count(), sum(id) FROM obs.events FORMAT TSV"))
          .isEqualTo("1000\t499500\n");
      assertThat(HttpSql.adminOk(server, "SELECT name FROM obs.events WHERE id = 42 FORMAT TSV"))
          .isEqualTo("42\n");
    }
  }

  @Test
  void should_refuseDefaultUser_anythingButTheKeepAliveQuery() {
    try (EmbeddedClickHouse server = start(dataDir)) {
      HttpSql.adminOk(
          server, "CREATE TABLE default.secrets (s String) ENGINE = MergeTree ORDER BY s");
      HttpSql.adminOk(server, "INSERT INTO default.secrets VALUES ('hunter2')");

      ClickHouseHttp.Reply create =
          HttpSql.anonymous(server, "CREATE TABLE default.sneaky (x UInt8) ENGINE = Memory");
      ClickHouseHttp.Reply read = HttpSql.anonymous(server, "SELECT s FROM default.secrets");
      ClickHouseHttp.Reply numbers =
          HttpSql.anonymous(server, "SELECT number FROM system.numbers LIMIT 1");
      ClickHouseHttp.Reply otherSystemTable =
          HttpSql.anonymous(server, "SELECT count() FROM system.numbers_mt LIMIT 1");

      assertThat(create.ok()).as("CREATE as default: %s", create).isFalse();
      assertThat(read.ok()).as("SELECT as default: %s", read).isFalse();
      assertThat(read.body()).doesNotContain("hunter2");
      assertThat(numbers.body()).as("keep-alive used the quota").contains("QUOTA_EXCEEDED");
      assertThat(otherSystemTable.ok()).isFalse();
      assertThat(HttpSql.adminOk(server, "EXISTS TABLE default.sneaky FORMAT TSV"))
          .isEqualTo("0\n");
    }
  }

  @Test
  void should_letAnalystReadButNotWrite() {
    try (EmbeddedClickHouse server = start(dataDir)) {
      HttpSql.adminOk(
          server, "CREATE TABLE default.spans (id UInt64) ENGINE = MergeTree ORDER BY id");
      HttpSql.adminOk(server, "INSERT INTO default.spans SELECT number FROM numbers(5)");

      ClickHouseHttp.Reply select =
          HttpSql.analyst(server, "SELECT count() FROM default.spans SETTINGS max_threads = 1");
      ClickHouseHttp.Reply insert =
          HttpSql.analyst(server, "INSERT INTO default.spans VALUES (99)");
      ClickHouseHttp.Reply create =
          HttpSql.analyst(server, "CREATE TABLE default.mine (x UInt8) ENGINE = Memory");

      assertThat(select).isEqualTo(new ClickHouseHttp.Reply(200, "5\n"));
      assertThat(insert.ok()).as("INSERT as analyst: %s", insert).isFalse();
      assertThat(create.ok()).as("CREATE as analyst: %s", create).isFalse();
      assertThat(HttpSql.adminOk(server, "SELECT count() FROM default.spans FORMAT TSV"))
          .isEqualTo("5\n");
    }
  }

  @Test
  void should_rejectWrongPassword() {
    try (EmbeddedClickHouse server = start(dataDir)) {
      ClickHouseHttp.Reply analyst =
          HttpSql.as(server.httpUrl(), server.analystUser(), "nope", "SELECT 1");
      ClickHouseHttp.Reply admin =
          HttpSql.as(server.httpUrl(), server.adminUser(), "nope", "SELECT 1");

      assertThat(analyst.ok()).isFalse();
      assertThat(analyst.body()).contains("AUTHENTICATION_FAILED");
      assertThat(admin.ok()).isFalse();
      assertThat(admin.body()).contains("AUTHENTICATION_FAILED");
    }
  }

  @Test
  void should_servePlayConsole() throws Exception {
    try (EmbeddedClickHouse server = start(dataDir)) {
      ClickHouseHttp.Reply play = new ClickHouseHttp(server.httpUrl(), null, null).get("/play");

      assertThat(play.status()).isEqualTo(200);
      assertThat(play.body()).containsIgnoringCase("<html");
    }
  }

  @Test
  void should_failWithLockMessage_whenSecondInstanceUsesSameDataDir() {
    try (EmbeddedClickHouse first = start(dataDir)) {
      assertThatThrownBy(() -> start(dataDir))
          .isInstanceOf(EmbeddedServerException.class)
          .hasMessageContaining("Cannot lock file")
          .hasMessageContaining("status");
      assertThat(HttpSql.adminOk(first, "SELECT 1 FORMAT TSV")).isEqualTo("1\n");
    }
  }

  @Test
  void should_namePort_whenHttpPortIsTaken() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      EmbeddedClickHouse.Config base = TestLibchdb.config(dataDir);
      EmbeddedClickHouse.Config config =
          new EmbeddedClickHouse.Config(
              base.dataDir(),
              base.libchdb(),
              base.bindHost(),
              taken.getLocalPort(),
              0,
              base.adminUser(),
              base.adminPassword(),
              base.analystUser(),
              base.analystPassword(),
              base.maxServerMemoryBytes());

      assertThatThrownBy(() -> EmbeddedClickHouse.start(config, line -> {}))
          .isInstanceOf(EmbeddedServerException.class)
          .hasMessageContaining("port " + taken.getLocalPort());
    }
  }

  private static EmbeddedClickHouse start(Path dataDir) {
    List<String> progress = new ArrayList<>();
    EmbeddedClickHouse server =
        EmbeddedClickHouse.start(TestLibchdb.config(dataDir), progress::add);
    System.out.println(String.join("\n", progress));
    return server;
  }
}
