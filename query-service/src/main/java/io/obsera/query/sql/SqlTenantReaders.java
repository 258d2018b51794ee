package io.obsera.query.sql;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.GenericRecord;
import io.obsera.model.access.ReaderLimits;
import io.obsera.model.access.TenantReader;
import io.obsera.model.access.TenantReaderProvisioner;
import io.obsera.query.api.SqlArrays;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tenant readers on an external ClickHouse server, created with SQL as the services' admin user
 * (which needs {@code ACCESS MANAGEMENT}): one settings profile with the limits as {@code CONST},
 * and per tenant {@code CREATE USER IF NOT EXISTS}, {@code ALTER USER} (password, profile), {@code
 * CREATE ROW POLICY ... ON <db>.*}, {@code CREATE QUOTA} (queries per minute) and {@code GRANT
 * SELECT ON <db>.*}. A setting the server does not know is left out of the profile (a reader cannot
 * set it either). Idempotent, so several query-service instances may run it; one tenant's failure
 * leaves the others applied. Readers of tenants that disappear are not dropped.
 */
public final class SqlTenantReaders implements TenantReaderProvisioner {
  private static final Logger log = LoggerFactory.getLogger(SqlTenantReaders.class);
  static final String PROFILE = "obsera_tenant_reader";
  private static final Pattern IDENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

  private final Client admin;
  private Set<String> loggedUnknown = Set.of();

  public SqlTenantReaders(Client admin) {
    this.admin = admin;
  }

  @Override
  public Applied apply(String database, ReaderLimits limits, List<TenantReader> readers) {
    requireIdentifier(database);
    Map<String, String> settings = knownSettings(limits.settings());
    execute(profileStatement(settings));
    Map<String, String> failed = new LinkedHashMap<>();
    for (TenantReader r : readers) {
      try {
        readerStatements(database, limits, r).forEach(this::execute);
      } catch (RuntimeException e) {
        failed.put(r.tenantId(), e.getMessage());
      }
    }
    return new Applied(true, failed);
  }

  /** The settings the server knows (from {@code system.settings}). */
  private Map<String, String> knownSettings(Map<String, String> wanted) {
    Set<String> known =
        admin
            .queryAll(
                "SELECT name FROM system.settings WHERE has({names:Array(String)}, name)",
                Map.of("names", SqlArrays.strings(List.copyOf(wanted.keySet()))))
            .stream()
            .map((GenericRecord r) -> r.getString("name"))
            .collect(Collectors.toSet());
    Set<String> unknown =
        wanted.keySet().stream().filter(n -> !known.contains(n)).collect(Collectors.toSet());
    if (!unknown.isEmpty() && !unknown.equals(loggedUnknown)) {
      log.warn("ClickHouse does not know the reader settings {}: left out", unknown);
      loggedUnknown = unknown;
    }
    Map<String, String> out = new LinkedHashMap<>(wanted);
    out.keySet().retainAll(known);
    return out;
  }

  private void execute(String sql) {
    try {
      admin.execute(sql).get(30, TimeUnit.SECONDS).close();
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException(
          "ClickHouse refused "
              + sql.substring(0, Math.min(sql.length(), 60)).replaceAll("BY '[0-9a-f]+'", "")
              + "...: "
              + e.getMessage(),
          e);
    }
  }

  /** The shared profile: {@code readonly = 2} and every setting, all {@code CONST}. */
  static String profileStatement(Map<String, String> settings) {
    StringBuilder profile =
        new StringBuilder("CREATE SETTINGS PROFILE OR REPLACE " + PROFILE + " SETTINGS ");
    profile.append("readonly = 2 CONST");
    for (Map.Entry<String, String> s : settings.entrySet()) {
      String value = s.getValue().matches("[0-9]+") ? s.getValue() : "'" + s.getValue() + "'";
      profile.append(", ").append(s.getKey()).append(" = ").append(value).append(" CONST");
    }
    return profile.toString();
  }

  /** One reader's statements, in order; its password only as a SHA-256 hash. */
  static List<String> readerStatements(String database, ReaderLimits limits, TenantReader r) {
    requireIdentifier(database);
    List<String> out = new ArrayList<>();
    String user = "`" + r.user() + "`";
    String hash = sha256Hex(r.password());
    out.add("CREATE USER IF NOT EXISTS " + user + " IDENTIFIED WITH sha256_hash BY '" + hash + "'");
    out.add(
        "ALTER USER "
            + user
            + " IDENTIFIED WITH sha256_hash BY '"
            + hash
            + "' SETTINGS PROFILE '"
            + PROFILE
            + "'");
    out.add(
        "CREATE ROW POLICY OR REPLACE `obsera_tenant_"
            + r.user()
            + "` ON "
            + database
            + ".* FOR SELECT USING "
            + r.rowFilter()
            + " TO "
            + user);
    out.add(
        "CREATE QUOTA OR REPLACE `obsera_tenant_"
            + r.user()
            + "` FOR INTERVAL "
            + ReaderLimits.QUOTA_INTERVAL_SECONDS
            + " SECOND MAX queries = "
            + limits.queriesPerMinute()
            + " TO "
            + user);
    out.add("GRANT SELECT ON " + database + ".* TO " + user);
    return out;
  }

  private static void requireIdentifier(String database) {
    if (!IDENT.matcher(database).matches()) {
      throw new IllegalArgumentException("database must be a plain identifier: " + database);
    }
  }

  static String sha256Hex(String password) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(password.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
