package io.obsera.testing;

import io.obsera.platform.control.ControlSignature;
import io.obsera.platform.control.ControlTrust;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * The distributed layout, as compose runs it but without containers: every service's own {@code
 * Main} (clickhouse-writer, streams-topology, ingest-bridge, query-service, alert-worker) in a JVM
 * of its own (this JVM's class path), against the shared Kafka broker and ClickHouse server ({@link
 * SharedServers}) with a database, application ids and ports of its own. Only the query service
 * holds the control-record signing key; every service trusts its public key.
 */
public final class DistributedLayout implements AutoCloseable {
  /** The service names, in start order, and their main classes. */
  public static final Map<String, String> SERVICES = services();

  private final Path dir;
  private final Map<String, String> env = new HashMap<>();
  private final Map<String, Process> processes = new LinkedHashMap<>();
  private final int apiPort;
  private final int otlpPort;
  private final String adminToken;

  private DistributedLayout(Path dir, Map<String, String> settings) throws IOException {
    this.dir = dir;
    SharedServers.ClickHouseEndpoint ch = SharedServers.clickHouse();
    apiPort = freePort();
    otlpPort = freePort();
    adminToken = "distributed-admin-token-" + dir.getFileName();
    env.put("OBSERA_KAFKA_BOOTSTRAP", SharedServers.kafkaBootstrap());
    env.put("OBSERA_CLICKHOUSE_URL", ch.httpUrl());
    env.put("OBSERA_CLICKHOUSE_USER", ch.user());
    env.put("OBSERA_CLICKHOUSE_PASSWORD", ch.password());
    env.put("OBSERA_CLICKHOUSE_DATABASE", TestClickHouse.createDatabase("distributed"));
    env.put("OBSERA_STREAMS_APPLICATION_ID", TestKafka.uniqueName("distributed-streams"));
    env.put("OBSERA_ALERT_APPLICATION_ID", TestKafka.uniqueName("distributed-alerts"));
    env.put("OBSERA_STREAMS_STATE_DIR", dir.resolve("streams").toString());
    env.put("OBSERA_ALERT_STATE_DIR", dir.resolve("alert-worker").toString());
    env.put("OBSERA_BIND", "127.0.0.1");
    env.put("OBSERA_API_PORT", Integer.toString(apiPort));
    env.put("OBSERA_OTLP_HTTP_PORT", Integer.toString(otlpPort));
    env.put("OBSERA_OTLP_GRPC_PORT", Integer.toString(freePort()));
    env.put("OBSERA_INGEST_INSTANCE_ID", "distributed-" + dir.getFileName());
    env.put("OBSERA_ADMIN_TOKEN", adminToken);
    env.put("OBSERA_SECRET_KEY", Base64.getEncoder().encodeToString(new byte[32]));
    env.putAll(settings);
  }

  /**
   * Starts every service; {@code settings} are added to (or replace) each one's environment. Logs
   * go to {@code dir/<service>.log}. Call {@link #awaitReady} before use.
   */
  public static DistributedLayout start(Path dir, Map<String, String> settings) throws IOException {
    DistributedLayout layout = new DistributedLayout(dir, settings);
    KeyPair control = ControlSignature.generate();
    layout.env.put(ControlTrust.VERIFY_KEYS_ENV, ControlTrust.encodePublic(control.getPublic()));
    try {
      for (Map.Entry<String, String> service : SERVICES.entrySet()) {
        Map<String, String> own = new HashMap<>(layout.env);
        if (service.getKey().equals("query-service")) {
          own.put(ControlTrust.SIGNING_KEY_ENV, ControlTrust.encodePrivate(control.getPrivate()));
        }
        layout.startProcess(service.getKey(), service.getValue(), own);
      }
    } catch (IOException | RuntimeException e) {
      layout.close();
      throw e;
    }
    return layout;
  }

  /** Starts one more process (e.g. a probe agent) from this class path, stopped by close(). */
  public Process startProcess(String name, String mainClass, Map<String, String> environment)
      throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of(java, "-Xmx384m", "-XX:-UsePerfData"));
    // as the containers run them (compose/service.Dockerfile); a bench's logging config too
    String logback = System.getProperty("logback.configurationFile");
    if (logback != null) {
      command.add("-Dlogback.configurationFile=" + logback);
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().putAll(environment);
    pb.redirectErrorStream(true);
    pb.redirectOutput(dir.resolve(name + ".log").toFile());
    Process p = pb.start();
    processes.put(name, p);
    return p;
  }

  /**
   * Waits until the query service's {@code /ready} answers 200 (what the compose health check asks:
   * ClickHouse, the schema applied by the writer's process, Kafka, the control plane).
   */
  public void awaitReady(Duration timeout) {
    Awaitility.await("the query service's /ready (logs in " + dir + ")")
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions() // not listening yet
        .until(() -> send("GET", "/ready", adminToken, null).statusCode() == 200);
  }

  /** A request to the query service's API with {@code token} as the Bearer token. */
  public HttpResponse<String> send(String method, String path, String token, String body)
      throws IOException, InterruptedException {
    return TestApi.call(method, apiUrl() + path, token, body);
  }

  public String apiUrl() {
    return "http://127.0.0.1:" + apiPort;
  }

  public String otlpHttpUrl() {
    return "http://127.0.0.1:" + otlpPort;
  }

  public String adminToken() {
    return adminToken;
  }

  public Path dir() {
    return dir;
  }

  /** The running processes by service name, in start order. */
  public Map<String, Process> processes() {
    return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(processes));
  }

  /**
   * Stops {@code name} as a process supervisor would (SIGTERM) and waits for it.
   *
   * @return whether it exited within {@code timeout}
   */
  public boolean stop(String name, Duration timeout) throws InterruptedException {
    Process p = processes.get(name);
    p.destroy();
    return p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    processes.values().forEach(Process::destroy);
    for (Process p : processes.values()) {
      try {
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  private static Map<String, String> services() {
    Map<String, String> m = new LinkedHashMap<>();
    List.of(
            List.of("clickhouse-writer", "io.obsera.writer.Main"),
            List.of("streams-topology", "io.obsera.streams.Main"),
            List.of("ingest-bridge", "io.obsera.ingest.Main"),
            List.of("query-service", "io.obsera.query.Main"),
            List.of("alert-worker", "io.obsera.alert.Main"))
        .forEach(s -> m.put(s.get(0), s.get(1)));
    return java.util.Collections.unmodifiableMap(m);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
