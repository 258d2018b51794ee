package io.obsera.embedded;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.metrics.KafkaYammerMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka (KRaft, combined broker and controller) in this JVM. Storage is
 * formatted on first start; topics and records under {@link Config#dataDir()} survive a stop and
 * start.
 */
public final class EmbeddedKafka implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  /**
   * How long an expiration reaper or a coordinator's event thread waits when nothing is due (Kafka:
   * 200 and 300 ms); a timeout that comes due or an event still wakes it at once.
   */
  static final Duration IDLE_WAIT = Duration.ofSeconds(5);

  /**
   * Where and how to run the broker; ports 0 pick free ports.
   *
   * @param superUserPassword null: PLAINTEXT without authentication (test brokers); else SASL with
   *     ACLs, this being the password of the broker's super user ({@link #superUserSettings})
   */
  public record Config(
      Path dataDir, String host, int port, int controllerPort, String superUserPassword) {
    /** A PLAINTEXT broker without authentication (tests). */
    public Config(Path dataDir, String host, int port, int controllerPort) {
      this(dataDir, host, port, controllerPort, null);
    }

    public Config {
      if (dataDir == null) {
        throw new IllegalArgumentException("dataDir is required");
      }
      if (host == null || host.isBlank()) {
        throw new IllegalArgumentException("host is required");
      }
      if (port < 0 || port > 65535 || controllerPort < 0 || controllerPort > 65535) {
        throw new IllegalArgumentException("ports out of range: " + port + ", " + controllerPort);
      }
    }
  }

  private final KafkaRaftServer server;
  private final String bootstrapServers;
  private final Map<String, String> superUserSettings;
  private volatile boolean closed;
  private HandlerPoolSizer handlerPools;
  private ExpirationReapers reapers;
  private CoordinatorEventQueues coordinatorQueues;
  private java.util.function.Consumer<String> onStopped;
  private boolean stoppedOnItsOwn;

  private EmbeddedKafka(
      KafkaRaftServer server, String bootstrapServers, Map<String, String> superUserSettings) {
    this.server = server;
    this.bootstrapServers = bootstrapServers;
    this.superUserSettings = superUserSettings;
  }

  /**
   * Formats the storage if needed, starts the broker and waits until it answers {@code
   * describeCluster}.
   */
  public static EmbeddedKafka start(Config config) {
    return start(config, HandlerPoolSizer.Settings.DEFAULT);
  }

  /** {@link #start(Config)} with the request handler pools sampled as {@code handlerPools} says. */
  static EmbeddedKafka start(Config config, HandlerPoolSizer.Settings handlerPools) {
    Path logDir = config.dataDir().toAbsolutePath().normalize().resolve("kafka-logs");
    int port = FreePorts.claim("Kafka", config.host(), config.port(), Set.of());
    int controllerPort =
        FreePorts.claim("Kafka controller", config.host(), config.controllerPort(), Set.of(port));
    KafkaConfig kafkaConfig =
        KafkaConfig.fromProps(
            config.superUserPassword() == null
                ? KafkaBrokerProperties.of(config.host(), port, controllerPort, logDir)
                : KafkaBrokerProperties.secured(
                    config.host(), port, controllerPort, logDir, config.superUserPassword()),
            false);
    formatIfNeeded(kafkaConfig, logDir);
    if (!MeterTickCoalescer.install(KafkaYammerMetrics.defaultRegistry())) {
      LOG.warn("the broker's meters tick on Yammer's own schedule (its registry has changed)");
    }
    KafkaRaftServer server = new KafkaRaftServer(kafkaConfig, Time.SYSTEM);
    String bootstrap = hostForUrl(config.host()) + ":" + port;
    Map<String, String> superUser =
        config.superUserPassword() == null
            ? Map.of()
            : Map.of(
                "security.protocol", "SASL_PLAINTEXT",
                "sasl.mechanism", "PLAIN",
                "sasl.jaas.config",
                    "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                        + KafkaBrokerProperties.SUPER_USER
                        + "\" password=\""
                        + config.superUserPassword()
                        + "\";");
    EmbeddedKafka kafka = new EmbeddedKafka(server, bootstrap, superUser);
    try {
      Set<Thread> before = Thread.getAllStackTraces().keySet();
      server.startup();
      kafka.awaitReady();
      kafka.handlerPools = HandlerPoolSizer.start(server, kafkaConfig.numIoThreads(), handlerPools);
      kafka.calmIdleThreads(before);
      kafka.watch();
    } catch (RuntimeException e) {
      kafka.close();
      throw e instanceof EmbeddedServerException
          ? e
          : new EmbeddedServerException(
              "embedded Kafka failed to start on " + bootstrap + ": " + e.getMessage(), e);
    }
    return kafka;
  }

  /**
   * Lets the expiration reapers and the coordinators' event threads among the threads the broker
   * started wait while nothing is due, rather than wake every 200 or 300 ms.
   */
  private void calmIdleThreads(Set<Thread> before) {
    Set<Thread> started = new java.util.HashSet<>(Thread.getAllStackTraces().keySet());
    started.removeAll(before);
    reapers = ExpirationReapers.calm(started, IDLE_WAIT);
    if (!reapers.missed().isEmpty() || reapers.calmed().isEmpty()) {
      LOG.warn(
          "the broker's expiration reapers wake every {} ms (found {}, could not change {})",
          ExpirationReapers.KAFKA_WAIT_MS,
          reapers.calmed(),
          reapers.missed());
    }
    coordinatorQueues = CoordinatorEventQueues.calm(started, IDLE_WAIT);
    if (!coordinatorQueues.missed().isEmpty() || coordinatorQueues.calmed().isEmpty()) {
      LOG.warn(
          "the broker's coordinator threads poll every 300 ms (found {}, could not change {})",
          coordinatorQueues.calmed(),
          coordinatorQueues.missed());
    }
  }

  private static void formatIfNeeded(KafkaConfig config, Path logDir) {
    if (Files.isRegularFile(logDir.resolve("meta.properties"))) {
      return;
    }
    try {
      // The formatter's chatter (bootstrap records) is not for users: keep it out of the console.
      new Formatter()
          .setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
          .setNodeId(KafkaBrokerProperties.NODE_ID)
          .setClusterId(Uuid.randomUuid().toString())
          .setControllerListenerName(KafkaBrokerProperties.CONTROLLER_LISTENER)
          .setMetadataLogDirectory(config.metadataLogDir())
          .addDirectory(logDir.toString())
          .run();
    } catch (Exception e) {
      throw new EmbeddedServerException(
          "cannot format Kafka storage in " + logDir + ": " + e.getMessage(), e);
    }
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    Exception last = null;
    Map<String, Object> settings = new java.util.HashMap<>(superUserSettings);
    settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
    settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
    try (Admin admin = Admin.create(settings)) {
      while (System.nanoTime() < deadline) {
        try {
          admin
              .describeCluster(new DescribeClusterOptions().timeoutMs(5000))
              .nodes()
              .get(10, TimeUnit.SECONDS);
          return;
        } catch (ExecutionException | TimeoutException e) {
          last = e;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new EmbeddedServerException("interrupted while starting Kafka", e);
        }
      }
    }
    throw new EmbeddedServerException(
        "embedded Kafka on "
            + bootstrapServers
            + " did not answer describeCluster within "
            + START_TIMEOUT.toSeconds()
            + " s: "
            + last,
        last);
  }

  private static String hostForUrl(String host) {
    return host.contains(":") ? "[" + host + "]" : host;
  }

  /** {@code host:port} of the client listener. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /**
   * Kafka client settings of the broker's super user (PLAIN): for provisioning topics, SCRAM users
   * and ACLs, and for operators' tools; empty for a broker without authentication.
   */
  public Map<String, String> superUserSettings() {
    return superUserSettings;
  }

  /**
   * Tells {@code onStopped} (with a reason naming the broker) when the broker stops without {@link
   * #close()}: it runs inside this JVM, so a process that goes on without it is only half alive.
   */
  public EmbeddedKafka superviseWith(java.util.function.Consumer<String> onStopped) {
    boolean alreadyStopped;
    synchronized (this) {
      this.onStopped = onStopped;
      alreadyStopped = stoppedOnItsOwn;
    }
    if (alreadyStopped) {
      onStopped.accept(stoppedReason());
    }
    return this;
  }

  /** The expiration reapers that wait while nothing is due ({@link ExpirationReapers}). */
  ExpirationReapers reapers() {
    return reapers;
  }

  /** The coordinators whose event threads wait for events ({@link CoordinatorEventQueues}). */
  CoordinatorEventQueues coordinatorQueues() {
    return coordinatorQueues;
  }

  /** The current size of the request handler pools ("broker", "controller"); empty if fixed. */
  Map<String, Integer> handlerPoolSizes() {
    return handlerPools == null ? Map.of() : handlerPools.sizes();
  }

  /**
   * Waits in a daemon thread for the broker to stop: the handler pools' sizing stops with it (a
   * stopped pool's idle meter no longer moves, which would read as busy), and when it stopped
   * without {@link #close()} the supervisor is told.
   */
  private void watch() {
    Thread watcher =
        new Thread(
            () -> {
              server.awaitShutdown();
              if (handlerPools != null) {
                handlerPools.close();
              }
              java.util.function.Consumer<String> supervisor;
              synchronized (this) {
                if (closed) {
                  return;
                }
                stoppedOnItsOwn = true;
                supervisor = onStopped;
              }
              if (supervisor != null) {
                supervisor.accept(stoppedReason());
              }
            },
            "kafka-broker-watch");
    watcher.setDaemon(true);
    watcher.start();
  }

  private String stoppedReason() {
    return "the embedded Kafka broker on " + bootstrapServers + " stopped";
  }

  /** Shuts the broker down and waits until it has stopped. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (handlerPools != null) {
      handlerPools.close();
    }
    if (reapers != null) {
      reapers.close();
    }
    server.shutdown();
    server.awaitShutdown();
  }
}
