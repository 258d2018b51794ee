package io.obsera.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.GenericRecord;
import io.obsera.embedded.EmbeddedClickHouse;
import io.obsera.schema.ClickHouseClients;
import io.obsera.testing.OtelSdkClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The embedded ClickHouse child killed with SIGKILL under load from the OpenTelemetry SDK: the
 * runtime starts it again by itself, {@code /ready} names ClickHouse while it is down and is 200
 * again within 15 s, and every span the exporter had accepted is stored exactly once (Kafka holds
 * them meanwhile, the writer catches up).
 */
class ClickHouseSupervisionRestartIT {
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final int TRACES = 6_000;
  static final int SPANS_PER_TRACE = 5;
  static final int TRACES_PER_SECOND = 300;

  Standalone obsera;
  OtelSdkClient sdk;

  @BeforeEach
  void start() throws Exception {
    Path dataDir = Files.createTempDirectory(Path.of("target"), "supervise-it-");
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("OBSERA_DATA_DIR", dataDir.toString());
    for (String port : StandaloneConfig.PORT_VARIABLES) {
      env.put(port, "0");
    }
    env.put("OBSERA_STANDALONE_PROBES", "none");
    env.remove("OBSERA_API_KEY");
    env.remove("OBSERA_ADMIN_TOKEN");
    env.remove("OBSERA_CLICKHOUSE_URL");
    env.remove("OBSERA_KAFKA_BOOTSTRAP");
    obsera = Standalone.start(StandaloneConfig.fromEnv(env), System.out);
    sdk =
        OtelSdkClient.batching(
            "http://127.0.0.1:" + obsera.otlpHttpPort(), obsera.apiKey(), "supervised");
  }

  @AfterEach
  void stop() {
    if (sdk != null) {
      sdk.close();
    }
    if (obsera != null) {
      obsera.close();
    }
  }

  @Test
  void should_restartClickHouseAndStoreEverySpanOnce_whenTheChildIsKilledUnderLoad()
      throws Exception {
    EmbeddedClickHouse clickHouse = obsera.embeddedClickHouse().orElseThrow();
    long firstPid = clickHouse.pid();
    CompletableFuture<Void> load =
        CompletableFuture.runAsync(
            () -> SdkLoad.send(sdk, TRACES, SPANS_PER_TRACE, 10, 3, TRACES_PER_SECOND));
    try (Client ch = ClickHouseClients.create(obsera.clickHouse())) {
      await()
          .atMost(Duration.ofMinutes(1))
          .ignoreExceptions()
          .until(() -> spans(ch).getLong("n") > 0);
      assertThat(load).as("the kill comes mid-load").isNotDone();

      AtomicBoolean namedClickHouse = new AtomicBoolean();
      long killed = System.nanoTime();
      assertThat(ProcessHandle.of(firstPid).orElseThrow().destroyForcibly()).isTrue();
      await()
          .atMost(Duration.ofSeconds(15))
          .pollInterval(Duration.ofMillis(20))
          .until(
              () -> {
                HttpResponse<String> ready = get("/ready");
                if (ready.statusCode() == 503 && ready.body().contains("clickhouse")) {
                  namedClickHouse.set(true);
                }
                return namedClickHouse.get()
                    && ready.statusCode() == 200
                    && get("/health").statusCode() == 200;
              });
      long recoveryMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
      System.out.println(
          "[supervise-it] healthy and ready again " + recoveryMs + " ms after kill -9");
      assertThat(clickHouse.pid()).as("a new child process").isNotEqualTo(firstPid);
      assertThat(clickHouse.crashRestarts()).isEqualTo(1);
      assertThat(clickHouse.down()).isEmpty();

      load.get(5, TimeUnit.MINUTES);
      sdk.flush();
      long accepted = sdk.exportedSpans();
      assertThat(accepted).isEqualTo((long) TRACES * SPANS_PER_TRACE);
      assertThat(sdk.exportsFailed()).isZero();
      await()
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofSeconds(1))
          .ignoreExceptions()
          .untilAsserted(
              () -> {
                GenericRecord spans = spans(ch);
                assertThat(spans.getLong("u")).as("distinct spans").isEqualTo(accepted);
                assertThat(spans.getLong("n")).as("rows").isEqualTo(accepted);
              });
    }
  }

  GenericRecord spans(Client ch) {
    return ch.queryAll(
            "SELECT count() AS n, uniqExact(TraceId, SpanId) AS u FROM obsera.otel_traces"
                + " WHERE TenantId = 'default' AND ServiceName = 'supervised'")
        .get(0);
  }

  HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + obsera.apiPort() + path))
            .timeout(Duration.ofSeconds(5))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
