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
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real ClickHouse server in a child JVM that runs libchdb.so ({@link ClickHouseServerMain}). Data
 * under {@link Config#dataDir()} survives a stop and start. The child dies with this process: it
 * stops when its standard input, held open here, closes.
 *
 * <p>Supervised: when the child dies unasked (a crash, {@code kill -9}), it is started again on the
 * same ports and data: at once, then after a backoff that doubles from {@link #FIRST_BACKOFF} up to
 * {@link #MAX_BACKOFF}; while it is down {@link #down()} says why. After {@link
 * #MAX_RESTART_ATTEMPTS} failed attempts in a row the {@code onGiveUp} listener (see {@link
 * #superviseWith}) is told.
 */
public final class EmbeddedClickHouse implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedClickHouse.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration POLL_INTERVAL = Duration.ofMillis(50);
  private static final Pattern USER_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  static final Duration FIRST_BACKOFF = Duration.ofMillis(250);
  static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  static final int MAX_RESTART_ATTEMPTS = 10;

  /** At most one restart for new tenant readers per this interval (see {@link #applyReaders}). */
  public static final Duration READERS_RESTART_INTERVAL = Duration.ofSeconds(5);

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
  private final ScheduledExecutorService supervisor =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "clickhouse-supervisor");
            t.setDaemon(true);
            return t;
          });
  private volatile boolean closing;
  private volatile Process stopping;
  private volatile String down;
  private volatile int crashRestarts;
  private volatile int readersRestarts;
  private volatile long lastStart = System.nanoTime();
  private volatile Consumer<String> onGiveUp = reason -> {};
  private volatile Availability availability = Availability.NONE;

  /**
   * Who hears when the server goes away and comes back, to hold its clients meanwhile (standalone
   * holds API requests: no request fails because of a restart).
   */
  public interface Availability {
    Availability NONE =
        new Availability() {
          @Override
          public void away(String why, boolean planned) {}

          @Override
          public void back() {}
        };

    /**
     * The server is about to stop ({@code planned}: a restart for new tenant readers, which waits
     * for this call to return, so clients in flight can finish first) or has died.
     */
    void away(String why, boolean planned);

    /** The server serves again (or will not come back: clients should fail rather than wait). */
    void back();
  }

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
    int http = FreePorts.claim("ClickHouse HTTP", config.bindHost(), config.httpPort(), Set.of());
    int tcp =
        FreePorts.claim("ClickHouse native TCP", config.bindHost(), config.tcpPort(), Set.of(http));
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
    server.watch(process);
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
   * Makes the tenant readers exactly {@code readers}: rewrites their users file and, when it
   * changed, restarts the server (about a second; clients see refused connections meanwhile). The
   * server (clickhouse-local inside libchdb) reads its users files once at start: it does not watch
   * them, {@code SYSTEM RELOAD USERS} keeps what it read, {@code SYSTEM RELOAD CONFIG} is not
   * supported and there is no writable access storage for {@code CREATE USER}. So restarts are
   * bounded instead: at most one per {@link #READERS_RESTART_INTERVAL}; a change that comes sooner
   * waits for the next slot and every change written meanwhile goes in with that one restart. The
   * file is kept, so the next start has the same users without a restart.
   *
   * @return whether the server was restarted
   */
  public boolean applyReaders(String database, ReaderLimits limits, List<TenantReader> readers) {
    if (!USER_NAME.matcher(database).matches()) {
      throw new IllegalArgumentException("database must be a plain identifier: " + database);
    }
    if (lock == null) {
      throw new EmbeddedServerException("another server owns " + layout.dataDir());
    }
    String content = TenantReadersFile.content(database, limits, readers);
    synchronized (this) {
      if (!TenantReadersFile.write(layout.readersFile(), content)) {
        return false;
      }
    }
    long wait = lastStart + READERS_RESTART_INTERVAL.toNanos() - System.nanoTime();
    if (wait > 0) {
      try {
        TimeUnit.NANOSECONDS.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new EmbeddedServerException("interrupted while waiting to restart ClickHouse", e);
      }
    }
    availability.away("ClickHouse restarts to load new tenant readers", true);
    try {
      synchronized (this) {
        restart();
      }
    } finally {
      availability.back();
    }
    return true;
  }

  /**
   * Writes the tenant readers file of a server that is not running yet, unless one is there (that
   * one, from the last run, is what the running system last applied): the first start then has the
   * readers it needs without a restart.
   */
  public static void seedReaders(
      Path dataDir, String database, ReaderLimits limits, List<TenantReader> readers) {
    Path file = new ClickHouseLayout(dataDir).readersFile();
    if (!Files.isRegularFile(file)) {
      TenantReadersFile.write(file, TenantReadersFile.content(database, limits, readers));
    }
  }

  /** How many times the server was restarted for new tenant readers. */
  public int readersRestarts() {
    return readersRestarts;
  }

  private void restart() {
    long started = System.nanoTime();
    stopProcess();
    try {
      watch(spawn());
    } catch (IOException e) {
      throw new EmbeddedServerException("cannot restart embedded ClickHouse: " + e, e);
    }
    awaitReady();
    down = null;
    readersRestarts++;
    log.info(
        "embedded ClickHouse restarted with new tenant readers in {} ms",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
  }

  /** Starts a new server process (with a new keep-alive query) in place of the one before. */
  private Process spawn() throws IOException {
    String newQueryId = "obsera-keep-alive-" + UUID.randomUUID();
    Process next = ClickHouseProcessLauncher.spawn(config, layout, newQueryId);
    lastStart = System.nanoTime();
    queryId = newQueryId;
    process = next;
    parentLifeline = next.getOutputStream();
    return next;
  }

  /**
   * Who hears when the server stays down after {@link #MAX_RESTART_ATTEMPTS} restarts in a row (a
   * process supervisor outside should then restart everything); the reason names the server.
   */
  public EmbeddedClickHouse superviseWith(Consumer<String> onGiveUp) {
    this.onGiveUp = onGiveUp;
    return this;
  }

  /** Tells {@code availability} whenever the server goes away and comes back. */
  public EmbeddedClickHouse reportAvailabilityTo(Availability availability) {
    this.availability = availability;
    return this;
  }

  /** Why the server does not serve now (died, being restarted), or empty while it runs. */
  public Optional<String> down() {
    return Optional.ofNullable(down);
  }

  /** How often the server was started again after dying unasked. */
  public int crashRestarts() {
    return crashRestarts;
  }

  /** The process id of the server process now (it changes with every restart). */
  public long pid() {
    return process.pid();
  }

  private void watch(Process p) {
    p.onExit().thenRun(() -> exited(p));
  }

  /**
   * A process that ends while it is still the server, and not by our hand, was a crash; unless this
   * JVM is stopping: a service manager that signals every process of the service at once (systemd's
   * default {@code KillMode=control-group}) stops the server before our own stop reaches it.
   */
  private void exited(Process p) {
    if (closing || p == stopping || p != process) {
      return;
    }
    if (jvmStopping()) {
      log.info(
          "embedded ClickHouse (pid {}) exited with code {} while this process stops",
          p.pid(),
          p.exitValue());
      return;
    }
    down = "process " + p.pid() + " exited with code " + p.exitValue() + ", restarting";
    log.warn(
        "embedded ClickHouse (pid {}) exited with code {}; restarting it", p.pid(), p.exitValue());
    availability.away("embedded ClickHouse died and is being restarted", false);
    scheduleRestart(1, System.nanoTime());
  }

  /** Whether this JVM runs its shutdown hooks: none can be added once they have begun. */
  static boolean jvmStopping() {
    Thread probe = new Thread(() -> {}, "shutdown-probe");
    try {
      Runtime.getRuntime().addShutdownHook(probe);
      Runtime.getRuntime().removeShutdownHook(probe);
      return false;
    } catch (IllegalStateException e) {
      return true;
    }
  }

  private void scheduleRestart(int attempt, long diedAt) {
    long delay =
        attempt == 1
            ? 0
            : Math.min(
                FIRST_BACKOFF.toMillis() << Math.min(attempt - 2, 16), MAX_BACKOFF.toMillis());
    supervisor.schedule(() -> restartAfterCrash(attempt, diedAt), delay, TimeUnit.MILLISECONDS);
  }

  private synchronized void restartAfterCrash(int attempt, long diedAt) {
    if (closing) {
      return;
    }
    if (process.isAlive()) {
      down = null; // started again meanwhile (new tenant readers)
      availability.back();
      return;
    }
    try {
      Process next = spawn();
      awaitReady();
      crashRestarts++;
      down = null;
      watch(next);
      availability.back();
      log.info(
          "embedded ClickHouse serves again (pid {}), {} ms after it died, attempt {}",
          next.pid(),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - diedAt),
          attempt);
    } catch (IOException | RuntimeException e) {
      process.destroyForcibly();
      if (attempt >= MAX_RESTART_ATTEMPTS) {
        down = "not restarted after " + attempt + " attempts: " + e.getMessage();
        log.error("embedded ClickHouse {}", down);
        availability.back();
        onGiveUp.accept("embedded ClickHouse " + down);
        return;
      }
      down = "restart attempt " + attempt + " failed, retrying: " + firstLine(e.getMessage());
      log.warn("embedded ClickHouse {}", down);
      scheduleRestart(attempt + 1, diedAt);
    }
  }

  private static String firstLine(String message) {
    String m = String.valueOf(message);
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  /** Kills the keep-alive query (a clean stop), waits up to 10 s, then kills the process. */
  @Override
  public void close() {
    closing = true;
    supervisor.shutdownNow();
    try {
      stopProcess();
    } finally {
      closeQuietly(lock);
    }
  }

  private synchronized void stopProcess() {
    Process process = this.process;
    stopping = process;
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
