package io.obsera.query.sql;

import com.clickhouse.client.api.Client;
import io.obsera.model.access.ReaderLimits;
import io.obsera.model.access.TenantReader;
import io.obsera.model.access.TenantReaderProvisioner;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Tenant readers on an external ClickHouse server, created with SQL as the services' admin user
 * (which needs {@code ACCESS MANAGEMENT}): one settings profile with the limits as {@code CONST},
 * and per tenant {@code CREATE USER IF NOT EXISTS}, {@code ALTER USER} (password, profile), {@code
 * CREATE ROW POLICY ... ON <db>.*} and {@code GRANT SELECT ON <db>.*}. Idempotent, so several
 * query-service instances may run it. Readers of tenants that disappear are not dropped.
 */
public final class SqlTenantReaders implements TenantReaderProvisioner {
  static final String PROFILE = "obsera_tenant_reader";
  private static final Pattern IDENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

  private final Client admin;

  public SqlTenantReaders(Client admin) {
    this.admin = admin;
  }

  @Override
  public boolean apply(String database, ReaderLimits limits, List<TenantReader> readers) {
    for (String sql : statements(database, limits, readers)) {
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
    return true;
  }

  /** The statements, in order; passwords only as SHA-256 hashes. */
  static List<String> statements(String database, ReaderLimits limits, List<TenantReader> readers) {
    if (!IDENT.matcher(database).matches()) {
      throw new IllegalArgumentException("database must be a plain identifier: " + database);
    }
    List<String> out = new ArrayList<>();
    StringBuilder profile =
        new StringBuilder("CREATE SETTINGS PROFILE OR REPLACE " + PROFILE + " SETTINGS ");
    profile.append("readonly = 2 CONST");
    for (Map.Entry<String, String> s : limits.settings().entrySet()) {
      String value = s.getValue().matches("[0-9]+") ? s.getValue() : "'" + s.getValue() + "'";
      profile.append(", ").append(s.getKey()).append(" = ").append(value).append(" CONST");
    }
    out.add(profile.toString());
    for (TenantReader r : readers) {
      String user = "`" + r.user() + "`";
      String hash = sha256Hex(r.password());
      out.add(
          "CREATE USER IF NOT EXISTS " + user + " IDENTIFIED WITH sha256_hash BY '" + hash + "'");
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
      out.add("GRANT SELECT ON " + database + ".* TO " + user);
    }
    return out;
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
