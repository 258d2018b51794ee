package io.obsera.embedded;

import io.obsera.model.access.ReaderLimits;
import io.obsera.model.access.TenantReader;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real ClickHouse server in a child JVM that runs libchdb.so ({@link ClickHouseServerMain}). Data
 * under {@link Config#dataDir()} survives a stop and start. The child dies with this process: it
 * stops when its standard input, held open here, closes.
 */
public final class EmbeddedClickHouse implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedClickHouse.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration POLL_INTERVAL = Duration.ofMillis(50);
  private static final Pattern USER_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /**
   * How to run the server. Ports 0 pick free ports. The users' passwords are stored as SHA-256 in
   * the generated users file. {@code analystUser} (optional, null for none) is a global read-only
   * user that sees every tenant's rows; per-tenant readers come from {@link #applyReaders}.
   */
  public record Config(
      Path dataDir,
      Path libchdb,
      String bindHost,
      int httpPort,
      int tcpPort,
      String adminUser,
      String adminPassword,
      String analystUser,
      String analystPassword,
      long maxServerMemoryBytes) {

    public Config {
      require(dataDir != null, "dataDir is required");
      require(libchdb != null, "libchdb is required");
      require(bindHost != null && !bindHost.isBlank(), "bindHost is required");
      require(httpPort >= 0 && httpPort <= 65535, "httpPort out of range: " + httpPort);
      require(tcpPort >= 0 && tcpPort <= 65535, "tcpPort out of range: " + tcpPort);
      requireUser(adminUser, "adminUser");
      require(adminPassword != null && !adminPassword.isEmpty(), "adminPassword is required");
      if (analystUser != null) {
        requireUser(analystUser, "analystUser");
        require(!adminUser.equals(analystUser), "adminUser and analystUser must differ");
        require(
            analystPassword != null && !analystPassword.isEmpty(), "analystPassword is required");
      } else {
        require(analystPassword == null, "analystPassword without analystUser");
      }
      require(maxServerMemoryBytes >= 0, "maxServerMemoryBytes must be >= 0 (0 = no limit)");
    }

    private static void requireUser(String user, String what) {
      require(
          user != null && USER_NAME.matcher(user).matches() && !user.equals("default"),
          what + " must be a name like [A-Za-z_][A-Za-z0-9_]* other than 'default': " + user);
    }

    private static void require(boolean ok, String message) {
      if (!ok) {
        throw new IllegalArgumentException(message);
      }
    }
  }

  private final Config config;
  private final ClickHouseLayout layout;
  private final DataDirLock lock;
  private volatile Process process;
  private volatile OutputStream parentLifeline;
  private volatile String queryId;
  private final int httpPort;
  private final int tcpPort;
  private final ClickHouseHttp admin;

  private EmbeddedClickHouse(
      Config config,
      ClickHouseLayout layout,
      Process process,
      DataDirLock lock,
      String queryId,
      int httpPort,
      int tcpPort) {
    this.config = config;
    this.layout = layout;
    this.process = process;
    this.lock = lock;
    this.parentLifeline = process.getOutputStream();
    this.queryId = queryId;
    this.httpPort = httpPort;
    this.tcpPort = tcpPort;
    this.admin = new ClickHouseHttp(httpUrl(), config.adminUser(), config.adminPassword());
  }

  /**
   * Writes the config files, starts the server process and waits until it serves queries.
   *
   * @throws EmbeddedServerException with the server's log tail if it does not come up in 60 s
   */
  public static EmbeddedClickHouse start(Config config, Consumer<String> progress) {
    ClickHouseLayout layout = new ClickHouseLayout(config.dataDir());
    int http = FreePorts.resolve(config.bindHost(), config.httpPort());
    int tcp = FreePorts.resolve(config.bindHost(), config.tcpPort());
    FreePorts.requireFree("ClickHouse HTTP", config.bindHost(), http);
    FreePorts.requireFree("ClickHouse native TCP", config.bindHost(), tcp);
    String queryId = "obsera-keep-alive-" + UUID.randomUUID();
    long started = System.nanoTime();
    DataDirLock lock = null;
    Process process;
    try {
      lock = DataDirLock.tryAcquire(layout.ownerLock());
      if (lock != null) {
        ClickHouseConfigFiles.write(config, layout, http, tcp);
      }
      // Without the lock another server owns this directory: its config stays as it is and
      // ClickHouse itself reports the conflict ("Cannot lock file .../status").
      process = ClickHouseProcessLauncher.spawn(config, layout, queryId);
    } catch (IOException e) {
      closeQuietly(lock);
      throw new EmbeddedServerException(
          "cannot start embedded ClickHouse in " + layout.dataDir() + ": " + e.getMessage(), e);
    }
    EmbeddedClickHouse server =
        new EmbeddedClickHouse(config, layout, process, lock, queryId, http, tcp);
    try {
      server.awaitReady();
    } catch (RuntimeException e) {
      server.process.destroyForcibly();
      closeQuietly(lock);
      throw e;
    }
    progress.accept(
        "ClickHouse ready at "
            + server.httpUrl()
            + " (native port "
            + tcp
            + ") in "
            + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)
            + " ms, data in "
            + layout.dbPath());
    return server;
  }

  private static void closeQuietly(DataDirLock lock) {
    if (lock != null) {
      lock.close();
    }
  }

  private void awaitReady() {
    String readyQuery =
        "SELECT count() FROM system.processes WHERE query_id='" + queryId + "' FORMAT TSV";
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    String lastError = "no answer yet";
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new EmbeddedServerException(
            "embedded ClickHouse exited with code "
                + process.exitValue()
                + " during start-up ("
                + (lock == null
                    ? "another server owns data directory " + layout.dataDir()
                    : "HTTP port " + httpPort + ", native port " + tcpPort)
                + "). Log tail:\n"
                + logTail());
      }
      try {
        if (admin.query(readyQuery).strip().equals("1")) {
          return;
        }
        lastError = "keep-alive query " + queryId + " not running yet";
      } catch (ConnectException | SocketTimeoutException e) {
        lastError = "no connection";
      } catch (IOException e) {
        lastError = e.getMessage();
      }
      pause();
    }
    throw new EmbeddedServerException(
        "embedded ClickHouse not ready on "
            + httpUrl()
            + " within "
            + START_TIMEOUT.toSeconds()
            + " s ("
            + lastError
            + "; another server may hold port "
            + httpPort
            + "). Log tail:\n"
            + logTail());
  }

  private String logTail() {
    String tail = LogTail.of(layout.processLog(), 25);
    Path errorLog = layout.logDir().resolve("clickhouse.err.log");
    if (Files.isRegularFile(errorLog) && !LogTail.of(errorLog, 1).isBlank()) {
      tail += "\n--- " + errorLog + ":\n" + LogTail.of(errorLog, 10);
    }
    return tail;
  }

  private static void pause() {
    try {
      TimeUnit.NANOSECONDS.sleep(POLL_INTERVAL.toNanos());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EmbeddedServerException("interrupted while starting ClickHouse", e);
    }
  }

  public String httpUrl() {
    return "http://" + urlHost() + ":" + httpPort;
  }

  private String urlHost() {
    String host = config.bindHost();
    if (host.equals("0.0.0.0")) {
      return "127.0.0.1";
    }
    if (host.equals("::")) {
      return "[::1]";
    }
    return host.contains(":") ? "[" + host + "]" : host;
  }

  public int httpPort() {
    return httpPort;
  }

  public int tcpPort() {
    return tcpPort;
  }

  public String adminUser() {
    return config.adminUser();
  }

  public String adminPassword() {
    return config.adminPassword();
  }

  public String analystUser() {
    return config.analystUser();
  }

  public String analystPassword() {
    return config.analystPassword();
  }

  /**
   * Makes the tenant readers exactly {@code readers}: rewrites their users file and restarts the
   * server (about a second; clients see refused connections meanwhile) when it changed. The file is
   * kept, so the next start has the same users without a restart.
   *
   * @return whether the server was restarted
   */
  public synchronized boolean applyReaders(
      String database, ReaderLimits limits, List<TenantReader> readers) {
    if (!USER_NAME.matcher(database).matches()) {
      throw new IllegalArgumentException("database must be a plain identifier: " + database);
    }
    if (lock == null) {
      throw new EmbeddedServerException("another server owns " + layout.dataDir());
    }
    String content = TenantReadersFile.content(database, limits, readers);
    Path file = layout.readersFile();
    try {
      if (Files.isRegularFile(file) && Files.readString(file).equals(content)) {
        return false;
      }
      PrivateFiles.directory(file.getParent());
      ClickHouseConfigFiles.writeAtomically(file, content);
    } catch (IOException e) {
      throw new EmbeddedServerException("cannot write " + file + ": " + e.getMessage(), e);
    }
    restart();
    return true;
  }

  private void restart() {
    long started = System.nanoTime();
    stopProcess();
    String newQueryId = "obsera-keep-alive-" + UUID.randomUUID();
    try {
      Process next = ClickHouseProcessLauncher.spawn(config, layout, newQueryId);
      queryId = newQueryId;
      process = next;
      parentLifeline = next.getOutputStream();
    } catch (IOException e) {
      throw new EmbeddedServerException("cannot restart embedded ClickHouse: " + e, e);
    }
    awaitReady();
    log.info(
        "embedded ClickHouse restarted with new tenant readers in {} ms",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
  }

  /** Kills the keep-alive query (a clean stop), waits up to 10 s, then kills the process. */
  @Override
  public void close() {
    try {
      stopProcess();
    } finally {
      closeQuietly(lock);
    }
  }

  private synchronized void stopProcess() {
    Process process = this.process;
    if (!process.isAlive()) {
      return;
    }
    try {
      admin.query("KILL QUERY WHERE query_id='" + queryId + "' SYNC");
    } catch (IOException e) {
      // the process is stopped below either way
    }
    try {
      if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly().waitFor();
        }
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    } finally {
      try {
        parentLifeline.close();
      } catch (IOException e) {
        // the child is gone
      }
    }
  }
}
