package io.obsera.embedded;

import java.nio.file.Path;

/**
 * The embedded ClickHouse's {@code backups} disk, the one place its {@code BACKUP} and {@code
 * RESTORE} may write and read ({@code backups.allowed_disk} in its generated config): {@code BACKUP
 * DATABASE obsera TO Disk('backups', 'name')} writes {@code <dataDir>/backups/name/}.
 */
public final class ClickHouseBackupDisk {
  /** The disk's name in {@code Disk('backups', ...)}. */
  public static final String NAME = "backups";

  private ClickHouseBackupDisk() {}

  /**
   * The disk's folder for the embedded server whose data directory is {@code clickHouseDataDir}.
   */
  public static Path dir(Path clickHouseDataDir) {
    return clickHouseDataDir.toAbsolutePath().normalize().resolve("backups");
  }
}
