package io.obsera.query.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.obsera.model.access.ReaderLimits;
import io.obsera.model.access.TenantReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqlTenantReadersTest {
  static final TenantReader ACME = new TenantReader("acme-eu", "analyst_acme_eu", "pw-123456");

  @Test
  void should_createProfileUserPolicyQuotaAndGrant_withLockedLimitsAndHashedPassword() {
    ReaderLimits limits = new ReaderLimits(30, 1000, 10, 2048, 4096, 3, 2, 120);
    String profile = SqlTenantReaders.profileStatement(limits.settings());
    List<String> sql = SqlTenantReaders.readerStatements("obsera", limits, ACME);

    assertThat(profile)
        .startsWith("CREATE SETTINGS PROFILE OR REPLACE obsera_tenant_reader SETTINGS")
        .contains("readonly = 2 CONST", "max_execution_time = 30 CONST")
        .contains("max_rows_to_read = 1000 CONST", "max_result_rows = 10 CONST")
        .contains("max_memory_usage = 2048 CONST", "result_overflow_mode = 'throw' CONST")
        .contains("max_result_bytes = 4096 CONST", "max_threads = 3 CONST")
        .contains("max_concurrent_queries_for_user = 2 CONST", "use_query_cache = 0 CONST")
        .contains("log_queries = 1 CONST", "log_queries_min_type = 'QUERY_START' CONST")
        .contains("max_bytes_before_external_sort = 0 CONST")
        .contains("max_temporary_data_on_disk_size_for_user = 1 CONST");
    assertThat(sql)
        .containsExactly(
            "CREATE USER IF NOT EXISTS `analyst_acme_eu` IDENTIFIED WITH sha256_hash BY '"
                + SqlTenantReaders.sha256Hex("pw-123456")
                + "'",
            "ALTER USER `analyst_acme_eu` IDENTIFIED WITH sha256_hash BY '"
                + SqlTenantReaders.sha256Hex("pw-123456")
                + "' SETTINGS PROFILE 'obsera_tenant_reader'",
            "CREATE ROW POLICY OR REPLACE `obsera_tenant_analyst_acme_eu` ON obsera.* FOR SELECT"
                + " USING TenantId = 'acme-eu' TO `analyst_acme_eu`",
            "CREATE QUOTA OR REPLACE `obsera_tenant_analyst_acme_eu` FOR INTERVAL 60 SECOND MAX"
                + " queries = 120 TO `analyst_acme_eu`",
            "GRANT SELECT ON obsera.* TO `analyst_acme_eu`");
    assertThat(String.join("\n", sql)).doesNotContain("pw-123456");
  }

  @Test
  void should_refuseADatabaseThatIsNotAnIdentifier() {
    assertThatThrownBy(
            () -> SqlTenantReaders.readerStatements("x; DROP", ReaderLimits.defaults(), ACME))
        .hasMessageContaining("identifier");
  }

  @Test
  void should_mapClickHouseErrors_toStatusesNamingTheLimit() {
    assertThat(ClickHouseErrors.toApi("158", "Code: 158. too many rows (version 26.7.2.1)"))
        .satisfies(
            e -> {
              assertThat(e.status()).isEqualTo(422);
              assertThat(e.getMessage()).startsWith("query exceeded max_rows_to_read: Code: 158");
              assertThat(e.getMessage()).doesNotContain("version");
            });
    assertThat(ClickHouseErrors.toApi("396", "Limit for result exceeded, max bytes: 1 KiB"))
        .satisfies(e -> assertThat(e.getMessage()).startsWith("query exceeded max_result_bytes"));
    assertThat(ClickHouseErrors.toApi("396", "Limit for result exceeded, max rows: 10"))
        .satisfies(e -> assertThat(e.getMessage()).startsWith("query exceeded max_result_rows"));
    assertThat(ClickHouseErrors.toApi("201", "Quota exceeded").status()).isEqualTo(429);
    assertThat(ClickHouseErrors.toApi("202", "Too many simultaneous queries"))
        .satisfies(
            e -> {
              assertThat(e.status()).isEqualTo(429);
              assertThat(e.getMessage()).contains("max_concurrent_queries_for_user");
            });
    assertThat(ClickHouseErrors.toApi("497", "denied").status()).isEqualTo(403);
    assertThat(ClickHouseErrors.toApi("62", "Syntax error").status()).isEqualTo(400);
    assertThat(ClickHouseErrors.toApi("516", "auth").status()).isEqualTo(503);
    assertThat(ClickHouseErrors.toApi(null, "Bad Gateway").status()).isEqualTo(503);
  }

  @Test
  void should_deriveStableNamesThatFit_forTheLongestTenantIds() {
    String longest = "x".repeat(63);
    String other = "x".repeat(62) + "y";

    String user = AnalystCredentials.userName(longest);

    assertThat(user).hasSize(64).startsWith("analyst_xxx").matches("[a-z0-9_]+");
    assertThat(AnalystCredentials.userName(longest)).isEqualTo(user);
    assertThat(AnalystCredentials.userName(other)).hasSize(64).isNotEqualTo(user);
    assertThat(new TenantReader(longest, user, "pw-123456").user()).isEqualTo(user);
  }

  @Test
  void should_nameTheDefaultTenantsUserAnalyst_andOthersByTenant() {
    assertThat(AnalystCredentials.userName("default")).isEqualTo("analyst");
    assertThat(AnalystCredentials.userName("acme-eu")).isEqualTo("analyst_acme_eu");
    String fits = "a" + "-b".repeat(27);
    assertThat(AnalystCredentials.userName(fits)).isEqualTo("analyst_a" + "_b".repeat(27));
    assertThat(ACME.toString()).doesNotContain("pw-123456");
  }
}
