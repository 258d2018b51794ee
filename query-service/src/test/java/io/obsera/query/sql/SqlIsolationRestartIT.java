package io.obsera.query.sql;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The tenant-isolation attack suite for {@code POST /api/v1/sql} and direct analyst access: two
 * tenants on a real (own) embedded ClickHouse; every attack is refused with a 4xx naming the
 * reason, or returns only the caller's rows. Isolation comes from ClickHouse (row policy, grants,
 * locked limits), never from parsing the SQL.
 */
class SqlIsolationRestartIT {
  @TempDir static Path dataDir;
  static OwnClickHouseFixture f;

  @BeforeAll
  static void start() throws Exception {
    f = OwnClickHouseFixture.start(dataDir);
  }

  @AfterAll
  static void stop() {
    if (f != null) {
      f.close();
    }
  }

  @Test
  void should_returnOnlyTheCallersRows_asJsonAndCsv() throws Exception {
    HttpResponse<String> json =
        f.sqlText(f.keyA, "SELECT TenantId, count() AS n FROM otel_logs GROUP BY TenantId");
    HttpResponse<String> csv =
        f.sql(f.keyB, "{\"sql\":\"SELECT Body FROM otel_logs ORDER BY Body\",\"format\":\"csv\"}");

    assertThat(json.statusCode()).as(json.body()).isEqualTo(200);
    JsonNode data = OwnClickHouseFixture.json(json).get("data");
    assertThat(data).hasSize(1);
    assertThat(data.get(0).get("TenantId").asText()).isEqualTo(f.tenantA);
    assertThat(data.get(0).get("n").asText()).isEqualTo("3");
    assertThat(csv.statusCode()).isEqualTo(200);
    assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
    assertThat(csv.body()).isEqualTo("\"Body\"\n\"b-secret-1\"\n\"b-secret-2\"\n");
  }

  static List<String> crossTenantReads() {
    return List.of(
        "SELECT Body FROM otel_logs WHERE TenantId = '%B%'",
        "SELECT Body FROM otel_logs WHERE 1 = 1 OR TenantId != ''",
        "SELECT Body FROM otel_logs UNION ALL SELECT Body FROM otel_logs WHERE TenantId = '%B%'",
        "SELECT Body FROM merge('obsera', '^otel_logs$')",
        "SELECT Body FROM obsera.otel_logs AS l JOIN obsera.otel_logs AS r USING (TenantId)",
        "SELECT Body FROM (SELECT * FROM otel_logs) WHERE TenantId = '%B%'",
        "SELECT Body FROM otel_logs SETTINGS additional_table_filters = {'otel_logs': '1'}");
  }

  @ParameterizedTest
  @MethodSource("crossTenantReads")
  void should_neverReturnAnotherTenantsRows(String template) throws Exception {
    HttpResponse<String> r = f.sqlText(f.keyA, template.replace("%B%", f.tenantB));

    assertThat(r.body()).doesNotContain("b-secret");
    if (r.statusCode() == 200) {
      assertThat(OwnClickHouseFixture.json(r).get("data"))
          .allSatisfy(row -> assertThat(row.get("Body").asText()).startsWith("a"));
    } else {
      assertThat(r.statusCode()).as(r.body()).isBetween(400, 499);
    }
  }

  static List<String[]> refusedQueries() {
    return List.of(
        new String[] {"SELECT name FROM system.users", "403", "ACCESS_DENIED"},
        new String[] {"SELECT query FROM system.processes", "403", "ACCESS_DENIED"},
        new String[] {"SELECT * FROM system.query_log", "400", "query_log"},
        new String[] {"SELECT * FROM file('/etc/passwd', 'LineAsString')", "403", "READ ON FILE"},
        new String[] {"SELECT * FROM url('http://127.0.0.1:1/x', 'CSV')", "403", "READ ON URL"},
        new String[] {"SELECT * FROM remote('127.0.0.1', obsera.otel_logs)", "403", "REMOTE"},
        new String[] {"SELECT * FROM s3('http://127.0.0.1:1/bucket/x.csv', 'CSV')", "403", "S3"},
        new String[] {"SELECT * FROM mysql('127.0.0.1:1', 'd', 't', 'u', 'p')", "403", "MYSQL"},
        new String[] {"SELECT 1 SETTINGS readonly = 0", "403", "readonly"},
        new String[] {"SELECT 1 SETTINGS max_execution_time = 100000", "403", "max_execution_time"},
        new String[] {"SELECT 1 SETTINGS max_rows_to_read = 0", "403", "max_rows_to_read"},
        new String[] {"SELECT 1 SETTINGS max_memory_usage = 0", "403", "max_memory_usage"},
        new String[] {"SELECT 1 SETTINGS result_overflow_mode = 'break'", "403", "overflow"},
        new String[] {"INSERT INTO otel_logs (TenantId, Body) VALUES ('x', 'y')", "403", "INSERT"},
        new String[] {"ALTER TABLE otel_logs DELETE WHERE 1", "403", "ACCESS_DENIED"},
        new String[] {"DROP TABLE otel_logs", "403", "ACCESS_DENIED"},
        new String[] {"CREATE TEMPORARY TABLE t (x UInt8)", "403", "ACCESS_DENIED"},
        new String[] {"SELECT count() FROM numbers(1000000000000)", "422", "max_rows_to_read"},
        new String[] {
          "SELECT groupArray(repeat('x', 1000)) FROM numbers(2000)", "422", "max_result_bytes"
        },
        new String[] {"SELECT count() FROM numbers_mt(1000000000000)", "422", "max_rows_to_read"},
        new String[] {"SELECT 1; SELECT 2", "400", "Multi-statements"},
        new String[] {"SELECT 1 FORMAT TSV", "400", "FORMAT"},
        new String[] {"SELECT FROM WHERE", "400", "Syntax error"});
  }

  @ParameterizedTest
  @MethodSource("refusedQueries")
  void should_refuse_withTheReason(String sql, String status, String reason) throws Exception {
    HttpResponse<String> r = f.sqlText(f.keyA, sql);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(Integer.parseInt(status));
    JsonNode body = OwnClickHouseFixture.json(r);
    assertThat(body.get("message").asText()).containsIgnoringCase(reason);
    assertThat(r.body()).doesNotContain("b-secret");
  }

  /**
   * Every setting a reader has locked, with a value it would like: SQL literal (the URL gets it
   * unquoted).
   */
  static List<String[]> lockedSettings() {
    return List.of(
        new String[] {"max_result_bytes", "0"},
        new String[] {"max_result_rows", "0"},
        new String[] {"max_threads", "64"},
        new String[] {"max_final_threads", "64"},
        new String[] {"max_concurrent_queries_for_user", "0"},
        new String[] {"max_memory_usage", "0"},
        new String[] {"max_execution_time", "100000"},
        new String[] {"use_query_cache", "1"},
        new String[] {"query_cache_share_between_users", "1"},
        new String[] {"log_queries", "0"},
        new String[] {"log_queries_min_type", "'EXCEPTION_WHILE_PROCESSING'"},
        new String[] {"log_queries_min_query_duration_ms", "100000"},
        new String[] {"log_queries_probability", "0"},
        new String[] {"max_bytes_before_external_sort", "1"},
        new String[] {"max_bytes_ratio_before_external_sort", "0.5"},
        new String[] {"max_bytes_before_external_group_by", "1"},
        new String[] {"max_bytes_ratio_before_external_group_by", "0.5"},
        new String[] {"max_bytes_before_external_join", "1"},
        new String[] {"max_bytes_ratio_before_external_join", "0.5"},
        new String[] {"max_temporary_data_on_disk_size_for_query", "0"},
        new String[] {"max_temporary_data_on_disk_size_for_user", "0"});
  }

  @ParameterizedTest
  @MethodSource("lockedSettings")
  void should_refuseALockedSetting_inTheQuerysSettings(String setting, String value)
      throws Exception {
    HttpResponse<String> r =
        f.sqlText(f.keyA, "SELECT count() FROM otel_logs SETTINGS " + setting + " = " + value);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
    assertThat(OwnClickHouseFixture.json(r).get("message").asText())
        .contains("Setting " + setting + " should not be changed");
  }

  @ParameterizedTest
  @MethodSource("lockedSettings")
  void should_refuseALockedSetting_inASetStatement(String setting, String value) throws Exception {
    HttpResponse<String> r = f.sqlText(f.keyA, "SET " + setting + " = " + value);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
    assertThat(OwnClickHouseFixture.json(r).get("message").asText())
        .contains("Setting " + setting + " should not be changed");
  }

  @ParameterizedTest
  @MethodSource("lockedSettings")
  void should_refuseALockedSetting_inTheUrlOfADirectConnection(String setting, String value)
      throws Exception {
    String path = "/api/v1/admin/tenants/" + f.tenantA + "/analyst-credentials";
    JsonNode creds =
        OwnClickHouseFixture.json(f.call("GET", path, OwnClickHouseFixture.ADMIN, null));

    HttpResponse<String> r =
        clickHouse(
            creds,
            "SELECT count() FROM obsera.otel_logs",
            "&"
                + setting
                + "="
                + URLEncoder.encode(value.replace("'", ""), StandardCharsets.UTF_8));

    assertThat(r.statusCode()).as(r.body()).isNotEqualTo(200);
    assertThat(r.body())
        .contains("Setting " + setting + " should not be changed", "SETTING_CONSTRAINT_VIOLATION");
  }

  @Test
  void should_reportSqlEnabled_inHealth() throws Exception {
    JsonNode health = OwnClickHouseFixture.json(f.call("GET", "/health", null, null));

    assertThat(health.at("/sql/status").asText()).isEqualTo("enabled");
    assertThat(health.at("/sql/failingReaders").size()).isZero();
  }

  @Test
  void should_giveTenantsWithTheLongestIdsAWorkingReader_withoutBlockingOthers() throws Exception {
    String suffix = UUID.randomUUID().toString().replace("-", "");
    String longest = ("long-" + suffix + "-" + "x".repeat(63)).substring(0, 63);
    String normal = "after-" + suffix.substring(0, 8);
    String longKey = f.tenantWithKey(longest);
    String normalKey = f.tenantWithKey(normal);

    f.awaitReader(longKey);
    f.awaitReader(normalKey);
    JsonNode creds =
        OwnClickHouseFixture.json(
            f.call(
                "GET",
                "/api/v1/admin/tenants/" + longest + "/analyst-credentials",
                OwnClickHouseFixture.ADMIN,
                null));
    HttpResponse<String> own =
        f.sqlText(longKey, "SELECT count() AS n, uniqExact(TenantId) AS t FROM otel_logs");
    assertThat(creds.get("user").asText()).hasSize(64).startsWith("analyst_long_");
    assertThat(creds.get("ready").asBoolean()).isTrue();
    assertThat(clickHouse(creds, "SELECT count() FROM obsera.otel_logs", "").body())
        .isEqualTo("0\n");
    assertThat(OwnClickHouseFixture.json(own).at("/data/0/n").asText()).isEqualTo("0");
    assertThat(f.sqlText(normalKey, "SELECT 1").statusCode()).isEqualTo(200);
  }

  @Test
  void should_bindParameters_soInjectionThroughThemIsData() throws Exception {
    String injected = "cart' OR TenantId = '" + f.tenantB + "' OR '1'='1";
    HttpResponse<String> r =
        f.sql(
            f.keyA,
            "{\"sql\":\"SELECT count() AS n FROM otel_logs WHERE ServiceName = {svc:String}\","
                + "\"params\":{\"svc\":"
                + io.obsera.model.Json.MAPPER.writeValueAsString(injected)
                + "}}");
    HttpResponse<String> honest =
        f.sql(
            f.keyA,
            "{\"sql\":\"SELECT count() AS n FROM otel_logs WHERE ServiceName = {svc:String}\","
                + "\"params\":{\"svc\":\"cart\"}}");
    HttpResponse<String> badName =
        f.sql(f.keyA, "{\"sql\":\"SELECT 1\",\"params\":{\"x&user=obsera_admin\":\"1\"}}");
    HttpResponse<String> badType =
        f.sql(f.keyA, "{\"sql\":\"SELECT {n:UInt8}\",\"params\":{\"n\":\"1; DROP TABLE x\"}}");
    HttpResponse<String> badFormat =
        f.sql(f.keyA, "{\"sql\":\"SELECT 1\",\"format\":\"TSV&user=obsera_admin\"}");

    assertThat(OwnClickHouseFixture.json(r).at("/data/0/n").asText()).isEqualTo("0");
    assertThat(OwnClickHouseFixture.json(honest).at("/data/0/n").asText()).isEqualTo("2");
    assertThat(badName.statusCode()).isEqualTo(400);
    assertThat(badName.body()).contains("x&user=obsera_admin");
    assertThat(badType.statusCode()).isEqualTo(400);
    assertThat(badFormat.statusCode()).isEqualTo(400);
    assertThat(badFormat.body()).contains("format");
  }

  @Test
  void should_refuseMissingOrWrongKeys() throws Exception {
    assertThat(f.sqlText("nope", "SELECT 1").statusCode()).isEqualTo(401);
    assertThat(f.sqlText(OwnClickHouseFixture.ADMIN, "SELECT 1").statusCode()).isEqualTo(401);
  }

  @Test
  void should_letAnalystsConnectDirectly_seeingOnlyTheirTenant_untilRotated() throws Exception {
    String path = "/api/v1/admin/tenants/" + f.tenantB + "/analyst-credentials";
    JsonNode creds =
        OwnClickHouseFixture.json(f.call("GET", path, OwnClickHouseFixture.ADMIN, null));

    HttpResponse<String> direct =
        clickHouse(creds, "SELECT Body FROM obsera.otel_logs ORDER BY Body FORMAT TSV", "");
    assertThat(creds.get("user").asText()).isEqualTo("analyst_" + f.tenantB.replace('-', '_'));
    assertThat(creds.get("ready").asBoolean()).isTrue();
    assertThat(direct.statusCode()).as(direct.body()).isEqualTo(200);
    assertThat(direct.body()).isEqualTo("b-secret-1\nb-secret-2\n");
    assertThat(f.call("GET", path, f.keyB, null).statusCode()).isEqualTo(401);

    HttpResponse<String> rotated = f.call("POST", path, OwnClickHouseFixture.ADMIN, null);
    JsonNode fresh = OwnClickHouseFixture.json(rotated);
    assertThat(fresh.get("password").asText()).isNotEqualTo(creds.get("password").asText());
    assertThat(fresh.get("ready").asBoolean()).isTrue();
    assertThat(clickHouse(creds, "SELECT 1", "").body()).contains("AUTHENTICATION_FAILED");
    assertThat(clickHouse(fresh, "SELECT count() FROM obsera.otel_logs", "").body())
        .isEqualTo("2\n");
    f.awaitReader(f.keyB);
  }

  /** {@code sql} on ClickHouse's HTTP interface as the reader, {@code urlTail} added to the URL. */
  private static HttpResponse<String> clickHouse(JsonNode creds, String sql, String urlTail)
      throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(
                    URI.create(
                        creds.get("httpUrl").asText()
                            + "/?query="
                            + URLEncoder.encode(sql, StandardCharsets.UTF_8)
                            + urlTail))
                .header("X-ClickHouse-User", creds.get("user").asText())
                .header("X-ClickHouse-Key", creds.get("password").asText())
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
