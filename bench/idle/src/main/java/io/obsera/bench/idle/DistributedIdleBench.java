package io.obsera.bench.idle;

import com.fasterxml.jackson.databind.JsonNode;
import io.obsera.bench.BenchRuntime;
import io.obsera.model.Json;
import io.obsera.testing.DistributedLayout;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
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
  private DistributedIdleBench() {}

  public static void main(String[] args) throws Exception {
    IdleSettings settings = IdleSettings.fromEnv(System.getenv());
    int warmUp = settings.warmUpSeconds();
    int idle = settings.idleSeconds();
    int windows = settings.windows();
    PrintStream out = System.out;
    Path dir = BenchRuntime.dataDir("obsera-idle-distributed-");
    out.println(settings.banner("distributed idle bench"));
    try (DistributedLayout layout =
        DistributedLayout.start(dir, Map.of("OBSERA_TARGET_ALLOWLIST", "127.0.0.0/8"))) {
      layout.awaitReady(Duration.ofMinutes(3));
      String adminToken = layout.adminToken();
      // one tenant with a key and an endpoint probed every 30 s, and the probe agent that does it
      call(
          layout,
          "POST",
          "/api/v1/admin/tenants",
          adminToken,
          "{\"id\":\"idle\",\"name\":\"Idle\"}");
      String key =
          call(
                  layout,
                  "POST",
                  "/api/v1/admin/tenants/idle/keys",
                  adminToken,
                  "{\"name\":\"bench\",\"role\":\"ADMIN\"}")
              .get("key")
              .asText();
      String probeKey =
          call(
                  layout,
                  "POST",
                  "/api/v1/admin/tenants/idle/keys",
                  adminToken,
                  "{\"name\":\"probe\",\"scopes\":[\"probe\"],\"regions\":[\"eu-west\"]}")
              .get("key")
              .asText();
      call(
          layout,
          "PUT",
          "/api/v1/endpoints/api-health",
          key,
          "{\"name\":\"API health\",\"url\":\""
              + layout.apiUrl()
              + "/health\",\"regions\":[\"eu-west\"]}");
      layout.startProcess(
          "probe-agent",
          "io.obsera.probe.Main",
          Map.of(
              "OBSERA_PROBE_REGION",
              "eu-west",
              "OBSERA_PROBE_KEY",
              probeKey,
              "OBSERA_PROBE_AGENT_NAME",
              "idle-bench-eu-west",
              "OBSERA_API_URL",
              layout.apiUrl(),
              "OBSERA_INGEST_URL",
              layout.otlpHttpUrl(),
              "OBSERA_TARGET_ALLOWLIST",
              "127.0.0.0/8"));
      Map<String, Process> services = layout.processes();
      long clickHousePid = clickHousePid();

      long started = System.nanoTime();
      Thread.sleep(warmUp * 1000L);
      Map<String, Sample> before = sample(services, clickHousePid);
      for (int w = 1; w <= windows; w++) {
        Thread.sleep(idle * 1000L);
        Map<String, Sample> after = sample(services, clickHousePid);
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
      for (String name : services.keySet()) {
        long t0 = System.nanoTime();
        boolean stopped = layout.stop(name, Duration.ofSeconds(60));
        out.printf(
            "clean stop of %s: %s%n",
            name,
            stopped
                ? String.format("%.1f s", (System.nanoTime() - t0) / 1e9)
                : "still running after 60 s");
      }
    }
    // the shared broker and ClickHouse stop at exit (their threads would keep this JVM alive)
    System.exit(0);
  }

  /** The embedded ClickHouse server: the child process of this JVM that runs it. */
  private static long clickHousePid() {
    return ProcessHandle.current()
        .descendants()
        .filter(p -> p.info().commandLine().orElse("").contains("ClickHouseServerMain"))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no ClickHouse child process"))
        .pid();
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

  private static JsonNode call(
      DistributedLayout layout, String method, String path, String token, String body)
      throws IOException, InterruptedException {
    HttpResponse<String> r = layout.send(method, path, token, body);
    if (r.statusCode() / 100 != 2) {
      throw new IllegalStateException(method + " " + path + ": " + r.statusCode() + " " + r.body());
    }
    return Json.MAPPER.readTree(r.body());
  }
}
