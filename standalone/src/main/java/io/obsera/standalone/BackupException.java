package io.obsera.standalone;

/**
 * Why {@code ./obsera backup} or {@code ./obsera restore} stopped, with the process exit code that
 * says so (documented in docs/operations.md) and a message naming what is wrong.
 */
final class BackupException extends RuntimeException {
  /** The documented exit codes. */
  enum Reason {
    /** The work itself failed (a server did not start, a disk filled up). */
    FAILED(1),
    /** Wrong arguments, or a layout this command does not back up. */
    USAGE(2),
    /** The runtime holds the data directory: stop it first. */
    RUNNING(3),
    /** The target (the backup directory, or the data directory to restore into) is not empty. */
    NOT_EMPTY(4),
    /** The backup is missing, incomplete or its files do not match the manifest's checksums. */
    BAD_BACKUP(5),
    /** The backup is of a format or schema newer than this build reads. */
    VERSION(6);

    final int exitCode;

    Reason(int exitCode) {
      this.exitCode = exitCode;
    }
  }

  private final Reason reason;

  BackupException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  BackupException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  Reason reason() {
    return reason;
  }
}
