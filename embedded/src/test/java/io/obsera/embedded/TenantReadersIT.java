package io.obsera.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.obsera.model.access.ReaderLimits;
import io.obsera.model.access.TenantReader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-tenant readers in the embedded server's users file: isolation, limits, restart. */
class TenantReadersIT {
  private static final ReaderLimits LIMITS = new ReaderLimits(5, 1_000_000, 1000, 200_000_000);
  private static final TenantReader ACME = new TenantReader("acme", "analyst_acme", "acme-pass-1");
  private static final TenantReader GLOBEX =
      new TenantReader("globex", "analyst_globex", "globex-pass-1");

  @TempDir Path dataDir;

  @Test
  void should_showEachReaderOnlyItsTenantsRows_inExistingAndLaterTables() {
    try (EmbeddedClickHouse server =
        EmbeddedClickHouse.start(TestLibchdb.config(dataDir), m -> {})) {
      createTable(server, "obsera.spans");
      assertThat(server.applyReaders("obsera", LIMITS, List.of(ACME, GLOBEX))).isTrue();
      createTable(server, "obsera.created_later");

      assertThat(as(server, ACME, "SELECT TenantId, v FROM obsera.spans ORDER BY v"))
          .isEqualTo("acme\t1\n");
      assertThat(as(server, GLOBEX, "SELECT TenantId, v FROM obsera.created_later ORDER BY v"))
          .isEqualTo("globex\t2\n");
      assertThat(
              as(
                  server,
                  ACME,
                  "SELECT count() FROM obsera.spans WHERE TenantId = 'globex' OR 1 = 1"
                      + " UNION ALL SELECT count() FROM merge('obsera', '.*')"))
          .isEqualTo("1\n2\n");
      assertThat(HttpSql.adminOk(server, "SELECT count() FROM obsera.spans FORMAT TSV"))
          .as("the admin still sees every row")
          .isEqualTo("3\n");
    }
  }

  @Test
  void should_refuseWritesFilesUrlsSystemTablesAndRaisedLimits() {
    try (EmbeddedClickHouse server =
        EmbeddedClickHouse.start(TestLibchdb.config(dataDir), m -> {})) {
      createTable(server, "obsera.spans");
      server.applyReaders("obsera", LIMITS, List.of(ACME));

      assertRefused(server, "INSERT INTO obsera.spans VALUES ('acme', 9)", "ACCESS_DENIED");
      assertRefused(server, "DROP TABLE obsera.spans", "ACCESS_DENIED");
      assertRefused(server, "SELECT * FROM file('/etc/passwd')", "ACCESS_DENIED");
      assertRefused(server, "SELECT * FROM url('http://127.0.0.1:1/x', 'CSV')", "ACCESS_DENIED");
      assertRefused(server, "SELECT * FROM remote('127.0.0.1', obsera.spans)", "ACCESS_DENIED");
      assertRefused(
          server, "SELECT * FROM s3('http://127.0.0.1:1/bucket/x.csv', 'CSV')", "ACCESS_DENIED");
      assertRefused(server, "SELECT name FROM system.users", "ACCESS_DENIED");
      assertRefused(server, "SELECT * FROM system.processes", "ACCESS_DENIED");
      assertRefused(server, "SELECT 1 SETTINGS readonly = 0", "READONLY");
      assertRefused(server, "SELECT 1 SETTINGS max_execution_time = 3600", "max_execution_time");
      assertRefused(server, "SELECT 1 SETTINGS max_rows_to_read = 0", "max_rows_to_read");
      assertRefused(server, "SELECT count() FROM numbers(1000000000000)", "TOO_MANY_ROWS");
    }
  }

  @Test
  void should_restartOnlyWhenTheReadersChange_andKeepThemAcrossAStop() {
    try (EmbeddedClickHouse server =
        EmbeddedClickHouse.start(TestLibchdb.config(dataDir), m -> {})) {
      createTable(server, "obsera.spans");
      assertThat(server.applyReaders("obsera", LIMITS, List.of(ACME))).isTrue();
      assertThat(server.applyReaders("obsera", LIMITS, List.of(ACME))).isFalse();
      assertThat(HttpSql.as(server.httpUrl(), GLOBEX.user(), GLOBEX.password(), "SELECT 1").ok())
          .isFalse();
    }
    try (EmbeddedClickHouse server =
        EmbeddedClickHouse.start(TestLibchdb.config(dataDir), m -> {})) {
      assertThat(as(server, ACME, "SELECT v FROM obsera.spans")).isEqualTo("1\n");
    }
  }

  private static void createTable(EmbeddedClickHouse server, String table) {
    HttpSql.adminOk(server, "CREATE DATABASE IF NOT EXISTS obsera");
    HttpSql.adminOk(
        server, "CREATE TABLE " + table + " (TenantId String, v UInt64) ORDER BY TenantId");
    HttpSql.adminOk(
        server, "INSERT INTO " + table + " VALUES ('acme', 1), ('globex', 2), ('initech', 3)");
  }

  private static String as(EmbeddedClickHouse server, TenantReader reader, String sql) {
    ClickHouseHttp.Reply reply =
        HttpSql.as(server.httpUrl(), reader.user(), reader.password(), sql + " FORMAT TSV");
    assertThat(reply.ok()).as("%s as %s: %s", sql, reader.user(), reply).isTrue();
    return reply.body();
  }

  private static void assertRefused(EmbeddedClickHouse server, String sql, String reason) {
    ClickHouseHttp.Reply reply = HttpSql.as(server.httpUrl(), ACME.user(), ACME.password(), sql);
    assertThat(reply.ok()).as("%s: %s", sql, reply).isFalse();
    assertThat(reply.body()).as(sql).contains(reason);
  }
}
