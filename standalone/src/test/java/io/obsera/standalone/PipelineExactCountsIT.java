package io.obsera.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.clickhouse.client.api.Client;
import io.obsera.ingest.IngestConfig;
import io.obsera.ingest.IngestService;
import io.obsera.model.ClickHouseSettings;
import io.obsera.model.Topics;
import io.obsera.model.control.Scope;
import io.obsera.platform.kafka.TopicProvisioner;
import io.obsera.schema.ClickHouseClients;
import io.obsera.streams.StreamsService;
import io.obsera.streams.StreamsServiceConfig;
import io.obsera.testing.ObseraServersExtension;
import io.obsera.testing.OtelSdkClient;
import io.obsera.testing.SharedServers;
import io.obsera.testing.TestClickHouse;
import io.obsera.testing.TestControlKeys;
import io.obsera.testing.TestKafka;
import io.obsera.testing.TestTenants;
import io.obsera.writer.WriterService;
import io.obsera.writer.WriterServiceConfig;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * 100,000 spans, with logs and every metric type the OpenTelemetry Java SDK produces, sent by the
 * real SDK exporters (OTLP/HTTP protobuf, batch processors) through the real ingest bridge, Kafka,
 * the topology and the writer: every table holds exactly what the exporters had accepted.
 */
@ExtendWith(ObseraServersExtension.class)
class PipelineExactCountsIT {
  static final int TRACES = 10_000;
  static final int SPANS_PER_TRACE = 10;
  static final int SERIES = 25;
  static final int METRIC_EXPORTS = 3;

  @Test
  void should_landExactlyWhatTheSdkSent_inEveryTable() throws Exception {
    String kafka = SharedServers.kafkaBootstrap();
    TopicProvisioner.ensure(kafka, Map.of(), Topics.all(2));
    String tenant = TestKafka.uniqueName("exact");
    String key = TestTenants.createWithKey(kafka, tenant, Set.of(Scope.INGEST)).token();
    String db = TestClickHouse.createDatabase("exact");
    SharedServers.ClickHouseEndpoint e = SharedServers.clickHouse();
    ClickHouseSettings settings = new ClickHouseSettings(e.httpUrl(), e.user(), e.password(), db);
    try (StreamsService streams =
            new StreamsService(
                StreamsServiceConfig.of(
                    kafka,
                    TestKafka.uniqueName("exact-streams"),
                    Files.createTempDirectory("exact-state"),
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(60),
                    TestControlKeys.verifying()));
        WriterService writer =
            new WriterService(
                WriterServiceConfig.of(
                    kafka,
                    TestKafka.uniqueName("exact-writer"),
                    settings,
                    TestControlKeys.verifying()));
        IngestService ingest =
            new IngestService(
                IngestConfig.of(
                    "127.0.0.1",
                    0,
                    kafka,
                    TestKafka.uniqueName("exact-ingest"),
                    TestControlKeys.verifying()));
        Client ch = ClickHouseClients.create(settings)) {
      writer.migrate();
      streams.start();
      writer.start();
      ingest.start();
      OtelSdkClient sdk =
          OtelSdkClient.batching("http://127.0.0.1:" + ingest.otlpHttpPort(), key, "checkout");
      SdkLoad.send(sdk, TRACES, SPANS_PER_TRACE, SERIES, METRIC_EXPORTS);
      sdk.close();
      SentCounts sent = SentCounts.of(sdk, TRACES);
      assertThat(sent.spans()).isEqualTo((long) TRACES * SPANS_PER_TRACE);
      assertThat(sent.logs()).isEqualTo(TRACES);
      PipelineCounts counts = new PipelineCounts(ch, db, tenant);

      await()
          .atMost(Duration.ofMinutes(4))
          .pollInterval(Duration.ofSeconds(1))
          .untilAsserted(() -> counts.assertExactly(sent));
      assertThat(writer.writer().lastError()).isNull();
      assertThat(sent.points(MetricDataType.EXPONENTIAL_HISTOGRAM)).isPositive();
    }
  }
}
