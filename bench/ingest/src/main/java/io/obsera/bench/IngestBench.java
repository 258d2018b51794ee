package io.obsera.bench;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.data.ClickHouseFormat;
import io.obsera.ingest.translate.Fragment;
import io.obsera.ingest.translate.TraceFragmenter;
import io.obsera.schema.ClickHouseClients;
import io.obsera.standalone.Standalone;
import io.obsera.standalone.StandaloneConfig;
import io.obsera.streams.sink.RowBinaryBatches;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ingest benchmark. Starts the standalone runtime in a temporary data directory, sends realistic
 * OTLP/HTTP protobuf exports from several threads, and prints: spans/s accepted (200 after Kafka
 * acks), spans/s landed in ClickHouse (end to end), and, in the same run, spans/s of inserting the
 * same rows straight into ClickHouse with RowBinary (the physical limit on this machine) and the
 * ratio. Settings: {@code BENCH_SPANS} (default 400000), {@code BENCH_THREADS} (8), {@code
 * BENCH_BATCH} (512 spans per request).
 */
public final class IngestBench {
  private IngestBench() {}

  public static void main(String[] args) throws Exception {
    int totalSpans = Integer.parseInt(System.getenv().getOrDefault("BENCH_SPANS", "400000"));
    int threads = Integer.parseInt(System.getenv().getOrDefault("BENCH_THREADS", "8"));
    int batch = Integer.parseInt(System.getenv().getOrDefault("BENCH_BATCH", "512"));
    PrintStream out = System.out;
    Path dataDir = Files.createTempDirectory("obsera-bench-");
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("OBSERA_DATA_DIR", dataDir.toString());
    for (String port : StandaloneConfig.PORT_VARIABLES) {
      env.put(port, "0");
    }
    System.setProperty("java.io.tmpdir", dataDir.toString());
    out.printf(
        "bench: %d spans, %d sender threads, %d spans per request, data in %s%n",
        totalSpans, threads, batch, dataDir);
    try (Standalone obsera = Standalone.start(StandaloneConfig.fromEnv(env), out);
        Client ch = ClickHouseClients.create(obsera.clickHouse())) {
      int requests = totalSpans / batch;
      List<byte[]> bodies = new ArrayList<>(requests);
      SpanGenerator gen = new SpanGenerator(42);
      long now = System.currentTimeMillis() * 1_000_000L;
      for (int i = 0; i < requests; i++) {
        bodies.add(gen.request(batch, now).toByteArray());
      }
      long spans = (long) requests * batch;
      long bytes = bodies.stream().mapToLong(b -> b.length).sum();
      out.printf("bench: generated %d requests (%.1f MB of protobuf)%n", requests, bytes / 1e6);

      // 1. Through Obsera: OTLP/HTTP -> Kafka (acked) -> writer -> ClickHouse.
      String url = "http://127.0.0.1:" + obsera.otlpHttpPort() + "/v1/traces";
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      AtomicLong next = new AtomicLong();
      AtomicLong failed = new AtomicLong();
      long t0 = System.nanoTime();
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        fs.add(
            pool.submit(
                () -> {
                  for (long i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                    HttpRequest req =
                        HttpRequest.newBuilder(URI.create(url))
                            .header("Content-Type", "application/x-protobuf")
                            .header("Authorization", "Bearer " + obsera.apiKey())
                            .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get((int) i)))
                            .build();
                    try {
                      HttpResponse<Void> r = http.send(req, HttpResponse.BodyHandlers.discarding());
                      if (r.statusCode() != 200) {
                        failed.incrementAndGet();
                      }
                    } catch (Exception e) {
                      failed.incrementAndGet();
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : fs) {
        f.get();
      }
      pool.shutdown();
      double acceptSeconds = (System.nanoTime() - t0) / 1e9;
      long landed = 0;
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
      while (landed < spans && System.nanoTime() < deadline) {
        landed = count(ch, "otel_traces");
        if (landed < spans) {
          Thread.sleep(100);
        }
      }
      double landSeconds = (System.nanoTime() - t0) / 1e9;

      // 2. The physical limit: the same rows inserted straight into ClickHouse, RowBinary.
      ch.execute("CREATE TABLE IF NOT EXISTS bench_direct AS otel_traces").get().close();
      List<byte[]> rowBatches = new ArrayList<>();
      List<byte[]> pending = new ArrayList<>();
      int pendingSpans = 0;
      for (byte[] body : bodies) {
        for (Fragment f :
            TraceFragmenter.fragment("default", ExportTraceServiceRequest.parseFrom(body))
                .fragments()) {
          pending.add(f.value());
        }
        pendingSpans += batch;
        if (pendingSpans >= 50_000) {
          rowBatches.add(RowBinaryBatches.spans("default", pending));
          pending = new ArrayList<>();
          pendingSpans = 0;
        }
      }
      if (!pending.isEmpty()) {
        rowBatches.add(RowBinaryBatches.spans("default", pending));
      }
      long t1 = System.nanoTime();
      for (byte[] rows : rowBatches) {
        ch.insert(
                "bench_direct",
                RowBinaryBatches.spanColumns(),
                new ByteArrayInputStream(rows),
                ClickHouseFormat.RowBinary,
                new InsertSettings())
            .get(5, TimeUnit.MINUTES)
            .close();
      }
      double directSeconds = (System.nanoTime() - t1) / 1e9;
      long direct = count(ch, "bench_direct");

      out.println();
      out.printf(
          "accepted (200 after Kafka ack): %,12.0f spans/s  (%d spans in %.2f s, %d failed requests)%n",
          spans / acceptSeconds, spans, acceptSeconds, failed.get());
      out.printf(
          "landed in ClickHouse (e2e):     %,12.0f spans/s  (%d of %d rows in %.2f s)%n",
          landed / landSeconds, landed, spans, landSeconds);
      out.printf(
          "direct RowBinary insert:        %,12.0f spans/s  (%d rows in %.2f s)%n",
          direct / directSeconds, direct, directSeconds);
      out.printf(
          "ratio landed / direct:          %12.2f%n",
          (landed / landSeconds) / (direct / directSeconds));
      out.printf(
          "ratio accepted / direct:        %12.2f%n",
          (spans / acceptSeconds) / (direct / directSeconds));
    }
  }

  private static long count(Client ch, String table) {
    return ch.queryAll("SELECT count() AS c FROM " + table).get(0).getLong("c");
  }
}
