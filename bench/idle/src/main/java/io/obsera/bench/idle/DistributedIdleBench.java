package io.obsera.bench.idle;

import com.fasterxml.jackson.databind.JsonNode;
import io.obsera.bench.BenchRuntime;
import io.obsera.embedded.ChdbLibrary;
import io.obsera.embedded.EmbeddedClickHouse;
import io.obsera.embedded.EmbeddedKafka;
import io.obsera.model.ConfigSupport;
import io.obsera.model.Json;
import io.obsera.platform.control.ControlSignature;
import io.obsera.platform.control.ControlTrust;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
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
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * What an idle distributed layout costs, process by process: every service's own {@code Main}
 * (clickhouse-writer, streams-topology, ingest-bridge, query-service, alert-worker, a probe agent)
 * in a JVM of its own, as compose runs them, against one Kafka broker (embedded in this JVM: its
 * figure is the broker's) and one ClickHouse server (a child of this JVM). One tenant with a key
 * and an endpoint to probe, no traffic. Same settings as {@link IdleBench} ({@code
 * BENCH_IDLE_WARMUP_SECONDS}, {@code BENCH_IDLE_SECONDS}, {@code BENCH_IDLE_WINDOWS}); prints each
 * process's CPU as % of one core, its wakeups (voluntary context switches) per second and its
 * busiest threads, then each service's clean stop time.
 */
public final class DistributedIdleBench {
  static final List<String> MAINS =
      List.of(
          "io.obsera.writer.Main",
          "io.obsera.streams.Main",
          "io.obsera.ingest.Main",
          "io.obsera.query.Main",
          "io.obsera.alert.Main");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private DistributedIdleBench() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> sys = System.getenv();
    int warmUp = ConfigSupport.intVar(sys, "BENCH_IDLE_WARMUP_SECONDS", 60);
    int idle = ConfigSupport.intVar(sys, "BENCH_IDLE_SECONDS", 60);
    int windows = ConfigSupport.intVar(sys, "BENCH_IDLE_WINDOWS", 1);
    PrintStream out = System.out;
    Path dir = BenchRuntime.dataDir("obsera-idle-distributed-");
    out.printf(
        "distributed idle bench: %d x %d s idle after %d s warm-up, %d CPUs, %s%n",
        windows, idle, warmUp, Runtime.getRuntime().availableProcessors(), IdleBench.load());
    Path libchdb = ChdbLibrary.ensure(ChdbLibrary.defaultCacheDir(sys), out::println);
    Map<String, Process> services = new LinkedHashMap<>();
    try (EmbeddedKafka kafka =
            EmbeddedKafka.start(new EmbeddedKafka.Config(dir.resolve("kafka"), "127.0.0.1", 0, 0));
        EmbeddedClickHouse clickHouse =
            EmbeddedClickHouse.start(
                new EmbeddedClickHouse.Config(
                    dir.resolve("clickhouse"),
                    libchdb,
                    "127.0.0.1",
                    0,
                    0,
                    "obsera_admin",
                    UUID.randomUUID().toString(),
                    "obsera_analyst",
                    UUID.randomUUID().toString(),
                    2L << 30),
                line -> {})) {
      int apiPort = freePort();
      int otlpPort = freePort();
      String adminToken = UUID.randomUUID().toString();
      Map<String, String> env = new HashMap<>();
      env.put("OBSERA_KAFKA_BOOTSTRAP", kafka.bootstrapServers());
      env.put("OBSERA_CLICKHOUSE_URL", clickHouse.httpUrl());
      env.put("OBSERA_CLICKHOUSE_USER", clickHouse.adminUser());
      env.put("OBSERA_CLICKHOUSE_PASSWORD", clickHouse.adminPassword());
      env.put("OBSERA_STREAMS_STATE_DIR", dir.resolve("streams").toString());
      env.put("OBSERA_ALERT_STATE_DIR", dir.resolve("alert-worker").toString());
      env.put("OBSERA_BIND", "127.0.0.1");
      env.put("OBSERA_TARGET_ALLOWLIST", "127.0.0.0/8");
      env.put("OBSERA_API_PORT", Integer.toString(apiPort));
      env.put("OBSERA_OTLP_HTTP_PORT", Integer.toString(otlpPort));
      env.put("OBSERA_OTLP_GRPC_PORT", Integer.toString(freePort()));
      env.put("OBSERA_INGEST_INSTANCE_ID", "idle-bench");
      env.put("OBSERA_ADMIN_TOKEN", adminToken);
      env.put("OBSERA_SECRET_KEY", Base64.getEncoder().encodeToString(new byte[32]));
      KeyPair control = ControlSignature.generate();
      env.put(ControlTrust.VERIFY_KEYS_ENV, ControlTrust.encodePublic(control.getPublic()));
      for (String main : MAINS) {
        Map<String, String> own = new HashMap<>(env);
        if (main.equals("io.obsera.query.Main")) {
          own.put(ControlTrust.SIGNING_KEY_ENV, ControlTrust.encodePrivate(control.getPrivate()));
        }
        services.put(serviceName(main), start(main, own, dir));
      }
      String api = "http://127.0.0.1:" + apiPort;
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
      while (status(api, "GET", "/ready", adminToken, null) != 200) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the query service was not ready within 3 minutes");
        }
        Thread.sleep(500);
      }
      // one tenant with a key and an endpoint probed every 30 s, and the probe agent that does it
      call(api, "POST", "/api/v1/admin/tenants", adminToken, "{\"id\":\"idle\",\"name\":\"Idle\"}");
      String key =
          call(
                  api,
                  "POST",
                  "/api/v1/admin/tenants/idle/keys",
                  adminToken,
                  "{\"name\":\"bench\",\"role\":\"ADMIN\"}")
              .get("key")
              .asText();
      String probeKey =
          call(
                  api,
                  "POST",
                  "/api/v1/admin/tenants/idle/keys",
                  adminToken,
                  "{\"name\":\"probe\",\"scopes\":[\"probe\"],\"regions\":[\"eu-west\"]}")
              .get("key")
              .asText();
      call(
          api,
          "PUT",
          "/api/v1/endpoints/api-health",
          key,
          "{\"name\":\"API health\",\"url\":\"" + api + "/health\",\"regions\":[\"eu-west\"]}");
      Map<String, String> probe = new HashMap<>();
      probe.put("OBSERA_PROBE_REGION", "eu-west");
      probe.put("OBSERA_PROBE_KEY", probeKey);
      probe.put("OBSERA_PROBE_AGENT_NAME", "idle-bench-eu-west");
      probe.put("OBSERA_API_URL", api);
      probe.put("OBSERA_INGEST_URL", "http://127.0.0.1:" + otlpPort);
      probe.put("OBSERA_TARGET_ALLOWLIST", "127.0.0.0/8");
      services.put("probe-agent", start("io.obsera.probe.Main", probe, dir));

      long started = System.nanoTime();
      Thread.sleep(warmUp * 1000L);
      Map<String, Sample> before = sample(services, clickHouse.pid());
      for (int w = 1; w <= windows; w++) {
        Thread.sleep(idle * 1000L);
        Map<String, Sample> after = sample(services, clickHouse.pid());
        double wall = System.nanoTime() - started;
        out.printf(
            "window %d: %.0f-%.0f s after the services started (%s)%n",
            w, (wall - idle * 1e9) / 1e9, wall / 1e9, IdleBench.load());
        double total = 0;
        for (Map.Entry<String, Sample> e : after.entrySet()) {
          Sample b = before.get(e.getKey());
          if (b == null) {
            continue;
          }
          double seconds = (e.getValue().wallNanos - b.wallNanos) / 1e9;
          double cpu = 100 * (e.getValue().cpuNanos - b.cpuNanos) / 1e9 / seconds;
          total += cpu;
          out.printf(
              "  %-28s %5.2f%% of one core, %4.0f wakeups/s; busiest threads: %s%n",
              e.getKey(),
              cpu,
              (sum(e.getValue().wakeups) - sum(b.wakeups)) / seconds,
              busiest(e.getValue().threadNanos, b.threadNanos, seconds));
        }
        out.printf("  %-28s %5.2f%% of one core%n", "all processes", total);
        before = after;
      }
      for (Map.Entry<String, Process> e : services.entrySet()) {
        long t0 = System.nanoTime();
        e.getValue().destroy();
        boolean stopped = e.getValue().waitFor(60, TimeUnit.SECONDS);
        out.printf(
            "clean stop of %s: %s%n",
            e.getKey(),
            stopped
                ? String.format(
                    "%.1f s (exit %d)", (System.nanoTime() - t0) / 1e9, e.getValue().exitValue())
                : "still running after 60 s");
      }
    } finally {
      services.values().forEach(Process::destroyForcibly);
    }
  }

  /** One process's CPU, wakeups and per-thread CPU at one instant. */
  record Sample(
      long wallNanos, long cpuNanos, Map<String, Long> wakeups, Map<String, Long> threadNanos) {}

  private static Map<String, Sample> sample(Map<String, Process> services, long clickHousePid) {
    Map<String, Sample> out = new LinkedHashMap<>();
    services.forEach((name, p) -> out.put(name, sample(p.pid())));
    out.put("Kafka broker (bench JVM)", sample(ProcessHandle.current().pid()));
    out.put("ClickHouse", sample(clickHousePid));
    return out;
  }

  private static Sample sample(long pid) {
    Path tasks = NativeThreads.tasks(Long.toString(pid));
    Map<String, Long> threads = NativeThreads.cpuByName(tasks);
    return new Sample(
        System.nanoTime(),
        threads.values().stream().mapToLong(Long::longValue).sum(),
        NativeThreads.wakeupsByName(tasks),
        threads);
  }

  private static long sum(Map<String, Long> m) {
    return m.values().stream().mapToLong(Long::longValue).sum();
  }

  private static String busiest(Map<String, Long> now, Map<String, Long> before, double seconds) {
    return now.entrySet().stream()
        .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
        .filter(e -> e.getValue() > 0)
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(5)
        .map(e -> String.format("%s %.2f%%", e.getKey(), 100 * e.getValue() / 1e9 / seconds))
        .collect(Collectors.joining(", "));
  }

  private static String serviceName(String main) {
    return switch (main.split("\\.")[2]) {
      case "writer" -> "clickhouse-writer";
      case "streams" -> "streams-topology";
      case "ingest" -> "ingest-bridge";
      case "query" -> "query-service";
      case "alert" -> "alert-worker";
      default -> main;
    };
  }

  private static Process start(String main, Map<String, String> env, Path dir) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command =
        new ArrayList<>(
            List.of(java, "-Xmx384m", "-cp", System.getProperty("java.class.path"), main));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().putAll(env);
    pb.redirectErrorStream(true);
    pb.redirectOutput(dir.resolve(main.split("\\.")[2] + ".log").toFile());
    return pb.start();
  }

  private static int status(String api, String method, String path, String token, String body) {
    try {
      return send(api, method, path, token, body).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static JsonNode call(String api, String method, String path, String token, String body)
      throws IOException, InterruptedException {
    HttpResponse<String> r = send(api, method, path, token, body);
    if (r.statusCode() / 100 != 2) {
      throw new IllegalStateException(method + " " + path + ": " + r.statusCode() + " " + r.body());
    }
    return Json.MAPPER.readTree(r.body());
  }

  private static HttpResponse<String> send(
      String api, String method, String path, String token, String body)
      throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(api + path))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(20))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
