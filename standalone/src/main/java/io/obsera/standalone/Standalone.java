package io.obsera.standalone;

import io.obsera.alert.worker.AlertWorker;
import io.obsera.embedded.ChdbLibrary;
import io.obsera.embedded.EmbeddedClickHouse;
import io.obsera.embedded.EmbeddedKafka;
import io.obsera.embedded.EmbeddedTenantReaders;
import io.obsera.embedded.PrivateFiles;
import io.obsera.ingest.IngestService;
import io.obsera.model.ClickHouseSettings;
import io.obsera.model.Topics;
import io.obsera.model.access.TenantReader;
import io.obsera.model.access.TenantReaderProvisioner;
import io.obsera.model.control.ApiKeyRecord;
import io.obsera.model.control.ApiKeyToken;
import io.obsera.model.control.Scope;
import io.obsera.platform.control.ControlSignature;
import io.obsera.platform.control.ControlTrust;
import io.obsera.platform.kafka.TopicProvisioner;
import io.obsera.query.QueryConfig;
import io.obsera.query.QueryServer;
import io.obsera.query.admin.TenantAdmin;
import io.obsera.query.api.RequestGate;
import io.obsera.streams.StreamsService;
import io.obsera.writer.WriterService;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Consumer;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one-command runtime: embedded (or external) ClickHouse and Kafka, migrations, control plane,
 * then every service in this JVM. Prints one line per stage. {@link #close()} stops everything in
 * reverse order.
 */
public final class Standalone implements AutoCloseable {
  static final String DEFAULT_TENANT = "default";
  static final String CLICKHOUSE_ADMIN = "admin";
  static final String CLICKHOUSE_ANALYST = "analyst";
  static final String DATABASE = "obsera";

  /** How long an API request waits for the embedded ClickHouse to come back before a 503. */
  static final Duration REQUEST_HOLD = Duration.ofSeconds(30);

  /** How long a restart for new tenant readers lets the API requests in flight finish first. */
  static final Duration REQUEST_DRAIN = Duration.ofSeconds(10);

  private static final Logger log = LoggerFactory.getLogger(Standalone.class);

  private final StandaloneConfig config;
  private final PrintStream out;
  // pushed from the main thread and from the thread that starts ClickHouse beside the broker
  private final Deque<AutoCloseable> started = new ConcurrentLinkedDeque<>();
  private final Secrets secrets;
  private EmbeddedClickHouse embeddedClickHouse;
  private ClickHouseSettings clickHouse;
  private String clickHousePlayUrl;
  private String analystPassword;
  private String kafkaBootstrap;
  private String adminToken;
  private String secretKey;
  private String apiKey;
  private String probeKey;
  private StandaloneProbes probes;
  private IngestService ingest;
  private QueryServer query;
  private StreamsService streams;
  private WriterService writer;
  private ControlTrust controlTrust;
  private Map<String, String> kafkaSuperUser = Map.of();
  private KafkaPrincipals kafkaPrincipals;
  private AlertWorker alerts;
  private int stage;
  private final Clock clock;
  private final Consumer<String> onFatal;
  private volatile boolean defaultTenantReady;

  private Standalone(
      StandaloneConfig config, PrintStream out, Clock clock, Consumer<String> onFatal) {
    this.config = config;
    this.out = out;
    this.clock = clock;
    this.onFatal = onFatal;
    this.secrets = new Secrets(config.dataDir());
  }

  /** Starts everything; on failure stops what started and throws {@link StageFailedException}. */
  public static Standalone start(StandaloneConfig config, PrintStream out) {
    return start(config, out, Clock.systemUTC());
  }

  /**
   * Starts everything with {@code clock} as the "now" of SLO counting, burn rates, alert evaluation
   * and routing, and the alerting control plane (tests move it to live through hours in seconds).
   */
  public static Standalone start(StandaloneConfig config, PrintStream out, Clock clock) {
    return start(
        config,
        out,
        clock,
        reason -> out.println("obsera: " + reason + " (the caller decides whether to stop)"));
  }

  /**
   * Starts everything; {@code onFatal} hears (with a reason naming the part) when a part this
   * process cannot heal itself fails: the embedded Kafka broker stops, or the embedded ClickHouse
   * stays down after its restarts. {@link Main} exits non-zero then, for a process supervisor.
   */
  public static Standalone start(
      StandaloneConfig config, PrintStream out, Clock clock, Consumer<String> onFatal) {
    Standalone s = new Standalone(config, out, clock, onFatal);
    try {
      s.run();
      return s;
    } catch (RuntimeException | Error e) {
      s.close();
      throw e;
    } catch (Exception e) {
      s.close();
      throw new StageFailedException(s.stage, e.getMessage(), e);
    }
  }

  /** What the data directory holds in folders (each private, like the directory itself). */
  static final List<String> DATA_FOLDERS =
      List.of("kafka", "clickhouse", "streams", "alert-worker", "tmp");

  private void run() throws Exception {
    privateDataDir(config.dataDir());
    adminToken = secrets.get(Secrets.ADMIN_TOKEN_FILE, config.adminToken(), 32).value();
    secretKey = secrets.secretKey(config.secretKey()).value();
    controlTrust = controlTrust();
    CompletableFuture<Void> clickHouseStarted = CompletableFuture.runAsync(this::startClickHouse);
    stage(2, "Kafka", this::startKafka);
    join(clickHouseStarted);
    stage(
        3,
        "Kafka topics",
        () -> {
          List<String> created =
              TopicProvisioner.ensure(
                  kafkaBootstrap, adminKafkaSettings(), Topics.all(config.kafkaPartitions()));
          return created.isEmpty() ? "all present" : "created " + created.size();
        });
    writer =
        new WriterService(
            config
                .writer()
                .with(kafkaBootstrap, clickHouse)
                .with(kafkaSettings(KafkaPrincipals.Service.WRITER), verifyingTrust()));
    started.push(writer);
    streams =
        new StreamsService(
            config
                .streams()
                .with(kafkaBootstrap, config.dataDir().resolve("streams"))
                .with(kafkaSettings(KafkaPrincipals.Service.STREAMS), verifyingTrust()),
            clock);
    started.push(streams);
    stage(
        4,
        "ClickHouse migrations",
        () -> {
          int applied = writer.migrate();
          return applied == 0 ? "up to date" : applied + " applied";
        });
    stage(5, "query service and control plane", this::startQueryAndTenant);
    stage(6, "ingest bridge and streams", this::startIngestAndStreams);
    if (!config.probes().regions().isEmpty()) {
      out.println("      probe agents: " + startProbes() + " (" + StandaloneProbes.ENV + ")");
    }
  }

  /**
   * Creates the data directory and its folders 0700 (they hold secrets, endpoint headers and all
   * telemetry), and narrows what an older version left wider: those folders to 0700 and the files
   * directly inside (keys, passwords) to 0600.
   */
  static void privateDataDir(Path dataDir) throws java.io.IOException {
    PrivateFiles.directory(dataDir);
    for (String folder : DATA_FOLDERS) {
      PrivateFiles.directory(dataDir.resolve(folder));
    }
    try (java.util.stream.Stream<Path> files = Files.list(dataDir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        PrivateFiles.tighten(f);
      }
    }
  }

  private void startClickHouse() {
    stage(
        1,
        "ClickHouse",
        () -> {
          Secrets.Secret analyst = secrets.get("analyst-password", config.analystPassword(), 18);
          analystPassword = analyst.value();
          if (config.externalClickHouseUrl().isPresent()) {
            clickHouse =
                new ClickHouseSettings(
                    config.externalClickHouseUrl().get(),
                    config.externalClickHouseUser().orElseThrow(),
                    config.externalClickHousePassword().orElse(""),
                    DATABASE,
                    config.clickHouseMaxExecutionSeconds());
            clickHousePlayUrl = clickHouse.url() + "/play";
            return "external server " + clickHouse.url() + " (libchdb not fetched)";
          }
          Path lib =
              ChdbLibrary.ensure(config.cacheDir(), msg -> out.println("      libchdb: " + msg));
          String adminPassword =
              secrets.get("clickhouse-admin-password", Optional.empty(), 24).value();
          long t0 = System.nanoTime();
          // the default tenant's reader is in the users file before the server reads it (first
          // start; later ones find the file of the last run): no restart for it at start
          EmbeddedClickHouse.seedReaders(
              config.dataDir().resolve("clickhouse"),
              DATABASE,
              config.sqlLimits(),
              List.of(new TenantReader(DEFAULT_TENANT, CLICKHOUSE_ANALYST, analystPassword)));
          embeddedClickHouse =
              EmbeddedClickHouse.start(
                  new EmbeddedClickHouse.Config(
                      config.dataDir().resolve("clickhouse"),
                      lib,
                      config.bindHost(),
                      config.clickHouseHttpPort(),
                      config.clickHouseTcpPort(),
                      CLICKHOUSE_ADMIN,
                      adminPassword,
                      null,
                      null,
                      0L),
                  msg -> out.println("      clickhouse: " + msg));
          started.push(embeddedClickHouse);
          embeddedClickHouse.superviseWith(onFatal);
          clickHouse =
              new ClickHouseSettings(
                  embeddedClickHouse.httpUrl(),
                  CLICKHOUSE_ADMIN,
                  adminPassword,
                  DATABASE,
                  config.clickHouseMaxExecutionSeconds());
          clickHousePlayUrl = embeddedClickHouse.httpUrl() + "/play";
          return String.format(
              "embedded server on %s (native %d) in %.1f s",
              embeddedClickHouse.httpUrl(),
              embeddedClickHouse.tcpPort(),
              (System.nanoTime() - t0) / 1e9);
        });
  }

  private String startKafka() {
    if (config.externalKafkaBootstrap().isPresent()) {
      kafkaBootstrap = config.externalKafkaBootstrap().get();
      return "external cluster " + kafkaBootstrap;
    }
    EmbeddedKafka kafka =
        EmbeddedKafka.start(
            new EmbeddedKafka.Config(
                config.dataDir().resolve("kafka"),
                config.bindHost(),
                config.kafkaPort(),
                0,
                secrets.get("kafka-broker-password", Optional.empty(), 32).value()));
    started.push(kafka);
    kafka.superviseWith(onFatal);
    kafkaBootstrap = kafka.bootstrapServers();
    kafkaSuperUser = kafka.superUserSettings();
    kafkaPrincipals = KafkaPrincipals.of(secrets, kafkaSuperUser);
    kafkaPrincipals.provision(kafkaBootstrap);
    return "embedded KRaft broker on "
        + kafkaBootstrap
        + " (SASL/SCRAM, a user and ACLs per service)";
  }

  private String startQueryAndTenant() throws Exception {
    QueryConfig queryConfig =
        new QueryConfig(
                config.bindHost(),
                config.apiPort(),
                kafkaBootstrap,
                clickHouse,
                adminToken,
                config.streams().applicationId(),
                kafkaSettings(KafkaPrincipals.Service.QUERY),
                null,
                analystPassword,
                config.sqlLimits(),
                config.probes().guard(),
                secrets.secretBox(secretKey),
                config.resultCaps(),
                config.quotas(),
                controlTrust)
            .withPreviousAdminTokens(secrets.previousAdminTokens())
            .withTls(config.ingest().tls());
    // The embedded server cannot CREATE USER: its tenant readers live in its users file.
    query =
        new QueryServer(queryConfig, embeddedReaders(), clock, config.identity())
            .withSso(config.sso());
    started.push(query);
    addReadinessChecks();
    holdRequestsWhileClickHouseIsAway();
    query.start();
    TenantAdmin admin = query.tenantAdmin();
    admin.ensureTenant(DEFAULT_TENANT, "standalone");
    defaultTenantReady = true;
    // the default tenant's reader ('analyst') is there before the banner says ready; an external
    // server whose user may not CREATE USER only gets a warning (the sync keeps retrying)
    String readers = "";
    try {
      query.readerSync().sync();
    } catch (RuntimeException e) {
      readers = "; warning: tenant analyst users not created (" + e.getMessage() + ")";
    }
    Set<Scope> scopes = Set.of(Scope.INGEST, Scope.QUERY);
    String note;
    if (config.apiKey().isPresent()) {
      ApiKeyToken token = ApiKeyToken.fromOperator("OBSERA_API_KEY", config.apiKey().get());
      apiKey =
          admin.ensureKey(DEFAULT_TENANT, token, "OBSERA_API_KEY", scopes, "standalone").token();
      secrets.put("api-key", apiKey);
      note = "key from OBSERA_API_KEY";
    } else {
      Optional<String> live = liveStoredKey("api-key");
      if (live.isPresent()) {
        apiKey = live.get();
        note = "key in " + config.dataDir().resolve("api-key");
      } else {
        apiKey = admin.issueKey(DEFAULT_TENANT, "standalone default", scopes, "standalone").token();
        secrets.put("api-key", apiKey);
        note =
            "new key (shown once): "
                + apiKey
                + "  (also in "
                + config.dataDir().resolve("api-key")
                + ")";
      }
    }
    if (!config.probes().regions().isEmpty()) {
      // the key of the standalone probe agents, kept like the default key while it is bound to
      // exactly the configured regions; else (regions changed, or a key of a version before
      // region binding) it is revoked and a new one issued
      Set<String> regions = Set.copyOf(config.probes().regions());
      Optional<String> stored = liveStoredKey("probe-key");
      probeKey =
          stored
              .filter(t -> storedKey(t).map(k -> k.regions().equals(regions)).orElse(false))
              .orElseGet(
                  () -> {
                    stored.ifPresent(
                        t ->
                            admin.revokeKey(
                                DEFAULT_TENANT, ApiKeyToken.parse(t).keyId(), "standalone"));
                    return admin
                        .issueKey(
                            DEFAULT_TENANT,
                            "standalone probe agents",
                            Set.of(Scope.PROBE),
                            Set.of(),
                            regions,
                            "standalone")
                        .token();
                  });
      secrets.put("probe-key", probeKey);
    }
    return "API on "
        + scheme()
        + "://"
        + config.bindHost()
        + ":"
        + query.port()
        + "; tenant 'default', "
        + note
        + readers
        + firstAdmin();
  }

  /**
   * The embedded server's tenant readers. On a first start the reader sync runs before tenant
   * {@code default} exists: that list (without it) is not applied, since it would cost a restart
   * only to add the seeded reader back a moment later.
   */
  private TenantReaderProvisioner embeddedReaders() {
    if (embeddedClickHouse == null) {
      return null;
    }
    EmbeddedTenantReaders readers = new EmbeddedTenantReaders(embeddedClickHouse);
    return (database, limits, list) ->
        defaultTenantReady || list.stream().anyMatch(r -> r.tenantId().equals(DEFAULT_TENANT))
            ? readers.apply(database, limits, list)
            : new TenantReaderProvisioner.Applied(false, Map.of());
  }

  /**
   * While tenant {@code default} has no member: a new first-admin invite (for {@code
   * OBSERA_ADMIN_EMAIL}, else for whoever opens it), its link printed once.
   */
  private String firstAdmin() {
    return query
        .identity()
        .invites()
        .firstAdmin(DEFAULT_TENANT, config.adminEmail().orElse(null), "standalone")
        .map(
            issued -> {
              String base =
                  config.identity().publicUrl() != null
                      ? config.identity().publicUrl()
                      : scheme()
                          + "://"
                          + ("0.0.0.0".equals(config.bindHost()) ? "127.0.0.1" : config.bindHost())
                          + ":"
                          + query.port();
              return "; first admin: open "
                  + base
                  + "/invite/"
                  + issued.token()
                  + " (shown once, valid until "
                  + issued.invite().expiresAt()
                  + ")";
            })
        .orElse("");
  }

  /**
   * API requests wait (up to {@link #REQUEST_HOLD}) while the embedded ClickHouse restarts, for new
   * tenant readers or after it died, instead of failing; a readers restart first lets the requests
   * in flight finish (up to {@link #REQUEST_DRAIN}).
   */
  private void holdRequestsWhileClickHouseIsAway() {
    if (embeddedClickHouse == null) {
      return;
    }
    RequestGate gate = new RequestGate(REQUEST_HOLD);
    query.holdRequestsWith(gate);
    embeddedClickHouse.reportAvailabilityTo(
        new EmbeddedClickHouse.Availability() {
          @Override
          public void away(String why, boolean planned) {
            gate.close(why);
            if (planned) {
              try {
                int left = gate.drain(REQUEST_DRAIN);
                if (left > 0) {
                  log.warn("{} requests still running as ClickHouse restarts: {}", left, why);
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
          }

          @Override
          public void back() {
            gate.open();
          }
        });
  }

  /**
   * The stages this process runs besides the query service, in its {@code /ready}: the topology
   * running, the ClickHouse writer consuming, the alert worker running (started in stage 6, so not
   * ready before).
   */
  private void addReadinessChecks() {
    if (embeddedClickHouse != null) {
      query.readiness().add("clickhouseProcess", () -> embeddedClickHouse.down().orElse(null));
    }
    query
        .readiness()
        .add(
            "topology",
            () -> {
              KafkaStreams.State state = streams.streamsState();
              return state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING
                  ? null
                  : "Kafka Streams " + state;
            })
        .add(
            "writer",
            () ->
                writer.writer() != null && writer.writer().consuming(Duration.ofSeconds(30))
                    ? null
                    : "not consuming")
        .add(
            "alertWorker",
            () ->
                alerts == null
                    ? "not started"
                    : alerts.ready() ? null : "Kafka Streams " + alerts.streamsState());
  }

  /** The record of the default tenant's key {@code token}. */
  private Optional<ApiKeyRecord> storedKey(String token) {
    String keyId = ApiKeyToken.parse(token).keyId();
    return query.tenantAdmin().keys(DEFAULT_TENANT).stream()
        .filter(k -> k.keyId().equals(keyId))
        .findFirst();
  }

  /** The key stored in {@code <data>/<fileName>} when it is still a live key of the tenant. */
  private Optional<String> liveStoredKey(String fileName) {
    return secrets
        .read(fileName)
        .filter(
            t ->
                query.tenantAdmin().keys(DEFAULT_TENANT).stream()
                    .anyMatch(k -> !k.revoked() && k.keyId().equals(ApiKeyToken.parse(t).keyId())));
  }

  /** How the API and OTLP ports are reached: https with {@code OBSERA_TLS_*}, else http. */
  private String scheme() {
    return config.ingest().tls().isPresent() ? "https" : "http";
  }

  /** One agent per configured region, against this runtime's own API and ingest bridge. */
  private String startProbes() {
    probes =
        StandaloneProbes.start(
            config.probes(),
            probeKey,
            config.bindHost(),
            query.port(),
            ingest.otlpHttpPort(),
            config.ingest().tls().isPresent());
    started.push(probes);
    return String.join(", ", config.probes().regions());
  }

  private String startIngestAndStreams() throws Exception {
    ingest =
        new IngestService(
            config
                .ingest()
                .withKafka(kafkaBootstrap)
                .withKafkaOverrides(kafkaSettings(KafkaPrincipals.Service.INGEST))
                .withControlTrust(verifyingTrust())
                .withAdminToken(adminToken)
                .withPreviousAdminTokens(secrets.previousAdminTokens()));
    started.push(ingest);
    ingest.start();
    // the two Streams applications start side by side: each opens its local stores on the calling
    // thread (seconds on a warm start) and waits for its global stores
    CompletableFuture<Void> streamsStarted = CompletableFuture.runAsync(streams::start);
    writer.start();
    alerts =
        new AlertWorker(
            config
                .alerts()
                .with(
                    kafkaBootstrap,
                    config.dataDir().resolve("alert-worker"),
                    secrets.secretBox(secretKey))
                .with(kafkaSettings(KafkaPrincipals.Service.ALERTS), verifyingTrust())
                // self-monitoring watches this runtime's writer group and ClickHouse
                .withSelfMonitor(
                    config
                        .alerts()
                        .selfMonitor()
                        .withRuntime(config.writer().groupId(), clickHouse.url())),
            clock);
    started.push(alerts);
    try {
      alerts.start();
    } finally {
      join(streamsStarted);
    }
    return "OTLP/HTTP on "
        + config.bindHost()
        + ":"
        + ingest.otlpHttpPort()
        + ", OTLP/gRPC on "
        + config.bindHost()
        + ":"
        + ingest.otlpGrpcPort()
        + ", topology running (exactly_once_v2), ClickHouse writer running, alert worker running";
  }

  /**
   * The control-record keys: {@code OBSERA_CONTROL_SIGNING_KEY}, else the key in {@code
   * <data>/control-signing-key}, else a new Ed25519 key written there (0600).
   */
  private ControlTrust controlTrust() {
    String file = Secrets.CONTROL_SIGNING_KEY_FILE;
    KeyPair pair;
    if (config.controlSigningKey().isPresent()) {
      pair = ControlTrust.keyPair(ControlTrust.SIGNING_KEY_ENV, config.controlSigningKey().get());
      secrets.put(file, config.controlSigningKey().get());
    } else {
      Optional<String> stored = secrets.read(file);
      if (stored.isPresent()) {
        pair = ControlTrust.keyPair(config.dataDir().resolve(file).toString(), stored.get());
      } else {
        pair = ControlSignature.generate();
        secrets.put(file, ControlTrust.encodePrivate(pair.getPrivate()));
      }
    }
    return ControlTrust.signing(pair, Clock.systemUTC(), secrets.previousControlKeys());
  }

  /**
   * What every service but the query service holds: the public key only (and the previous one's
   * during a rotation window).
   */
  private ControlTrust verifyingTrust() {
    List<java.security.PublicKey> keys = new java.util.ArrayList<>();
    keys.add(controlTrust.requireSigner().publicKey());
    keys.addAll(secrets.previousControlKeys());
    return ControlTrust.verifying(keys);
  }

  /**
   * Kafka client settings of {@code service}: its own SCRAM user on the embedded broker, the
   * operator's {@code KAFKA_*} settings on an external cluster.
   */
  private Map<String, String> kafkaSettings(KafkaPrincipals.Service service) {
    return kafkaPrincipals == null
        ? config.kafkaOverrides()
        : kafkaPrincipals.clientSettings(service, config.kafkaOverrides());
  }

  /** Settings of a client that creates topics: the broker's super user on the embedded broker. */
  private Map<String, String> adminKafkaSettings() {
    Map<String, String> m = new java.util.HashMap<>(config.kafkaOverrides());
    m.putAll(kafkaSuperUser);
    return m;
  }

  /**
   * Kafka client settings with every right (the embedded broker's super user; on an external
   * cluster the operator's {@code KAFKA_*}): for tools and tests that read or write topics.
   */
  public Map<String, String> kafkaAdminSettings() {
    return adminKafkaSettings();
  }

  /** The control-record keys of this runtime (tools and tests that write control records). */
  public ControlTrust controlKeys() {
    return controlTrust;
  }

  /** Waits for {@code started}; its failure is thrown as it was. */
  private static void join(CompletableFuture<Void> started) {
    try {
      started.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException re ? re : e;
    }
  }

  private void stage(int n, String name, Stage body) {
    stage = n;
    long t0 = System.nanoTime();
    String detail;
    try {
      detail = body.run();
    } catch (StageFailedException e) {
      throw e;
    } catch (Exception e) {
      throw new StageFailedException(n, name + ": " + causes(e), e);
    }
    out.printf("[%d/6] %-32s ok  %s (%.1f s)%n", n, name, detail, (System.nanoTime() - t0) / 1e9);
  }

  /** "outer message: cause message: ..." without repeats, so the real reason is visible. */
  static String causes(Throwable e) {
    StringBuilder sb = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
      if (sb.indexOf(m) < 0) {
        sb.append(sb.length() == 0 ? "" : ": ").append(m);
      }
    }
    return sb.toString();
  }

  @FunctionalInterface
  private interface Stage {
    String run() throws Exception;
  }

  public int otlpHttpPort() {
    return ingest.otlpHttpPort();
  }

  public int otlpGrpcPort() {
    return ingest.otlpGrpcPort();
  }

  public int apiPort() {
    return query.port();
  }

  public String apiKey() {
    return apiKey;
  }

  /** The running probe agents (none when {@code OBSERA_STANDALONE_PROBES=none}). */
  public List<io.obsera.probe.ProbeAgent> probeAgents() {
    return probes == null ? List.of() : probes.agents();
  }

  public String adminToken() {
    return adminToken;
  }

  /**
   * The key (base64) that seals channel secrets, as the query service uses it: {@code
   * OBSERA_SECRET_KEY} or the one kept in {@link StandaloneConfig#secretKeyFile()}. The alert
   * worker must be given the same one.
   */
  public String secretKey() {
    return secretKey;
  }

  public String kafkaBootstrap() {
    return kafkaBootstrap;
  }

  /** The embedded ClickHouse server, if this runtime runs one. */
  public Optional<EmbeddedClickHouse> embeddedClickHouse() {
    return Optional.ofNullable(embeddedClickHouse);
  }

  public ClickHouseSettings clickHouse() {
    return clickHouse;
  }

  public String analystPassword() {
    return analystPassword;
  }

  public String clickHousePlayUrl() {
    return clickHousePlayUrl;
  }

  public StreamsService streams() {
    return streams;
  }

  /** The in-process ClickHouse writer (migrations, inserts, retention). */
  public WriterService writer() {
    return writer;
  }

  /** The in-process alert worker (routing, delivery). */
  public AlertWorker alerts() {
    return alerts;
  }

  /**
   * Stops every started component, newest first. Safe to call twice. The topology's stream threads
   * begin their stop first (their last commit and checkpoints take about a second), so that it
   * overlaps the stop of the alert worker and the services before it.
   */
  @Override
  public synchronized void close() {
    if (streams != null && started.contains(streams)) {
      streams.beginClose();
    }
    while (!started.isEmpty()) {
      AutoCloseable c = started.pop();
      try {
        c.close();
      } catch (Exception e) {
        out.println("warning: stopping " + c.getClass().getSimpleName() + ": " + e.getMessage());
      }
    }
  }
}
