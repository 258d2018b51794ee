package io.obsera.schema;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.command.CommandSettings;
import com.clickhouse.client.api.query.GenericRecord;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the versioned migrations in order and records each in {@code obsera_schema_migrations}.
 * Applied migrations are skipped; a changed applied file or a failing statement stops start-up with
 * a message that names the file and quotes ClickHouse.
 */
public final class SchemaMigrator {
  private static final Logger log = LoggerFactory.getLogger(SchemaMigrator.class);
  private static final Pattern IDENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
  static final String TABLE = "obsera_schema_migrations";

  private final Client client;
  private final String database;
  private final MigrationSource source;

  public SchemaMigrator(Client client, String database) {
    this(client, database, MigrationSource.builtIn());
  }

  SchemaMigrator(Client client, String database, MigrationSource source) {
    if (!IDENT.matcher(database).matches()) {
      throw new IllegalArgumentException("invalid ClickHouse database name: " + database);
    }
    this.client = client;
    this.database = database;
    this.source = source;
  }

  /** The version of the last built-in migration: the schema this build writes and reads. */
  public static int latestVersion() {
    List<Migration> all = MigrationSource.builtIn().load();
    return all.isEmpty() ? 0 : all.get(all.size() - 1).version();
  }

  /** Applies what is missing; returns the number of migrations applied by this call. */
  public int migrate() {
    List<Migration> migrations = source.load();
    createDatabase();
    exec(
        "CREATE TABLE IF NOT EXISTS "
            + database
            + "."
            + TABLE
            + " (Version UInt32, File String, Checksum String, AppliedAt DateTime64(3))"
            + " ENGINE = MergeTree ORDER BY Version",
        "(bootstrap)");
    Map<Integer, String> applied = applied();
    int count = 0;
    for (Migration m : migrations) {
      String checksum = m.checksum();
      String done = applied.get(m.version());
      if (done != null) {
        if (!done.equals(checksum)) {
          throw new MigrationException(
              "migration "
                  + m.file()
                  + " was changed after it was applied (checksum differs); add a new migration"
                  + " instead");
        }
        continue;
      }
      for (String stmt : m.statements(database)) {
        exec(stmt, m.file());
      }
      record(m, checksum);
      log.info("applied migration {}", m.file());
      count++;
    }
    return count;
  }

  /**
   * The built-in migrations not yet recorded as applied (file names, in order); empty when the
   * schema is complete. Throws {@link MigrationException} when the record cannot be read (no
   * database or migrations table yet, or ClickHouse does not answer). Changes nothing.
   */
  public List<String> pending() {
    Map<Integer, String> applied;
    try {
      applied = applied();
    } catch (RuntimeException e) {
      throw new MigrationException(
          "cannot read " + database + "." + TABLE + ": " + rootMessage(e), e);
    }
    return source.load().stream()
        .filter(m -> !applied.containsKey(m.version()))
        .map(Migration::file)
        .toList();
  }

  private Map<Integer, String> applied() {
    Map<Integer, String> out = new HashMap<>();
    for (GenericRecord r :
        client.queryAll("SELECT Version, Checksum FROM " + database + "." + TABLE)) {
      out.put(r.getInteger("Version"), r.getString("Checksum"));
    }
    return out;
  }

  private void record(Migration m, String checksum) {
    Map<String, Object> params =
        Map.of("version", m.version(), "file", m.file(), "checksum", checksum);
    try {
      client
          .query(
              "INSERT INTO "
                  + database
                  + "."
                  + TABLE
                  + " SELECT {version:UInt32}, {file:String}, {checksum:String}, now64(3)",
              params)
          .get(60, TimeUnit.SECONDS)
          .close();
    } catch (Exception e) {
      throw new MigrationException(
          "migration " + m.file() + " applied but could not be recorded: " + rootMessage(e), e);
    }
  }

  /** Runs against {@code system}: the client's default database may not exist yet. */
  private void createDatabase() {
    CommandSettings settings = new CommandSettings();
    settings.setDatabase("system");
    try {
      client
          .execute("CREATE DATABASE IF NOT EXISTS " + database, settings)
          .get(60, TimeUnit.SECONDS)
          .close();
    } catch (Exception e) {
      throw new MigrationException("cannot create database " + database + ": " + rootMessage(e), e);
    }
  }

  private void exec(String sql, String file) {
    try {
      client.execute(sql).get(120, TimeUnit.SECONDS).close();
    } catch (Exception e) {
      throw new MigrationException("migration " + file + " failed: " + rootMessage(e), e);
    }
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.toString() : t.getMessage();
  }
}
