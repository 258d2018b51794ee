package io.obsera.embedded;

import io.obsera.model.access.ReaderLimits;
import io.obsera.model.access.TenantReader;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The users-file fragment of the tenant readers: one settings profile with the limits, locked by
 * constraints, and per tenant a user with {@code readonly = 2}, {@code SELECT} on the Obsera
 * database only (no {@code CREATE TEMPORARY TABLE}, so no table function that reaches files, URLs
 * or other servers), and a database-wide row policy {@code TenantId = '<tenant>'} ({@code <table
 * name="">}: it covers tables created later, too).
 */
final class TenantReadersFile {
  static final String PROFILE = "obsera_tenant_reader";

  private TenantReadersFile() {}

  static String content(String database, ReaderLimits limits, List<TenantReader> readers) {
    StringBuilder xml = new StringBuilder();
    xml.append("<clickhouse>\n  <profiles>\n    <").append(PROFILE).append(">\n");
    xml.append("      <readonly>2</readonly>\n");
    for (Map.Entry<String, String> s : limits.settings().entrySet()) {
      xml.append("      <%1$s>%2$s</%1$s>\n".formatted(s.getKey(), s.getValue()));
    }
    xml.append("      <constraints>\n");
    xml.append("        <readonly><readonly/></readonly>\n");
    for (String name : limits.settings().keySet()) {
      xml.append("        <%1$s><readonly/></%1$s>\n".formatted(name));
    }
    xml.append("      </constraints>\n    </").append(PROFILE).append(">\n  </profiles>\n");
    xml.append("  <users>\n");
    readers.stream()
        .sorted(Comparator.comparing(TenantReader::user))
        .forEach(r -> xml.append(user(database, r)));
    xml.append("  </users>\n</clickhouse>\n");
    return xml.toString();
  }

  private static String user(String database, TenantReader r) {
    return """
            <%1$s>
              <password_sha256_hex>%2$s</password_sha256_hex>
              <networks>
                <ip>::/0</ip>
              </networks>
              <profile>%3$s</profile>
              <quota>unlimited</quota>
              <grants>
                <query>GRANT SELECT ON %4$s.*</query>
              </grants>
              <databases>
                <%4$s>
                  <table name=""><filter>%5$s</filter></table>
                </%4$s>
              </databases>
            </%1$s>
        """
        .formatted(
            r.user(),
            ClickHouseConfigFiles.sha256Hex(r.password()),
            PROFILE,
            database,
            r.rowFilter().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"));
  }
}
