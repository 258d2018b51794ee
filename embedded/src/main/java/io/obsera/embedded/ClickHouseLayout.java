package io.obsera.embedded;

import java.nio.file.Path;

/** Where the embedded ClickHouse keeps its files under the data directory. */
record ClickHouseLayout(Path dataDir) {

  ClickHouseLayout {
    dataDir = dataDir.toAbsolutePath().normalize();
  }

  /** The ClickHouse {@code path}: databases, tables, parts. */
  Path dbPath() {
    return dataDir.resolve("db");
  }

  Path configDir() {
    return dataDir.resolve("config");
  }

  Path configFile() {
    return configDir().resolve("config.xml");
  }

  Path usersFile() {
    return configDir().resolve("users.xml");
  }

  /**
   * The tenant readers (users, row policies, their profile), merged into {@link #usersFile()} by
   * ClickHouse from the {@code users.d} directory beside it; kept across restarts.
   */
  Path readersFile() {
    return configDir().resolve("users.d").resolve("obsera-tenant-readers.xml");
  }

  /** ClickHouse's {@code tmp_path}, which it clears at start. */
  Path tmpDir() {
    return dataDir.resolve("tmp").resolve("clickhouse");
  }

  /** {@code java.io.tmpdir} of the server process (JNA unpacks its native library there). */
  Path jvmTmpDir() {
    return dataDir.resolve("tmp").resolve("jvm");
  }

  /** The {@code backups} disk: where {@code BACKUP ... TO Disk('backups', ...)} writes. */
  Path backupsDir() {
    return ClickHouseBackupDisk.dir(dataDir);
  }

  Path userFilesDir() {
    return dataDir.resolve("user_files");
  }

  Path logDir() {
    return dataDir.resolve("logs");
  }

  /** Held by the parent process while its server runs, so a second one leaves the config alone. */
  Path ownerLock() {
    return configDir().resolve("owner.lock");
  }

  /** Standard output and error of the server process. */
  Path processLog() {
    return logDir().resolve("server-process.log");
  }
}
