package io.obsera.query.sql;

import io.obsera.model.access.TenantReader;
import io.obsera.query.api.ApiException;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a tenant reader can read the system tables that show every user's queries ({@code
 * system.query_log}, {@code system.processes}). Our grants never give it them, but an external
 * server may: {@code access_control_improvements.select_from_system_db_requires_grant = false} (the
 * default before ClickHouse 24.x), a default role, a grant by hand. Such a reader would see the
 * other tenants' SQL and its parameters, so the query service disables SQL while one exists.
 */
public final class SystemTablesCheck {
  static final List<String> TABLES = List.of("system.query_log", "system.processes");

  private final ReaderQueries queries;

  public SystemTablesCheck(ReaderQueries queries) {
    this.queries = queries;
  }

  /**
   * Tries each table as {@code reader}.
   *
   * @return why SQL must be disabled, or empty when the reader can read none of them (refused, or
   *     the table does not exist)
   * @throws IllegalStateException when it could not tell (ClickHouse down, the reader not there)
   */
  public Optional<String> exposure(TenantReader reader) {
    for (String table : TABLES) {
      try (ReaderQueries.Answer answer =
          queries.run(reader, "SELECT 1 FROM " + table + " LIMIT 1", Map.of(), "TSV")) {
        answer.body().transferTo(java.io.OutputStream.nullOutputStream());
        return Optional.of(
            "tenant reader "
                + reader.user()
                + " can read "
                + table
                + ", which shows every tenant's queries; the ClickHouse server grants system"
                + " tables to every user (e.g. access_control_improvements"
                + ".select_from_system_db_requires_grant = false, or a default role). Fix the"
                + " server's grants and restart the query service");
      } catch (ApiException e) {
        boolean missing = e.status() == 400 && e.getMessage().contains("UNKNOWN_TABLE");
        if (e.status() != 403 && !missing) {
          throw new IllegalStateException(
              "cannot tell whether " + reader.user() + " reads " + table + ": " + e.getMessage());
        }
      } catch (IOException e) {
        throw new IllegalStateException(
            "cannot tell whether " + reader.user() + " reads " + table + ": " + e, e);
      }
    }
    return Optional.empty();
  }
}
