package io.obsera.embedded;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Main class of the embedded ClickHouse server process. Loads libchdb.so and runs clickhouse-local
 * with a query that starts the listeners and then sleeps forever, which turns the process into a
 * ClickHouse server. The process ends when its parent closes our standard input (or dies), or when
 * the keep-alive query is killed. It runs in a session of its own, so that signals meant for
 * Obsera's process group do not reach it (see {@link #leaveParentSession()}).
 *
 * <p>Arguments: {@code <libchdb.so> <db path> <config file> <query id>}.
 */
public final class ClickHouseServerMain {
  static final String KEEP_ALIVE_QUERY =
      "SYSTEM START LISTEN QUERIES ALL; "
          + "SELECT max(sleep(0.5)) FROM system.numbers SETTINGS max_block_size=1";
  private static final long NATIVE_STACK_BYTES = 16L * 1024 * 1024;

  private ClickHouseServerMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      System.err.println(
          "usage: ClickHouseServerMain <libchdb.so> <db path> <config file> <query id>");
      System.exit(2);
    }
    Path library = Path.of(args[0]);
    String dbPath = args[1];
    String configFile = args[2];
    String queryId = args[3];
    if (!Files.isRegularFile(library)) {
      System.err.println("libchdb.so not found at " + library);
      System.exit(2);
    }
    watchParent(System.in);
    leaveParentSession();
    log("loading " + library);
    ChdbNative chdb = Native.load(library.toString(), ChdbNative.class);
    chdb.chdb_set_signal_handlers_enabled(0);
    String[] argv = {
      "clickhouse",
      "--path=" + dbPath,
      "--config-file=" + configFile,
      "--query_id=" + queryId,
      "--log-level=warning",
      "--multiquery",
      "--query",
      KEEP_ALIVE_QUERY
    };
    Thread server = new Thread(null, () -> serve(chdb, argv), "chdb-server", NATIVE_STACK_BYTES);
    server.start();
    server.join();
  }

  private static void serve(ChdbNative chdb, String[] argv) {
    log("starting server, query id " + argv[3].substring("--query_id=".length()));
    Pointer result = chdb.chdb_query_cmdline(argv.length, argv);
    String error = result == null ? "no result" : chdb.chdb_result_error(result);
    log("server query returned" + (error == null ? "" : ": " + error));
    System.out.flush();
    Runtime.getRuntime().halt(3);
  }

  /**
   * Starts a session (and process group) of its own. A terminal sends Ctrl-C's SIGINT to its whole
   * foreground process group, and {@code kill -- -PGID} or a shell's hangup signal a group too: in
   * Obsera's group this process died with the same signal, while Obsera's JVM had just begun its
   * stop, and the supervisor took that for a crash and started it again. Out of the group the
   * signal reaches only Obsera's JVM, which stops this process itself. The parent is still watched
   * through standard input, which no signal changes.
   */
  private static void leaveParentSession() {
    try {
      if (Native.load("c", LibC.class).setsid() < 0) {
        log("setsid failed (errno " + Native.getLastError() + "): staying in the parent's group");
      }
    } catch (UnsatisfiedLinkError e) {
      log("setsid is not available (" + e.getMessage() + "): staying in the parent's group");
    }
  }

  /** The one C library function this process calls besides libchdb's. */
  interface LibC extends Library {
    /** Starts a new session and process group led by this process; -1 on failure. */
    int setsid();
  }

  /** Halts this process as soon as standard input reaches end of file: the parent is gone. */
  private static void watchParent(InputStream in) {
    Thread watcher =
        new Thread(
            () -> {
              byte[] buffer = new byte[256];
              try {
                while (in.read(buffer) >= 0) {
                  // the parent never writes; anything it does write is ignored
                }
              } catch (IOException e) {
                // treated like end of file
              }
              log("standard input closed: parent is gone, stopping");
              System.out.flush();
              Runtime.getRuntime().halt(0);
            },
            "parent-watch");
    watcher.setDaemon(true);
    watcher.start();
  }

  private static void log(String message) {
    System.out.println(Instant.now() + " [obsera-clickhouse] " + message);
  }
}
