package io.obsera.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MigrationTest {
  @Test
  void should_splitStatements_andSubstituteDatabase() {
    Migration m =
        Migration.of(
            "V007__two.sql",
            "-- comment; with semicolon\nCREATE TABLE ${database}.a (x UInt8)\nENGINE = Memory;\n\nSELECT 1;\n");
    assertThat(m.version()).isEqualTo(7);
    assertThat(m.statements("obs"))
        .containsExactly("CREATE TABLE obs.a (x UInt8)\nENGINE = Memory", "SELECT 1");
  }

  @Test
  void should_rejectBadFileNames() {
    assertThatThrownBy(() -> Migration.of("create.sql", "SELECT 1;"))
        .isInstanceOf(MigrationException.class)
        .hasMessageContaining("create.sql");
  }

  @Test
  void should_loadBuiltInMigrationsInOrder() {
    List<Migration> all = MigrationSource.builtIn().load();
    assertThat(all)
        .extracting(Migration::file)
        .startsWith("V001__otel_traces.sql", "V002__otel_logs.sql");
    assertThat(all.get(0).statements("obsera").get(0)).contains("TenantId LowCardinality(String)");
  }

  @Test
  void should_putTenantFirstInEverySortKey() {
    for (Migration m : MigrationSource.builtIn().load()) {
      for (String stmt : m.statements("db")) {
        if (stmt.contains("ORDER BY (") && stmt.startsWith("CREATE TABLE")) {
          assertThat(stmt).as(m.file()).contains("ORDER BY (TenantId,");
        }
      }
    }
  }
}
