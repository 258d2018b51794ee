package io.obsera.query.health;

import io.obsera.schema.MigrationException;
import io.obsera.schema.SchemaMigrator;
import java.util.List;

/**
 * Readiness of the ClickHouse schema: every built-in migration recorded as applied (the writer
 * applies them). Once complete it stays complete, so {@code /ready} asks ClickHouse only until
 * then.
 */
public final class SchemaReadiness implements Readiness.Check {
  private final SchemaMigrator migrator;
  private volatile boolean complete;

  public SchemaReadiness(SchemaMigrator migrator) {
    this.migrator = migrator;
  }

  @Override
  public String problem() {
    if (complete) {
      return null;
    }
    List<String> pending;
    try {
      pending = migrator.pending();
    } catch (MigrationException e) {
      return "applied migrations cannot be read (ClickHouse down or database not migrated)";
    }
    if (pending.isEmpty()) {
      complete = true;
      return null;
    }
    return pending.size() + " migration(s) not applied, first " + pending.get(0);
  }
}
