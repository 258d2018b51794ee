package io.obsera.standalone;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * {@code ./obsera backup DIR} and {@code ./obsera restore DIR} (arguments of {@link Main}): runs
 * {@link RuntimeBackup} or {@link RuntimeRestore} and turns the outcome into an exit code and one
 * line naming what is wrong ({@link BackupException.Reason}).
 */
public final class BackupCommand {
  static final String USAGE =
      "usage: obsera backup DIR | obsera restore DIR (the runtime of OBSERA_DATA_DIR stopped)";

  private BackupCommand() {}

  /** Whether {@code args} name one of these commands. */
  static boolean handles(String[] args) {
    return args.length > 0 && (args[0].equals("backup") || args[0].equals("restore"));
  }

  /** Runs the command of {@code args}; returns the process exit code. */
  public static int run(
      List<String> args, StandaloneConfig config, PrintStream out, PrintStream err) {
    if (args.size() != 2 || args.get(1).isBlank()) {
      err.println("obsera: " + USAGE);
      return BackupException.Reason.USAGE.exitCode;
    }
    String command = args.get(0);
    Path dir = Path.of(args.get(1)).toAbsolutePath().normalize();
    long t0 = System.nanoTime();
    try {
      BackupManifest m =
          command.equals("backup")
              ? new RuntimeBackup(config, out, Clock.systemUTC()).run(dir)
              : new RuntimeRestore(config, out, Clock.systemUTC()).run(dir);
      double seconds = (System.nanoTime() - t0) / 1e9;
      if (command.equals("backup")) {
        out.printf(
            "Backed up %s to %s, schema version %d (%.1f s)%n",
            config.dataDir(), dir, m.schemaVersion(), seconds);
      } else {
        out.printf(
            "Restored the backup of %s from %s into %s, schema version %d (%.1f s); start it with"
                + " ./obsera up%n",
            m.createdAt(), dir, config.dataDir(), m.schemaVersion(), seconds);
      }
      return 0;
    } catch (BackupException e) {
      err.println("obsera " + command + ": " + e.getMessage());
      return e.reason().exitCode;
    } catch (Exception e) {
      err.println(
          "obsera "
              + command
              + " failed: "
              + Standalone.causes(e)
              + (command.equals("restore")
                  ? " (remove " + config.dataDir() + " before trying again)"
                  : " (" + dir + " is incomplete: it has no manifest.json)"));
      return BackupException.Reason.FAILED.exitCode;
    }
  }
}
