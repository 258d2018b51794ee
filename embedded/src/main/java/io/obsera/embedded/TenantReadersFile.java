package io.obsera.embedded;

import io.obsera.model.access.ReaderLimits;
import io.obsera.model.access.TenantReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The users-file fragment of the tenant readers: one settings profile with the limits, locked by
 * constraints, one quota (queries per minute, counted per user), and per tenant a user with {@code
 * readonly = 2}, {@code SELECT} on the Obsera database only (no {@code CREATE TEMPORARY TABLE}, so
 * no table function that reaches files, URLs or other servers), and a database-wide row policy
 * {@code TenantId = '<tenant>'} ({@code <table name="">}: it covers tables created later, too).
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
    xml.append(quota(limits));
    xml.append("  <users>\n");
    readers.stream()
        .sorted(Comparator.comparing(TenantReader::user))
        .forEach(r -> xml.append(user(database, r)));
    xml.append("  </users>\n</clickhouse>\n");
    return xml.toString();
  }

  /**
   * Writes {@code content} to {@code file} (0600) unless it holds that already; true if written.
   */
  static boolean write(Path file, String content) {
    try {
      if (Files.isRegularFile(file) && Files.readString(file).equals(content)) {
        return false;
      }
      PrivateFiles.directory(file.getParent());
      ClickHouseConfigFiles.writeAtomically(file, content);
      return true;
    } catch (IOException e) {
      throw new EmbeddedServerException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** Queries per interval, counted per user (a quota in a users file is keyed by user name). */
  private static String quota(ReaderLimits limits) {
    return """
          <quotas>
            <%1$s>
              <interval>
                <duration>%2$d</duration>
                <queries>%3$d</queries>
                <errors>0</errors>
                <result_rows>0</result_rows>
                <read_rows>0</read_rows>
                <execution_time>0</execution_time>
              </interval>
            </%1$s>
          </quotas>
        """
        .formatted(PROFILE, ReaderLimits.QUOTA_INTERVAL_SECONDS, limits.queriesPerMinute());
  }

  private static String user(String database, TenantReader r) {
    return """
            <%1$s>
              <password_sha256_hex>%2$s</password_sha256_hex>
              <networks>
                <ip>::/0</ip>
              </networks>
              <profile>%3$s</profile>
              <quota>%3$s</quota>
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
