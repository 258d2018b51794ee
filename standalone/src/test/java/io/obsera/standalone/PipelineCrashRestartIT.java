package io.obsera.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.clickhouse.client.api.Client;
import io.obsera.embedded.EmbeddedClickHouse;
import io.obsera.embedded.EmbeddedKafka;
import io.obsera.ingest.IngestConfig;
import io.obsera.ingest.IngestService;
import io.obsera.model.Topics;
import io.obsera.model.control.Scope;
import io.obsera.platform.control.ControlTrust;
import io.obsera.platform.kafka.TopicProvisioner;
import io.obsera.schema.ClickHouseClients;
import io.obsera.testing.OtelSdkClient;
import io.obsera.testing.OwnServers;
import io.obsera.testing.TestControlKeys;
import io.obsera.testing.TestTenants;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Crashes under load, on servers of its own: the processes running the topology and the writer (as
 * distributed, one each) are killed with SIGKILL while OpenTelemetry SDK exporters keep sending
 * through the ingest bridge, and ClickHouse is stopped for a while. After restarts every table
 * holds exactly what the exporters had accepted: no row lost, none twice.
 */
class PipelineCrashRestartIT {
  static final int TRACES = 10_000;
  static final int SPANS_PER_TRACE = 10;
  static final int TRACES_PER_SECOND = 500;
  static final String TENANT = "crash";

  Path dir;
  EmbeddedKafka kafka;
  EmbeddedClickHouse.Config chConfig;
  EmbeddedClickHouse clickHouse;
  IngestService ingest;
  PipelineChildProcesses streams;
  int launches;
  Client ch;
  OtelSdkClient sdk;
  ExecutorService loader = Executors.newSingleThreadExecutor();

  @BeforeEach
  void start() throws Exception {
    dir = Files.createTempDirectory(Path.of("target"), "crash-").toAbsolutePath();
    kafka = OwnServers.startKafka(dir.resolve("kafka"));
    chConfig = OwnServers.clickHouseConfig(dir.resolve("clickhouse"));
    clickHouse = OwnServers.startClickHouse(chConfig);
    TopicProvisioner.ensure(kafka.bootstrapServers(), Map.of(), Topics.all(3));
    String key =
        TestTenants.createWithKey(kafka.bootstrapServers(), TENANT, Set.of(Scope.INGEST)).token();
    launchStreams();
    ingest =
        new IngestService(
                IngestConfig.of(
                    "127.0.0.1", 0, kafka.bootstrapServers(), "crash", TestControlKeys.verifying()))
            .start();
    ch = ClickHouseClients.create(OwnServers.clickHouseSettings(chConfig, "obsera"));
    sdk = OtelSdkClient.batching("http://127.0.0.1:" + ingest.otlpHttpPort(), key, "checkout");
  }

  @AfterEach
  void stop() throws Exception {
    loader.shutdownNow();
    sdk.close();
    ingest.close();
    streams.close();
    ch.close();
    clickHouse.close();
    kafka.close();
  }

  void launchStreams() throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("OBSERA_KAFKA_BOOTSTRAP", kafka.bootstrapServers());
    env.put("OBSERA_KAFKA_PARTITIONS", "3");
    env.put(
        ControlTrust.VERIFY_KEYS_ENV,
        ControlTrust.encodePublic(TestControlKeys.pair().getPublic()));
    env.put("OBSERA_CLICKHOUSE_URL", "http://127.0.0.1:" + chConfig.httpPort());
    env.put("OBSERA_CLICKHOUSE_USER", OwnServers.CLICKHOUSE_ADMIN);
    env.put("OBSERA_CLICKHOUSE_PASSWORD", OwnServers.CLICKHOUSE_ADMIN_PASSWORD);
    env.put("OBSERA_CLICKHOUSE_DATABASE", "obsera");
    env.put("OBSERA_STREAMS_STATE_DIR", dir.resolve("streams").toString());
    env.put("OBSERA_STREAMS_COMMIT_MS", "100");
    env.put("OBSERA_WRITER_BATCH_ROWS", "5000");
    env.put("OBSERA_WRITER_FLUSH_MS", "200");
    env.put("OBSERA_TRACE_SESSION_GAP_MS", "1000");
    env.put("KAFKA_SESSION_TIMEOUT_MS", "6000");
    streams = PipelineChildProcesses.launch(env, dir, "run-" + ++launches);
  }

  Future<?> startLoad() {
    return loader.submit(
        () -> SdkLoad.send(sdk, TRACES, SPANS_PER_TRACE, 25, 3, TRACES_PER_SECOND));
  }

  long landedSpans() {
    return new PipelineCounts(ch, "obsera", TENANT).count("otel_traces");
  }

  /** Waits until rows are landing and this share of the load was accepted by ingest. */
  void awaitProgress(double share) {
    await().atMost(Duration.ofMinutes(2)).ignoreExceptions().until(() -> landedSpans() > 0);
    awaitSent(share);
  }

  /** Waits until this share of the load was accepted (thresholds on what was sent, not landed). */
  void awaitSent(double share) {
    await()
        .atMost(Duration.ofMinutes(2))
        .until(() -> sdk.exportedSpans() >= share * TRACES * SPANS_PER_TRACE);
  }

  /** The crash comes mid-load; a load that ended early fails with its own cause. */
  static void assertStillLoading(Future<?> load) throws Exception {
    if (load.isDone()) {
      load.get();
    }
    assertThat(load.isDone()).as("the load is still running").isFalse();
  }

  void assertEverythingLandsOnce(Future<?> load) throws Exception {
    load.get(5, TimeUnit.MINUTES);
    sdk.close();
    SentCounts sent = SentCounts.of(sdk, TRACES);
    assertThat(sent.spans()).isEqualTo((long) TRACES * SPANS_PER_TRACE);
    PipelineCounts counts = new PipelineCounts(ch, "obsera", TENANT);
    await()
        .atMost(Duration.ofMinutes(4))
        .pollInterval(Duration.ofSeconds(1))
        .ignoreExceptions()
        .untilAsserted(() -> counts.assertExactly(sent));
    assertThat(streams.alive()).isTrue();
  }

  @Test
  void should_landEveryRowOnce_whenTheTopologyAndWriterProcessIsKilledMidLoad() throws Exception {
    Future<?> load = startLoad();
    awaitProgress(0.3);
    assertStillLoading(load);

    streams.kill();
    launchStreams();

    assertEverythingLandsOnce(load);
  }

  @Test
  void should_landEveryRowOnce_whenClickHouseStopsUnderLoad_andTheWriterIsKilledMeanwhile()
      throws Exception {
    Future<?> load = startLoad();
    awaitProgress(0.2);

    clickHouse.close();
    // Ingest keeps accepting while ClickHouse is down; the writer retries its recorded cuts.
    awaitSent(0.45);
    streams.kill();
    awaitSent(0.7);
    assertStillLoading(load);
    clickHouse = OwnServers.startClickHouse(chConfig);
    launchStreams();

    assertEverythingLandsOnce(load);
  }
}
