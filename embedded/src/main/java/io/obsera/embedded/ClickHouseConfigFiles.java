package io.obsera.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Writes the server config and the users file for the embedded ClickHouse. The {@code default} user
 * (which chDB logs itself in as, and which cannot have a password) is locked down to loopback,
 * {@code SYSTEM LISTEN} and {@code system.numbers}, with a quota of two queries: exactly what the
 * keep-alive query needs. It has no row or time limit, since the keep-alive query runs forever.
 */
final class ClickHouseConfigFiles {
  private ClickHouseConfigFiles() {}

  static void write(EmbeddedClickHouse.Config config, ClickHouseLayout layout, int http, int tcp)
      throws IOException {
    // all private (0700 / 0600): users files hold password hashes, the rest all telemetry; what an
    // older version made wider is narrowed here, at every start
    PrivateFiles.directory(layout.dataDir());
    PrivateFiles.directory(layout.configDir());
    PrivateFiles.directory(layout.dbPath());
    PrivateFiles.directory(layout.tmpDir().getParent());
    PrivateFiles.directory(layout.tmpDir());
    PrivateFiles.directory(layout.userFilesDir());
    PrivateFiles.directory(layout.backupsDir());
    PrivateFiles.directory(layout.logDir());
    PrivateFiles.directory(layout.readersFile().getParent());
    PrivateFiles.tighten(layout.readersFile());
    writeAtomically(layout.configFile(), serverConfig(config, layout, http, tcp));
    writeAtomically(layout.usersFile(), usersConfig(config));
  }

  static String serverConfig(
      EmbeddedClickHouse.Config config, ClickHouseLayout layout, int http, int tcp) {
    return """
        <clickhouse>
          <logger>
            <level>warning</level>
            <log>%s</log>
            <errorlog>%s</errorlog>
            <console>false</console>
            <size>50M</size>
            <count>3</count>
          </logger>
          <listen_host>%s</listen_host>
          <http_port>%d</http_port>
          <tcp_port>%d</tcp_port>
          <path>%s/</path>
          <tmp_path>%s/</tmp_path>
          <user_files_path>%s/</user_files_path>
          <users_config>%s</users_config>
          <max_server_memory_usage>%d</max_server_memory_usage>
          <mark_cache_size>268435456</mark_cache_size>
          <uncompressed_cache_size>0</uncompressed_cache_size>
          <shutdown_wait_unfinished>1</shutdown_wait_unfinished>
          <default_profile>default</default_profile>
          <default_database>default</default_database>
          <storage_configuration>
            <disks>
              <%s>
                <type>local</type>
                <path>%s/</path>
              </%s>
            </disks>
          </storage_configuration>
          <backups>
            <allowed_disk>%s</allowed_disk>
            <allowed_path>%s/</allowed_path>
          </backups>
          <http_server_default_response><![CDATA[Ok.
        ]]></http_server_default_response>
        </clickhouse>
        """
        .formatted(
            xml(layout.logDir().resolve("clickhouse.log").toString()),
            xml(layout.logDir().resolve("clickhouse.err.log").toString()),
            xml(config.bindHost()),
            http,
            tcp,
            xml(layout.dbPath().toString()),
            xml(layout.tmpDir().toString()),
            xml(layout.userFilesDir().toString()),
            xml(layout.usersFile().toString()),
            config.maxServerMemoryBytes(),
            ClickHouseBackupDisk.NAME,
            xml(layout.backupsDir().toString()),
            ClickHouseBackupDisk.NAME,
            ClickHouseBackupDisk.NAME,
            xml(layout.backupsDir().toString()));
  }

  static String usersConfig(EmbeddedClickHouse.Config config) {
    return """
        <clickhouse>
          <profiles>
            <default/>
            <analyst>
              <readonly>2</readonly>
            </analyst>
          </profiles>
          <quotas>
            <keep_alive_only>
              <interval>
                <duration>3600</duration>
                <queries>2</queries>
                <errors>0</errors>
                <result_rows>0</result_rows>
                <read_rows>0</read_rows>
                <execution_time>0</execution_time>
              </interval>
            </keep_alive_only>
            <unlimited>
              <interval>
                <duration>3600</duration>
                <queries>0</queries>
                <errors>0</errors>
                <result_rows>0</result_rows>
                <read_rows>0</read_rows>
                <execution_time>0</execution_time>
              </interval>
            </unlimited>
          </quotas>
          <users>
            <default>
              <password></password>
              <networks>
                <ip>127.0.0.1</ip>
                <ip>::1</ip>
              </networks>
              <profile>default</profile>
              <quota>keep_alive_only</quota>
              <grants>
                <query>GRANT SYSTEM LISTEN ON *.*</query>
                <query>GRANT SELECT ON system.numbers</query>
              </grants>
            </default>
            <%1$s>
              <password_sha256_hex>%2$s</password_sha256_hex>
              <networks>
                <ip>::/0</ip>
              </networks>
              <profile>default</profile>
              <quota>unlimited</quota>
            </%1$s>
            %3$s
          </users>
        </clickhouse>
        """
        .formatted(config.adminUser(), sha256Hex(config.adminPassword()), analystUser(config));
  }

  /** The global read-only user (all tenants' rows), when the config has one. */
  private static String analystUser(EmbeddedClickHouse.Config config) {
    if (config.analystUser() == null) {
      return "";
    }
    return """
            <%1$s>
              <password_sha256_hex>%2$s</password_sha256_hex>
              <networks>
                <ip>::/0</ip>
              </networks>
              <profile>analyst</profile>
              <quota>unlimited</quota>
              <grants>
                <query>GRANT SELECT ON *.*</query>
              </grants>
            </%1$s>
        """
        .formatted(config.analystUser(), sha256Hex(config.analystPassword()));
  }

  static String sha256Hex(String password) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static void writeAtomically(Path file, String content) throws IOException {
    PrivateFiles.write(file, content);
  }

  private static String xml(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
