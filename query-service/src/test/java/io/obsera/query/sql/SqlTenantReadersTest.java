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
  void should_createProfileUserPolicyAndGrant_withLockedLimitsAndHashedPassword() {
    List<String> sql =
        SqlTenantReaders.statements("obsera", new ReaderLimits(30, 1000, 10, 2048), List.of(ACME));

    assertThat(sql.get(0))
        .startsWith("CREATE SETTINGS PROFILE OR REPLACE obsera_tenant_reader SETTINGS")
        .contains("readonly = 2 CONST", "max_execution_time = 30 CONST")
        .contains("max_rows_to_read = 1000 CONST", "max_result_rows = 10 CONST")
        .contains("max_memory_usage = 2048 CONST", "result_overflow_mode = 'throw' CONST");
    assertThat(sql.subList(1, sql.size()))
        .containsExactly(
            "CREATE USER IF NOT EXISTS `analyst_acme_eu` IDENTIFIED WITH sha256_hash BY '"
                + SqlTenantReaders.sha256Hex("pw-123456")
                + "'",
            "ALTER USER `analyst_acme_eu` IDENTIFIED WITH sha256_hash BY '"
                + SqlTenantReaders.sha256Hex("pw-123456")
                + "' SETTINGS PROFILE 'obsera_tenant_reader'",
            "CREATE ROW POLICY OR REPLACE `obsera_tenant_analyst_acme_eu` ON obsera.* FOR SELECT"
                + " USING TenantId = 'acme-eu' TO `analyst_acme_eu`",
            "GRANT SELECT ON obsera.* TO `analyst_acme_eu`");
    assertThat(String.join("\n", sql)).doesNotContain("pw-123456");
  }

  @Test
  void should_refuseADatabaseThatIsNotAnIdentifier() {
    assertThatThrownBy(
            () -> SqlTenantReaders.statements("x; DROP", ReaderLimits.defaults(), List.of()))
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
    assertThat(ClickHouseErrors.toApi("497", "denied").status()).isEqualTo(403);
    assertThat(ClickHouseErrors.toApi("62", "Syntax error").status()).isEqualTo(400);
    assertThat(ClickHouseErrors.toApi("516", "auth").status()).isEqualTo(503);
    assertThat(ClickHouseErrors.toApi(null, "Bad Gateway").status()).isEqualTo(503);
  }

  @Test
  void should_nameTheDefaultTenantsUserAnalyst_andOthersByTenant() {
    assertThat(AnalystCredentials.userName("default")).isEqualTo("analyst");
    assertThat(AnalystCredentials.userName("acme-eu")).isEqualTo("analyst_acme_eu");
    assertThat(ACME.toString()).doesNotContain("pw-123456");
  }
}
